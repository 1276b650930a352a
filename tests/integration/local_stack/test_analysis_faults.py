"""Fault injection on the real workflow (template.yaml, the ASL, the stage functions): a stage
that raises and a stage that outlives its timeout each end the run FAILED, never RUNNING; when
even the failure handler fails, the status-change event path ends the run."""

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


def _failed_run(analyst: Client) -> dict:
    dataset_id = upload(analyst, PENGUINS)
    response = start(analyst, dataset_id, target="species", time_budget_s=30)
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


@pytest.mark.parametrize(
    "analyst", [{"function_env": {"UAM_FAULT_INJECTION": "eda:raise"}}], indirect=True
)
def test_a_stage_that_raises_ends_the_run_failed_with_its_error(analyst: Client) -> None:
    status = _failed_run(analyst)
    assert status["error"].startswith("eda failed: InjectedFault")
    assert "fault injected into the eda stage" in status["error"]


@pytest.mark.parametrize(
    "analyst",
    [
        {
            "function_env": {"UAM_FAULT_INJECTION": "preprocess:sleep"},
            "parameters": {"StageTimeoutSeconds": "4"},
        }
    ],
    indirect=True,
)
def test_a_stage_past_its_timeout_ends_the_run_failed(analyst: Client) -> None:
    status = _failed_run(analyst)
    assert status["error"].startswith("preprocess failed: the stage ran out of time")
    assert "timed out after 4" in status["error"]


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
