"""Fault injection on the real workflow (template.yaml, the ASL, the stage functions): a stage
that raises (every stage), outlives its timeout or is killed mid-write each end the run FAILED
with a reason, never RUNNING, and list no partial artifact; when even the failure handler fails,
the status-change event path ends the run."""

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.local.stack import LocalStack, StackOptions
from tests.integration.local_stack.helpers import free_port
from tests.run_flows import Client, follow, never_backwards, sign_up, start, upload
from uam.config import clear_settings_cache

pytestmark = pytest.mark.integration

PENGUINS = Path(__file__).parents[2] / "data" / "good" / "penguins.csv"


def running_stack(database_url: str, data_dir: Path, **options: dict) -> Iterator[LocalStack]:
    saved = dict(os.environ)
    stack = LocalStack(
        StackOptions(api_port=free_port(), aws_port=free_port(), data_dir=data_dir, **options)
    )
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()
        os.environ.clear()
        os.environ.update(saved)
        clear_settings_cache()


@pytest.fixture
def analyst(request: pytest.FixtureRequest, database_url: str, data_dir: Path) -> Iterator[Client]:
    for stack in running_stack(database_url, data_dir, **request.param):
        with httpx.Client(base_url=stack.api_url, timeout=30) as http:
            yield sign_up(http)


# Per stage: the task a person sees while it runs (select_model is still "train"), and run
# options that reach it cheaply. Without a target the workflow skips training for the report.
STAGES = {
    "preprocess": ("preprocess", {}),
    "eda": ("eda", {}),
    "train_candidate": ("train", {"models": ["logistic_regression"]}),
    "select_model": ("train", {"models": ["logistic_regression"]}),
    "report": ("report", {}),
    "finalize": ("finalize", {}),
}


def _failed_run(analyst: Client, **options: object) -> dict:
    dataset_id = upload(analyst, PENGUINS)
    if options:
        options = {"target": "species", "time_budget_s": 10, **options}
    response = start(analyst, dataset_id, **options)
    assert response.status_code == 202, response.text
    followed = follow(analyst, response.json()["run_id"], timeout_s=120)
    assert never_backwards(followed.progress_seen)
    status = followed.status
    assert status["status"] == "FAILED", status
    assert status["finished_at"] is not None and status["current_task"] is None
    assert any(line["level"] == "ERROR" for line in status["logs"])
    runs = analyst.http.get("/runs", headers=analyst.headers).json()
    assert [r["status"] for r in runs] == ["FAILED"]  # nothing left RUNNING
    return status


def _fault(action: str, stage: str, **parameters: str) -> dict:
    return {"function_env": {"UAM_FAULT_INJECTION": f"{stage}:{action}"}, "parameters": parameters}


@pytest.mark.parametrize(
    ("analyst", "stage"),
    [(_fault("raise", stage), stage) for stage in STAGES],
    indirect=["analyst"],
)
def test_a_stage_that_raises_ends_the_run_failed_with_its_error(
    analyst: Client, stage: str
) -> None:
    task, options = STAGES[stage]
    status = _failed_run(analyst, **options)
    # A failed candidate is caught inside the Map: selection then finds nothing to rank.
    kind = "NoModelTrained" if stage == "train_candidate" else "InjectedFault"
    assert status["error"].startswith(f"{task} failed: {kind}"), status["error"]
    assert f"fault injected into the {stage} stage" in status["error"]


# Every stage's Lambda gets StageTimeoutSeconds, so a later stage's timeout must leave the
# earlier ones (a cold worker each) time to finish: two stages, not six, keep this cheap.
@pytest.mark.parametrize(
    ("analyst", "stage", "seconds"),
    [
        (_fault("sleep", "preprocess", StageTimeoutSeconds="4"), "preprocess", 4),
        (_fault("sleep", "eda", StageTimeoutSeconds="12"), "eda", 12),
    ],
    indirect=["analyst"],
)
def test_a_stage_past_its_timeout_ends_the_run_failed(
    analyst: Client, stage: str, seconds: int
) -> None:
    status = _failed_run(analyst)
    assert status["error"].startswith(f"{stage} failed: the stage ran out of time")
    assert f"timed out after {seconds}" in status["error"]


# preprocess writes only when there is a target (its splits); the report stage writes the PDF.
KILLED = {"preprocess": {"models": ["logistic_regression"]}, "report": {}}
# The other stages die after their first object too; what they leave listed must be whole.
KILLED_ELSEWHERE = ("eda", "train_candidate", "select_model", "finalize")


@pytest.mark.parametrize(
    ("analyst", "stage"),
    [(_fault("exit", stage), stage) for stage in KILLED],
    indirect=["analyst"],
)
def test_a_stage_killed_mid_write_ends_the_run_failed_and_lists_no_partial_artifact(
    analyst: Client, stage: str
) -> None:
    status = _failed_run(analyst, **KILLED[stage])
    assert status["error"].startswith(f"{stage} failed: the stage crashed (its process exited)")
    assert "exit status 137" in status["error"]

    # The killed stage stored an object but never its row: the object is not listed, and
    # every artifact that is listed is whole (its object is there, at its recorded size).
    artifacts = analyst.http.get(
        f"/runs/{status['run_id']}/artifacts", headers=analyst.headers
    ).json()
    if stage == "preprocess":
        assert artifacts == []
    else:
        assert artifacts and not [a for a in artifacts if a["type"] == "report"]
    for artifact in artifacts:
        body = httpx.get(artifact["download_url"], timeout=30)
        assert body.status_code == 200 and len(body.content) == artifact["size_bytes"], artifact


@pytest.mark.parametrize(
    "analyst",
    [{"function_env": {"UAM_FAULT_INJECTION": "eda:raise,run_failed:raise"}}],
    indirect=True,
)
def test_when_the_failure_handler_fails_too_the_status_event_ends_the_run(
    analyst: Client,
) -> None:
    status = _failed_run(analyst)
    # Not the Catch's words: the reconciler's, from the execution's FAILED status event.
    assert status["error"].startswith("the analysis workflow failed")
    assert any("workflow failed" in line["message"] for line in status["logs"])


@pytest.mark.parametrize(
    ("analyst", "stage"),
    [(_fault("exit", stage), stage) for stage in KILLED_ELSEWHERE],
    indirect=["analyst"],
)
def test_every_other_stage_killed_mid_write_ends_the_run_failed_with_whole_artifacts(
    analyst: Client, stage: str
) -> None:
    task, options = STAGES[stage]
    status = _failed_run(analyst, **options)
    # A killed candidate is caught inside the Map: selection then finds nothing to rank.
    crashed = "NoModelTrained" if stage == "train_candidate" else "the stage crashed"
    assert status["error"].startswith(f"{task} failed: {crashed}"), status["error"]
    artifacts = analyst.http.get(
        f"/runs/{status['run_id']}/artifacts", headers=analyst.headers
    ).json()
    for artifact in artifacts:
        body = httpx.get(artifact["download_url"], timeout=30)
        assert body.status_code == 200 and len(body.content) == artifact["size_bytes"], artifact
