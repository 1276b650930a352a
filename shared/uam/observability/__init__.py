"""Logs, metrics and traces for every Lambda function, all through Powertools.

- `metrics`: the "UAM" namespace, the metric names, run counters any code may emit, and the
  per-invocation set (stage durations, ingest volume) that a handler flushes.
- `logs`: the JSON logger a function uses, also for the stdlib loggers under `uam`, and the
  keys that tie one SQS record's lines together.
- `tracing`: X-Ray for a handler and its AWS calls (needs aws-xray-sdk: image functions only).
- `handlers` (run stages) and `api` (Mangum functions): the wrappers an `app.py` uses, so a
  handler stays one line.

Importing this package imports nothing; shared code imports `uam.observability.metrics` only.
"""
