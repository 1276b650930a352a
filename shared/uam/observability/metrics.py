"""CloudWatch metrics as Embedded Metric Format lines on stdout (Powertools writes them).

Two ways in, both Powertools':
- `count(RUNS_STARTED)` writes one metric at once (`EphemeralMetrics`). For run outcomes, which
  shared code reaches from the API as well as from a stage, where nothing flushes for it.
- `metrics.add_metric(...)` adds to the invocation's set, which the handler's
  `metrics.log_metrics` writes as one line when it returns (stage durations, ingest volume).

Every metric has the dimension `service` ("uam"); stage metrics add `stage`. Outside Lambda
the lines go to stdout like any print (the local stack's function log, pytest's capture).
"""

import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aws_lambda_powertools.metrics import EphemeralMetrics, Metrics, MetricUnit

NAMESPACE = "UAM"
SERVICE = "uam"

RUNS_STARTED = "RunsStarted"
RUNS_SUCCEEDED = "RunsSucceeded"
RUNS_FAILED = "RunsFailed"
DATASETS_INGESTED = "DatasetsIngested"
INGEST_BYTES = "IngestBytes"
STAGE_DURATION = "StageDuration"
STAGE_FAILURES = "StageFailures"

# Powertools shares one metric set between all Metrics instances in the process.
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

# A handler that had nothing to count (an S3 test event, a batch of duplicates) is normal:
# flushing an empty set writes nothing, and Powertools' warning about it is only noise.
warnings.filterwarnings("ignore", message="No application metrics to publish")


def count(name: str, value: float = 1) -> None:
    """Write one Count metric now, with the service dimension only.

    EphemeralMetrics keeps its own set (the handler's shared one is left alone) and, unlike
    `single_metric`, honours POWERTOOLS_METRICS_DISABLED (the local stack's in-process API)."""
    now = EphemeralMetrics(namespace=NAMESPACE, service=SERVICE)
    now.add_metric(name=name, unit=MetricUnit.Count, value=value)
    now.flush_metrics()


@dataclass
class Timer:
    ms: float | None = None


@contextmanager
def stage_timer(stage: str) -> Iterator[Timer]:
    """StageDuration (ms) of one pass of `stage` into the invocation's set, or StageFailures
    if it raised (the error goes on unchanged). The handler's `log_metrics` writes them."""
    metrics.add_dimension(name="stage", value=stage)
    timer = Timer()
    started = time.perf_counter()
    try:
        yield timer
    except Exception:
        metrics.add_metric(name=STAGE_FAILURES, unit=MetricUnit.Count, value=1)
        raise
    timer.ms = round((time.perf_counter() - started) * 1000, 1)
    metrics.add_metric(name=STAGE_DURATION, unit=MetricUnit.Milliseconds, value=timer.ms)
