"""`python -m infra.local example`: the product's main job, end to end, on the local stack.

Signs a demo user up (or in), creates a project, uploads the example dataset the way a
browser does (presigned POST straight to S3), waits for the S3 event to be ingested, and
prints what UAM learned about the table. Later stages (runs, models, report) join here as
they are built.
"""

import time
from pathlib import Path

import httpx

from infra.local.stack import LocalStack, StackOptions

EXAMPLE = Path(__file__).parent / "example_data" / "penguins.csv"
DEMO = {"name": "Demo", "email": "demo@example.com", "password": "demo-password-123"}


def run_example(options: StackOptions, dataset: Path = EXAMPLE) -> dict:
    stack = LocalStack(options)
    stack.start()
    try:
        with httpx.Client(base_url=stack.api_url, timeout=60) as http:
            return _walkthrough(http, dataset)
    finally:
        stack.stop()


def _walkthrough(http: httpx.Client, dataset: Path) -> dict:
    signed = http.post("/auth/register", json=DEMO)
    if signed.status_code == 409:  # a kept data dir already has the demo user
        signed = http.post("/auth/login", json={k: DEMO[k] for k in ("email", "password")})
    signed.raise_for_status()
    headers = {"Authorization": f"Bearer {signed.json()['access_token']}"}
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
