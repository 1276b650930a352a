"""A local stack that starts after a stop or a crash ends the work the old one left in progress
(its executions and queued events died with the emulator): failed with a reason, never left
PENDING, RUNNING or PROCESSING forever; finished work is left exactly as it was."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from infra.local.stack import settle_interrupted_work
from tests.factories import Account
from tests.integration.runs.conftest import start
from uam.datasets.models import Dataset, DatasetStatus
from uam.db.engine import session_scope
from uam.runs import lifecycle

pytestmark = pytest.mark.integration


def test_runs_and_datasets_left_in_progress_are_ended_with_a_reason(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    database_url: str,
) -> None:
    pending, running, finished = (
        start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
        for _ in range(3)
    )
    with session_scope() as session:
        lifecycle.advance(uuid.UUID(running), task="eda", progress=12, session=session)
        lifecycle.succeed(uuid.UUID(finished), session=session)
    done = client.get(f"/runs/{finished}/status", headers=owner.headers).json()
    ready = client.get(f"/datasets/{penguins['dataset_id']}", headers=owner.headers).json()
    other = client.post(
        "/datasets/presign",
        json={"project_id": project["id"], "filename": "late.csv", "size": 10},
        headers=owner.headers,
    ).json()["dataset_id"]
    with session_scope() as session:  # an ingest was under way when the stack stopped
        session.execute(
            update(Dataset)
            .where(Dataset.id == uuid.UUID(other))
            .values(status=DatasetStatus.PROCESSING)
        )

    assert settle_interrupted_work(database_url) == (2, 1)

    for run_id in (pending, running):
        status = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
        assert status["status"] == "FAILED" and status["finished_at"] is not None
        assert status["error"].startswith("the local stack stopped during this run")
        assert [line["level"] for line in status["logs"] if "stack stopped" in line["message"]] == [
            "ERROR"
        ]
    assert client.get(f"/runs/{finished}/status", headers=owner.headers).json() == done
    assert client.get(f"/datasets/{penguins['dataset_id']}", headers=owner.headers).json() == ready
    interrupted = client.get(f"/datasets/{other}", headers=owner.headers).json()
    assert interrupted["status"] == "INVALID"
    assert "stopped while this dataset was being processed" in interrupted["error"]

    # A second start finds nothing left to end (and adds no second log line).
    assert settle_interrupted_work(database_url) == (0, 0)
