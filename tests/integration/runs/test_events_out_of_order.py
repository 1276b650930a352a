"""Events out of order or twice: whatever order the stages' own updates, the Step Functions
status events and a cancel arrive in, a run ends in one final state and never flips back."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.runs.conftest import start
from tests.integration.runs.test_reconcile import reconcile, status_event
from uam.db.engine import session_scope
from uam.runs import lifecycle
from uam.runs.stages import failure

pytestmark = pytest.mark.integration


def status(client: TestClient, owner: Account, run_id: str) -> dict:
    return client.get(f"/runs/{run_id}/status", headers=owner.headers).json()


def stage_update(run_id: str, task: str = "report", progress: int = 86) -> bool:
    with session_scope() as session:
        return lifecycle.advance(uuid.UUID(run_id), task=task, progress=progress, session=session)


def finalize(run_id: str) -> bool:
    """What the finalize stage does last: SUCCEEDED, only if the run is still in progress."""
    with session_scope() as session:
        return lifecycle.succeed(uuid.UUID(run_id), session=session)


def every_ending_twice(run_id: str) -> None:
    for ending in ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED") * 2:
        assert reconcile(status_event(run_id, ending)) == {"batchItemFailures": []}


def test_a_succeeded_event_before_finalize_then_every_event_twice_keeps_succeeded(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    assert stage_update(run_id)
    # The execution's SUCCEEDED event overtakes finalize's own update: it decides nothing.
    reconcile(status_event(run_id, "SUCCEEDED"))
    assert status(client, owner, run_id)["status"] == "RUNNING"
    assert finalize(run_id)
    done = status(client, owner, run_id)
    assert done["status"] == "SUCCEEDED" and done["progress"] == 100

    every_ending_twice(run_id)
    assert not stage_update(run_id, "finalize", 96)  # a late retry of a stage
    assert failure.run(run_id, {"Error": "States.TaskFailed"})["marked_failed"] is False
    assert client.post(f"/runs/{run_id}/cancel", headers=owner.headers).status_code == 409
    assert status(client, owner, run_id) == done  # same state, same logs: nothing added


@pytest.mark.parametrize(("ending", "final"), [("FAILED", "FAILED"), ("ABORTED", "CANCELLED")])
def test_an_ending_event_before_the_stages_own_updates_is_final(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    ending: str,
    final: str,
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    assert stage_update(run_id, "eda", 12)
    reconcile(status_event(run_id, ending))
    ended = status(client, owner, run_id)
    assert ended["status"] == final and ended["finished_at"] is not None

    # The stages' and the failure handler's updates arrive late, and the events again.
    assert not stage_update(run_id, "train", 32)
    assert not finalize(run_id)
    assert failure.run(run_id, {"Error": "States.TaskFailed"})["marked_failed"] is False
    every_ending_twice(run_id)
    assert status(client, owner, run_id) == ended


def test_a_cancel_racing_a_finish_ends_in_one_state_that_never_flips(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    outcomes = set()
    for _ in range(6):
        run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
        assert stage_update(run_id, "finalize", 96)
        gate = threading.Barrier(2)

        def cancel(run_id: str = run_id, gate: threading.Barrier = gate) -> int:
            gate.wait()
            return client.post(f"/runs/{run_id}/cancel", headers=owner.headers).status_code

        def finish(run_id: str = run_id, gate: threading.Barrier = gate) -> bool:
            gate.wait()
            return finalize(run_id)

        with ThreadPoolExecutor(max_workers=2) as pool:
            cancelled, finished = pool.submit(cancel), pool.submit(finish)
            code, succeeded = cancelled.result(), finished.result()
        # Exactly one of them won, and the run says which.
        assert (code, succeeded) in ((202, False), (409, True))
        final = status(client, owner, run_id)
        assert final["status"] == ("SUCCEEDED" if succeeded else "CANCELLED")
        outcomes.add(final["status"])

        # The stopped execution's ABORTED event, duplicates and late updates change nothing.
        every_ending_twice(run_id)
        assert not stage_update(run_id, "finalize", 96)
        assert not finalize(run_id)
        assert status(client, owner, run_id) == final
    assert outcomes <= {"SUCCEEDED", "CANCELLED"}
