"""`python -m infra.local example`: the product's main job, end to end, for a person watching.

Brings the local stack up (or uses one already running at `--api-url`), signs a demo user in,
uploads the example dataset the way a browser does (presigned POST straight to S3), waits for
the S3 event to be ingested, runs an analysis predicting `species` on the Step Functions
workflow behind a progress bar, then prints the data-quality alerts, the leaderboard, where
the downloaded report and charts are, and one prediction by the best model.
"""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.local import example_output as output
from infra.local.example_api import Api, ExampleFailed, download, fetch_json, upload
from infra.local.progress import RunProgress
from infra.local.stack import LocalStack, StackOptions

log = logging.getLogger("infra.local.example")

EXAMPLE = Path(__file__).parent / "example_data" / "penguins.csv"
DEMO = {"name": "Demo", "email": "demo@example.com", "password": "demo-password-123"}
PROJECT = "Example"
TARGET = "species"
INGEST_TIMEOUT_S = 120
RUN_TIMEOUT_S = 600
POLL_S = 0.25
ENDED = ("SUCCEEDED", "FAILED", "CANCELLED")


@dataclass(frozen=True)
class ExampleOptions:
    stack: StackOptions
    api_url: str | None = None  # a stack already running there: start and stop nothing

    @property
    def data_dir(self) -> Path:
        return self.stack.data_dir


def run_example(options: ExampleOptions, dataset: Path = EXAMPLE) -> None:
    if options.api_url:
        print(f"using the UAM API at {options.api_url} (starting and stopping nothing)")
        _main_job(options.api_url, dataset, options.data_dir)
        return
    _check_ports_free(options.stack)
    print("starting the local stack (PostgreSQL, AWS emulator, API) ...", flush=True)
    stack, started = LocalStack(options.stack), time.monotonic()
    try:
        stack.start()
    except Exception as exc:
        log.exception("the local stack could not start")
        raise ExampleFailed(f"The local stack could not start: {exc}.") from exc
    try:
        print(f"local stack ready in {time.monotonic() - started:.0f} s: API {stack.api_url}")
        _main_job(stack.api_url, dataset, options.data_dir)
    finally:
        print("\nstopping the local stack ...", flush=True)
        stack.stop()
        print(f"stopped; its data stays in {stack.data_dir} for the next run")


def _check_ports_free(options: StackOptions) -> None:
    """A port already taken is most often a stack already running: say so before starting."""
    for flag, port in (("--api-port", options.api_port), ("--aws-port", options.aws_port)):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind
            try:
                sock.bind((options.host, port))
            except OSError:
                running = f"http://{options.host}:{port}"
                reuse = (
                    f"use that stack with --api-url {running}, or " if flag == "--api-port" else ""
                )
                raise ExampleFailed(
                    f"Port {port} on {options.host} is already taken (a stack already running?): "
                    f"{reuse}pick another port with {flag}."
                ) from None


def _main_job(api_url: str, dataset: Path, data_dir: Path) -> None:
    with Api(api_url) as api:
        api.call("GET", "/health")
        api.sign_in(**DEMO)
        project_id = _project(api)
        print(f"signed in as {DEMO['email']} (project {PROJECT!r})")
        info = _upload(api, project_id, dataset)
        run_id = _analyse(api, info)
        artifacts = api.call("GET", f"/runs/{run_id}/artifacts")
        output.alerts(fetch_json(_one(artifacts, "eda")["download_url"]))
        output.leaderboard(artifacts)
        _save_files(artifacts, data_dir / "reports" / run_id)
        _predict(api, run_id, info)


def _project(api: Api) -> str:
    """The demo user's example project, made on the first run and reused after."""
    for project in api.call("GET", "/projects"):
        if project["name"] == PROJECT:
            return project["id"]
    return api.call("POST", "/projects", ok=(201,), json={"name": PROJECT})["id"]


def _upload(api: Api, project_id: str, dataset: Path) -> dict[str, Any]:
    body = {"project_id": project_id, "filename": dataset.name, "size": dataset.stat().st_size}
    presigned = api.call("POST", "/datasets/presign", ok=(201,), json=body)
    upload(presigned["upload"]["url"], presigned["upload"]["fields"], dataset)
    print(f"uploaded {dataset.name} straight to S3 (presigned POST); waiting for ingest ...")
    started = time.monotonic()
    while True:
        info = api.call("GET", f"/datasets/{presigned['dataset_id']}")
        if info["status"] in ("READY", "INVALID"):
            break
        if time.monotonic() - started > INGEST_TIMEOUT_S:
            raise ExampleFailed(
                f"{dataset.name} was not ingested within {INGEST_TIMEOUT_S} s (it is still "
                f"{info['status']}): the S3 upload event never reached the ingest function."
            )
        time.sleep(POLL_S)
    if info["status"] != "READY":
        raise ExampleFailed(f"UAM could not read {dataset.name}: {info['error']}")
    output.dataset(info, time.monotonic() - started)
    return info


def _analyse(api: Api, dataset: dict[str, Any]) -> str:
    """Start a run predicting TARGET, follow it to its end; the run id once it SUCCEEDED."""
    body = {
        "project_id": dataset["project_id"],
        "dataset_id": dataset["id"],
        "options": {"target": TARGET, "time_budget_s": 60},
    }
    run_id = api.call("POST", "/runs/start", ok=(202,), json=body)["run_id"]
    others = dataset["cols"] - 1
    print(f"\nanalysis run {run_id}: predicting {TARGET!r} from the other {others} columns")
    status = _follow(api, run_id)
    if status["status"] != "SUCCEEDED":
        raise ExampleFailed(f"The run ended {status['status']}: {status['error']}")
    return run_id


def _follow(api: Api, run_id: str) -> dict[str, Any]:
    progress, deadline = RunProgress(), time.monotonic() + RUN_TIMEOUT_S
    try:
        while True:
            status = api.call("GET", f"/runs/{run_id}/status")
            if status["status"] in ENDED:
                progress.finish(status["status"], status["progress"])
                return status
            progress.update(status["current_task"], status["progress"])
            if time.monotonic() > deadline:
                raise ExampleFailed(f"The run did not finish within {RUN_TIMEOUT_S} s.")
            time.sleep(POLL_S)
    finally:
        progress.close()


def _save_files(artifacts: list[dict[str, Any]], folder: Path) -> None:
    """The PDF report and every chart, saved where a person can open them."""
    report = _one(artifacts, "report")
    pdf = download(report["download_url"], folder / "report.pdf")
    charts = [
        (download(a["download_url"], folder / "charts" / a["filename"]), a["metadata"]["title"])
        for a in artifacts
        if a["type"] == "chart"
    ]
    output.files(pdf, report["metadata"].get("pages"), charts)


def _predict(api: Api, run_id: str, dataset: dict[str, Any]) -> None:
    """One row of the table (its target left out) through the run's best model."""
    models = api.call("GET", "/models", params={"run_id": run_id})
    best = next((m for m in models if m["rank"] == 1), None)
    if best is None:
        raise ExampleFailed(f"Run {run_id} has no best model to predict with.")
    rows = api.call("GET", f"/datasets/{dataset['id']}/preview", params={"rows": 20})["first_rows"]
    row = next((r for r in rows if None not in r.values()), rows[0])
    features = {name: value for name, value in row.items() if name != TARGET}
    answer = api.call("POST", f"/models/{best['id']}/predict", json={"rows": [features]})
    output.prediction(best, features, row.get(TARGET), answer)


def _one(artifacts: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = next((a for a in artifacts if a["type"] == kind), None)
    if found is None:
        raise ExampleFailed(f"The run stored no {kind} artifact.")
    return found
