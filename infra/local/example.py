"""`python -m infra.local example`: the product's main job, end to end, on the local stack.

Signs a demo user up (or in), creates a project, uploads the example dataset the way a
browser does (presigned POST straight to S3), waits for the S3 event to be ingested, prints
what UAM learned about the table, then runs an analysis on the Step Functions workflow
(preprocess, EDA, candidate models, report), following it stage by stage, and prints the
leaderboard and where the downloaded PDF report is.
"""

import time
from pathlib import Path
from typing import Any

import httpx

from infra.local.stack import LocalStack, StackOptions

EXAMPLE = Path(__file__).parent / "example_data" / "penguins.csv"
DEMO = {"name": "Demo", "email": "demo@example.com", "password": "demo-password-123"}
TARGET = "species"
RUN_TIMEOUT_S = 600


def run_example(options: StackOptions, dataset: Path = EXAMPLE) -> dict:
    stack = LocalStack(options)
    stack.start()
    try:
        with httpx.Client(base_url=stack.api_url, timeout=60) as http:
            info = _walkthrough(http, dataset)
            _analyse(http, info, options.data_dir)
            return info
    finally:
        stack.stop()


def _walkthrough(http: httpx.Client, dataset: Path) -> dict:
    signed = http.post("/auth/register", json=DEMO)
    if signed.status_code == 409:  # a kept data dir already has the demo user
        signed = http.post("/auth/login", json={k: DEMO[k] for k in ("email", "password")})
    signed.raise_for_status()
    headers = {"Authorization": f"Bearer {signed.json()['access_token']}"}
    http.headers.update(headers)
    project = http.post("/projects", json={"name": "Example"}, headers=headers).json()
    print(f"signed in as {DEMO['email']}; project {project['id']}")

    presigned = http.post(
        "/datasets/presign",
        json={
            "project_id": project["id"],
            "filename": dataset.name,
            "size": dataset.stat().st_size,
        },
        headers=headers,
    )
    presigned.raise_for_status()
    dataset_id, upload = presigned.json()["dataset_id"], presigned.json()["upload"]
    with dataset.open("rb") as fh:
        httpx.post(upload["url"], data=upload["fields"], files={"file": fh}).raise_for_status()
    print(f"uploaded {dataset.name} straight to S3 as dataset {dataset_id}; waiting for ingest")

    started = time.monotonic()
    while True:
        info = http.get(f"/datasets/{dataset_id}", headers=headers).json()
        if info["status"] in ("READY", "INVALID") or time.monotonic() - started > 120:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    shape = f"{info['rows']} rows x {info['cols']} columns"
    print(f"dataset {info['status']} after {elapsed:.1f} s: {shape}")
    if info["status"] != "READY":
        raise SystemExit(f"example failed: {info['error'] or info['status']}")
    for column in info["columns"]:
        print(
            f"  {column['name']:<20} {column['dtype']:<12} "
            f"missing {column['missing']:>4}  unique {column['unique']:>4}"
        )
    preview = http.get(f"/datasets/{dataset_id}/preview?rows=3", headers=headers).json()
    for row in preview["first_rows"]:
        print("  ", row)
    return info


def _analyse(http: httpx.Client, dataset: dict[str, Any], data_dir: Path) -> None:
    body = {
        "project_id": dataset["project_id"],
        "dataset_id": dataset["id"],
        "options": {"target": TARGET, "time_budget_s": 60},
    }
    started = http.post("/runs/start", json=body)
    if started.status_code != 202:
        raise SystemExit(f"example failed: the run was refused: {started.text}")
    run_id = started.json()["run_id"]
    print(f"\nanalysis run {run_id} started: predict {TARGET!r} from the other columns")
    status = _follow(http, run_id)
    if status["status"] != "SUCCEEDED":
        raise SystemExit(f"example failed: run {status['status']}: {status['error']}")
    artifacts = http.get(f"/runs/{run_id}/artifacts").json()
    _print_leaderboard(artifacts)
    _save_report(artifacts, data_dir / "reports" / f"{run_id}.pdf")
    kinds: dict[str, int] = {}
    for artifact in artifacts:
        kinds[artifact["type"]] = kinds.get(artifact["type"], 0) + 1
    print("artifacts: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))


def _follow(http: httpx.Client, run_id: str) -> dict[str, Any]:
    started, printed = time.monotonic(), 0
    while True:
        status = http.get(f"/runs/{run_id}/status").json()
        for line in status["logs"][printed:]:
            clock = f"{time.monotonic() - started:5.1f} s"
            print(f"  [{clock}] {status['progress']:>3}%  {line['message']}")
        printed = len(status["logs"])
        if status["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            elapsed = time.monotonic() - started
            print(f"run {status['status']} after {elapsed:.1f} s")
            return status
        if time.monotonic() - started > RUN_TIMEOUT_S:
            raise SystemExit(f"example failed: the run did not finish in {RUN_TIMEOUT_S} s")
        time.sleep(0.5)


def _print_leaderboard(artifacts: list[dict[str, Any]]) -> None:
    models = sorted(
        (a["metadata"] for a in artifacts if a["type"] == "model" and "rank" in a["metadata"]),
        key=lambda m: m["rank"],
    )
    if not models:
        return
    metric = models[0]["metric"]
    print(f"\nleaderboard (ranked by cross-validated {metric}; holdout = rows never trained on)")
    print(f"  {'rank':<6}{'model':<24}{'cross-validated':>16}{'holdout':>12}")
    for m in models:
        holdout = m["holdout"].get(metric)
        print(f"  {m['rank']:<6}{m['name']:<24}{m['cv_score']:>16.4f}{holdout:>12.4f}")
    report = next((a["metadata"] for a in artifacts if a["type"] == "report"), {})
    if report.get("baseline_score") is not None:
        guess = "always the most frequent class" if metric != "r2" else "always the mean"
        print(f"  {'-':<6}{'baseline (' + guess + ')':<40}{report['baseline_score']:>12.4f}")


def _save_report(artifacts: list[dict[str, Any]], dest: Path) -> None:
    report = next((a for a in artifacts if a["type"] == "report"), None)
    if report is None:
        raise SystemExit("example failed: the run stored no report")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(httpx.get(report["download_url"]).raise_for_status().content)
    pages = report["metadata"].get("pages")
    print(f"\nreport ({pages} pages) downloaded to {dest}")
