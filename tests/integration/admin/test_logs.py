"""GET /admin/logs: every run's log lines, newest first, filtered by run, level and time."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, create_project, register
from tests.integration.admin.conftest import add_run
from uam.db.engine import session_scope
from uam.runs.models import Log

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def runs(client: TestClient, admin: Account) -> tuple[uuid.UUID, uuid.UUID]:
    """Two users' runs; run one logs at minutes 0-5, run two at minutes 10-11."""
    first, second = register(client), register(client)
    run_one = add_run(first.user["id"], create_project(client, first)["id"])
    run_two = add_run(second.user["id"], create_project(client, second)["id"])
    lines = [
        (run_one, "INFO", "preprocess started", 0),
        (run_one, "DEBUG", "split 80/20", 1),
        (run_one, "WARNING", "column x is constant", 2),
        (run_one, "INFO", "eda finished", 3),
        (run_one, "ERROR", "train failed: out of memory", 4),
        (run_one, "INFO", "run failed", 5),
        (run_two, "INFO", "preprocess started", 10),
        (run_two, "ERROR", "target column missing", 11),
    ]
    with session_scope() as session:
        for run_id, level, message, minute in lines:
            session.add(
                Log(
                    run_id=run_id,
                    level=level,
                    message=message,
                    timestamp=T0 + timedelta(minutes=minute),
                )
            )
    return run_one, run_two


def logs(client: TestClient, admin: Account, **params: object) -> dict:
    response = client.get("/admin/logs", params=params, headers=admin.headers)
    assert response.status_code == 200, response.text
    return response.json()


def messages(page: dict) -> list[str]:
    return [item["message"] for item in page["items"]]


def test_all_lines_newest_first_and_paged(client: TestClient, admin: Account, runs) -> None:
    everything = logs(client, admin)
    assert everything["total"] == 8
    stamps = [item["timestamp"] for item in everything["items"]]
    assert stamps == sorted(stamps, reverse=True)
    assert messages(everything)[:2] == ["target column missing", "preprocess started"]
    assert set(everything["items"][0]) == {"id", "run_id", "level", "message", "timestamp"}
    pages = [logs(client, admin, limit=3, offset=o) for o in (0, 3, 6)]
    assert [m for p in pages for m in messages(p)] == messages(everything)
    assert [p["total"] for p in pages] == [8, 8, 8]


def test_filters_alone_and_together(client: TestClient, admin: Account, runs) -> None:
    run_one, run_two = runs
    only_one = logs(client, admin, run_id=str(run_one))
    assert only_one["total"] == 6
    assert {item["run_id"] for item in only_one["items"]} == {str(run_one)}

    errors = logs(client, admin, level="ERROR")
    assert messages(errors) == ["target column missing", "train failed: out of memory"]
    assert messages(logs(client, admin, level="ERROR", run_id=str(run_two))) == [
        "target column missing"
    ]
    assert messages(logs(client, admin, level="DEBUG")) == ["split 80/20"]

    # since is inclusive; a time with no offset is UTC, one with an offset is converted.
    since = logs(client, admin, since=(T0 + timedelta(minutes=4)).isoformat())
    assert messages(since) == [
        "target column missing",
        "preprocess started",
        "run failed",
        "train failed: out of memory",
    ]
    naive = logs(client, admin, since="2026-11-01T12:10:00")
    paris = logs(client, admin, since="2026-11-01T13:10:00+01:00")
    assert messages(naive) == messages(paris) == ["target column missing", "preprocess started"]
    combined = logs(client, admin, run_id=str(run_one), level="INFO", since=T0.isoformat())
    assert messages(combined) == ["run failed", "eda finished", "preprocess started"]
    assert logs(client, admin, run_id=str(uuid.uuid4()))["total"] == 0


def test_invalid_filters_are_422(client: TestClient, admin: Account) -> None:
    for params in [
        {"level": "CRITICAL"},
        {"level": "error"},
        {"level": "INFO' OR '1'='1"},
        {"run_id": "not-a-uuid"},
        {"since": "yesterday"},
        {"limit": 201},
        {"offset": -1},
    ]:
        response = client.get("/admin/logs", params=params, headers=admin.headers)
        assert response.status_code == 422, params
