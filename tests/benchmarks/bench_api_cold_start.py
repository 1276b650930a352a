"""Benchmark (not a test): the API function's cold import and first request through Mangum.

Prints, each as the median of fresh processes: the import of the API's own dependencies
alone, the import of `functions.api.app`, and import plus a first /auth/me request through
the Lambda handler; the ratio is what PERFORMANCE.md aims at (<= 1.2x).

    python tests/benchmarks/bench_api_cold_start.py [--runs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

DEPENDENCIES = (
    "import fastapi, fastapi.security, mangum, sqlalchemy, sqlalchemy.orm, pg8000, jwt, "
    "sqlalchemy.dialects.postgresql.pg8000, "
    "boto3, botocore, pydantic_settings, passlib.context, email_validator"
)

FIRST_REQUEST = """
import json
from functions.api.app import handler
event = {"version": "2.0", "routeKey": "GET /auth/me", "rawPath": "/auth/me",
         "rawQueryString": "", "headers": {"host": "x"},
         "requestContext": {"http": {"method": "GET", "path": "/auth/me", "sourceIp": "1.1.1.1",
                                     "protocol": "HTTP/1.1", "userAgent": "bench"},
                            "requestId": "r", "routeKey": "GET /auth/me", "stage": "$default"},
         "isBase64Encoded": False}
class Ctx:
    function_name = "api"; memory_limit_in_mb = 512; aws_request_id = "r"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:api"
handler(event, Ctx())
"""

HEAVY = ["numpy", "pandas", "sklearn", "matplotlib", "scipy", "pyarrow"]

PROBE = """
import json, resource, sys, time
start = time.perf_counter()
exec(compile(sys.argv[1], "<bench>", "exec"))
elapsed = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": elapsed, "rss_mb": rss_mb, "heavy": [m for m in HEAVY if m in sys.modules]}))
"""


def measure(code: str, runs: int) -> dict:
    env = {
        **os.environ,
        "SECRET_KEY": "benchmark-secret-key-long-enough-0123456789",
        # An unreachable database: the first request still runs the whole handler path.
        "DATABASE_URL": "postgresql+pg8000://nobody@127.0.0.1:1/none",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_MAX_ATTEMPTS": "1",
    }
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "s": statistics.median(s["s"] for s in samples),
        "rss_mb": statistics.median(s["rss_mb"] for s in samples),
        "heavy": samples[-1]["heavy"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    deps = measure(DEPENDENCIES, runs)
    api = measure("import functions.api.app", runs)
    first = measure(FIRST_REQUEST, runs)
    print(f"dependencies alone        {deps['s']:.3f} s  {deps['rss_mb']:.0f} MB")
    print(f"import functions.api.app  {api['s']:.3f} s  {api['rss_mb']:.0f} MB")
    print(f"import + first request    {first['s']:.3f} s  {first['rss_mb']:.0f} MB")
    print(f"ratio import/deps         {api['s'] / deps['s']:.2f}x")
    print(f"ratio first request/deps  {first['s'] / deps['s']:.2f}x  (target <= 1.2x)")
    print(f"heavy modules loaded      {first['heavy'] or 'none'}")


if __name__ == "__main__":
    main()
