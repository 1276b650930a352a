"""The per-user limit under concurrent starts, and cancelling."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.runs.conftest import executions, start

pytestmark = pytest.mark.integration


def test_eight_simultaneous_starts_admit_exactly_three(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(
            pool.map(
                lambda _: start(client, owner, project["id"], penguins["dataset_id"]), range(8)
            )
        )
    codes = sorted(r.status_code for r in responses)
    assert codes == [202] * 3 + [429] * 5
    refused = [r for r in responses if r.status_code == 429]
    assert all(r.headers["Retry-After"].isdigit() for r in refused)
    assert "3 runs in progress" in refused[0].json()["detail"]
    assert len(executions(state_machine)) == 3

    # Cancelling one frees a place.
    run_id = next(r.json()["run_id"] for r in responses if r.status_code == 202)
    assert client.post(f"/runs/{run_id}/cancel", headers=owner.headers).status_code == 202
    assert start(client, owner, project["id"], penguins["dataset_id"]).status_code == 202


def test_cancel_ends_the_run_cancelled_and_stops_its_execution(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    response = client.post(f"/runs/{run_id}/cancel", headers=owner.headers)
    assert response.status_code == 202
    assert response.json() == {"run_id": run_id, "status": "CANCELLED"}

    status = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    assert status["status"] == "CANCELLED" and status["finished_at"] is not None
    assert any("cancelled" in line["message"] for line in status["logs"])
    (execution,) = executions(state_machine)
    assert execution["status"] == "ABORTED"

    again = client.post(f"/runs/{run_id}/cancel", headers=owner.headers)
    assert again.status_code == 409
    assert "CANCELLED" in again.json()["detail"]


def test_artifacts_of_a_new_run_are_an_empty_list(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    assert client.get(f"/runs/{run_id}/artifacts", headers=owner.headers).json() == []
