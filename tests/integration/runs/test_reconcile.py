"""The reconcile function: workflow endings no Catch sees reach the run, exactly once."""

import json
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.datasets.conftest import LambdaContext
from tests.integration.runs.conftest import start

pytestmark = pytest.mark.integration
EVENT = Path(__file__).parents[2] / "events" / "sqs_sfn_status_change.json"


def status_event(run_id: str, status: str) -> dict:
    text = EVENT.read_text().replace("RUN_ID", run_id).replace('\\"TIMED_OUT\\"', f'\\"{status}\\"')
    return json.loads(text)


def reconcile(event: dict) -> dict:
    from functions.reconcile_runs.app import handler

    return handler(event, LambdaContext())


@pytest.mark.parametrize(
    ("ending", "final", "words"),
    [
        ("TIMED_OUT", "FAILED", "ran out of time"),
        ("FAILED", "FAILED", "workflow failed"),
        ("ABORTED", "CANCELLED", "stopped outside UAM"),
    ],
)
def test_an_ending_event_ends_a_run_still_in_progress(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    ending: str,
    final: str,
    words: str,
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    assert reconcile(status_event(run_id, ending)) == {"batchItemFailures": []}
    status = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    assert status["status"] == final
    assert any(words in line["message"] for line in status["logs"])

    # A duplicate delivery changes nothing and adds no second log line.
    reconcile(status_event(run_id, ending))
    again = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    assert again == status


def test_an_event_about_a_finished_run_or_a_foreign_execution_changes_nothing(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    client.post(f"/runs/{run_id}/cancel", headers=owner.headers)
    before = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    event = status_event(run_id, "FAILED")
    other = status_event(str(uuid.uuid4()), "FAILED")
    foreign = status_event("not-a-run", "FAILED")
    event["Records"] += other["Records"] + foreign["Records"]
    assert reconcile(event) == {"batchItemFailures": []}
    assert client.get(f"/runs/{run_id}/status", headers=owner.headers).json() == before
