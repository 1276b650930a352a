"""Fault injection on the real workflow (template.yaml, the ASL, the stage functions): a stage
that raises and a stage that outlives its timeout each end the run FAILED, never RUNNING; a
workflow stopped outside UAM reaches the run through the status-change event path."""

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.local.resources import client as aws_client
from infra.local.stack import LocalStack, StackOptions
from tests.integration.local_stack.helpers import free_port, wait_for
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
    "analyst", [{"function_env": {"UAM_FAULT_INJECTION": "preprocess:sleep"}}], indirect=True
)
def test_an_execution_stopped_outside_uam_is_reconciled_from_its_event(analyst: Client) -> None:
    dataset_id = upload(analyst, PENGUINS)
    run_id = start(analyst, dataset_id).json()["run_id"]
    aws_url = os.environ["AWS_ENDPOINT_URL"]
    sfn = aws_client("stepfunctions", aws_url)
    machine = os.environ["ANALYSIS_STATE_MACHINE_ARN"]
    arn = machine.replace(":stateMachine:", ":execution:") + f":{run_id}"
    assert wait_for(lambda: _is_running(analyst, run_id), timeout=30)
    sfn.stop_execution(executionArn=arn, cause="stopped from the console")

    def ended() -> dict | None:
        status = analyst.http.get(f"/runs/{run_id}/status", headers=analyst.headers).json()
        return status if status["status"] != "RUNNING" else None

    status = wait_for(ended, timeout=30)
    assert status and status["status"] == "CANCELLED"
    assert any("stopped outside UAM" in line["message"] for line in status["logs"])


def _is_running(analyst: Client, run_id: str) -> bool:
    status = analyst.http.get(f"/runs/{run_id}/status", headers=analyst.headers).json()
    return status["status"] == "RUNNING"
