"""Benchmark: one whole analysis run through the local stack, as a user gets it.

Not a test. Run: python tests/benchmarks/bench_run_local.py [--dataset flights] [--budget 60]
                 or: ... --csv tests/data/real/hitters.csv --target Salary

Starts the local stack in a temporary data dir, uploads the table the way a browser does
(presigned POST straight to S3), waits for ingest, starts a run on the real Step Functions
workflow and prints the wall time of each stage (from the run's own progress, as the API
reports it), the whole run, and the leaderboard. Tables come from tests/benchmarks/datasets.py
(flights: 336,776 rows). Cold starts count: each stage is a fresh worker process the first
time, as a cold Lambda would be.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

from infra.local.stack import LocalStack, StackOptions
from tests.benchmarks.datasets import BenchTable, load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", default="flights")
    parser.add_argument("--budget", type=int, default=60, help="the run's time_budget_s")
    parser.add_argument("--csv", type=Path, help="any CSV instead of a benchmark table")
    parser.add_argument("--target", help="with --csv: the column to predict")
    args = parser.parse_args()
    table = (
        BenchTable(args.csv.stem, args.csv, args.target, "auto", str(args.csv))
        if args.csv
        else load(args.dataset)
    )
    with tempfile.TemporaryDirectory(prefix="uam-bench-run-") as tmp:
        stack = LocalStack(StackOptions(api_port=8765, aws_port=4765, data_dir=Path(tmp)))
        stack.start()
        try:
            with httpx.Client(base_url=stack.api_url, timeout=120) as http:
                measure(http, table, args.budget)
        finally:
            stack.stop()


def measure(http: httpx.Client, table: Any, budget: int) -> None:
    body = {"name": "Bench", "email": "bench@example.com", "password": "benchmark-password"}
    token = http.post("/auth/register", json=body).raise_for_status().json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    project = http.post("/projects", json={"name": "bench"}).raise_for_status().json()["id"]
    size = table.csv.stat().st_size
    presign = {"project_id": project, "filename": table.csv.name, "size": size}
    signed = http.post("/datasets/presign", json=presign).raise_for_status().json()
    started = time.monotonic()
    with table.csv.open("rb") as fh:
        upload = signed["upload"]
        httpx.post(upload["url"], data=upload["fields"], files={"file": fh}).raise_for_status()
    dataset = wait(http, f"/datasets/{signed['dataset_id']}", ("READY", "INVALID"), 300)
    print(f"{table.name}: {size / 1e6:.1f} MB, {dataset['rows']:,} rows x {dataset['cols']} "
          f"columns; upload + ingest {time.monotonic() - started:.1f} s")  # fmt: skip
    for label in ("first run (cold: every stage starts a fresh worker)", "second run (warm)"):
        print(f"\n== {label}")
        one_run(http, project, dataset, table, budget)


def one_run(http: httpx.Client, project: str, dataset: dict, table: Any, budget: int) -> None:
    options = {"target": table.target, "task": table.task, "time_budget_s": budget}
    run = (
        http.post(
            "/runs/start",
            json={"project_id": project, "dataset_id": dataset["id"], "options": options},
        )
        .raise_for_status()
        .json()
    )
    started, stages, last = time.monotonic(), {}, None
    while True:
        status = http.get(f"/runs/{run['run_id']}/status").json()
        task = status["current_task"]
        if task and task != last:
            stages[task] = time.monotonic() - started
            last = task
        if status["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.2)
    total = time.monotonic() - started
    first = datetime.fromisoformat(status["logs"][0]["timestamp"])
    for line in status["logs"]:
        at = (datetime.fromisoformat(line["timestamp"]) - first).total_seconds()
        print(f"  [{at:5.1f} s] {line['message'][:110]}")
    marks = [*stages.items(), ("end", total)]
    print(f"run {status['status']} in {total:.1f} s with time_budget_s={budget}")
    for (name, at), (_, until) in itertools.pairwise(marks):
        print(f"  {name:<12} {until - at:6.1f} s")
    if status["status"] != "SUCCEEDED":
        print("  error:", status["error"])
        return
    artifacts = http.get(f"/runs/{run['run_id']}/artifacts").json()
    models = sorted(
        (a["metadata"] for a in artifacts if a["type"] == "model"), key=lambda m: m["rank"]
    )
    for m in models:
        print(f"  #{m['rank']} {m['name']:<24} CV {m['cv_score']:.4f}  "
              f"holdout {m['metric']} {m['holdout'][m['metric']]:.4f}")  # fmt: skip
    report = next(a["metadata"] for a in artifacts if a["type"] == "report")
    print(f"  baseline holdout {report.get('metric')} {report.get('baseline_score')}")
    print(f"whole run under 60 s: {'HOLDS' if total < 60 else 'DOES NOT HOLD'} ({total:.1f} s)")


def wait(http: httpx.Client, path: str, states: tuple[str, ...], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = http.get(path).raise_for_status().json()
        if body["status"] in states:
            return body
        time.sleep(0.2)
    raise SystemExit(f"{path} did not reach {states} in {timeout} s")


if __name__ == "__main__":
    main()
