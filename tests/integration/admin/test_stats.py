"""GET /admin/stats equals counts taken straight from the database with SQL."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.factories import UPLOADS_BUCKET, Account, create_project, register
from tests.integration.admin.conftest import add_run, scalar, sql
from uam.config import get_aws_settings
from uam.datasets.models import Dataset
from uam.db.engine import session_scope
from uam.models.models import ModelMeta
from uam.runs.models import Artifact

pytestmark = pytest.mark.integration


def seed(client: TestClient, admin: Account) -> None:
    """Two more users (one disabled), projects, datasets and runs in every kind of state."""
    alice, bob = register(client), register(client)
    response = client.patch(
        f"/admin/users/{bob.user['id']}", json={"disabled": True}, headers=admin.headers
    )
    assert response.status_code == 200
    projects = [create_project(client, alice, name) for name in ("A", "B")]
    create_project(client, admin, "Ops")
    user_id, project_id = uuid.UUID(alice.user["id"]), uuid.UUID(projects[0]["id"])
    with session_scope() as session:
        for status, size in [
            ("READY", 1_000),
            ("READY", 2_500),
            ("INVALID", 70),
            ("UPLOADING", 90_000),
            ("PROCESSING", None),
        ]:
            session.add(
                Dataset(
                    project_id=project_id,
                    user_id=user_id,
                    filename="t.csv",
                    storage_key=f"uploads/{uuid.uuid4()}/t.csv",
                    size_bytes=size,
                    status=status,
                )
            )
    runs = [
        add_run(alice.user["id"], projects[0]["id"], status)
        for status in ("SUCCEEDED", "SUCCEEDED", "FAILED", "RUNNING", "PENDING")
    ]
    add_run(
        alice.user["id"],
        projects[1]["id"],
        "CANCELLED",
        created_at=datetime.now(UTC) - timedelta(days=2),
    )
    with session_scope() as session:
        for name, size in [("chart.png", 4_096), ("report.pdf", 120_000), ("model", None)]:
            session.add(
                Artifact(
                    run_id=runs[0],
                    type="chart",
                    storage_key=f"runs/{name}",
                    filename=name,
                    size_bytes=size,
                )
            )
        for name in ("lightgbm", "logistic_regression"):
            session.add(
                ModelMeta(
                    run_id=runs[0],
                    name=name,
                    task="classification",
                    target="species",
                    storage_key=f"runs/{name}.joblib",
                    sha256="0" * 64,
                )
            )


def by_status(table: str) -> dict[str, int]:
    return dict(sql(f"SELECT status, count(*) FROM {table} GROUP BY status"))


def test_stats_equal_counts_taken_with_sql(client: TestClient, admin: Account) -> None:
    seed(client, admin)
    stats = client.get("/admin/stats", headers=admin.headers)
    assert stats.status_code == 200, stats.text
    got = stats.json()

    assert got["users"] == {
        "total": scalar("SELECT count(*) FROM users"),
        "admins": scalar("SELECT count(*) FROM users WHERE role = 'admin'"),
        "disabled": scalar("SELECT count(*) FROM users WHERE disabled_at IS NOT NULL"),
    }
    assert got["projects"] == scalar("SELECT count(*) FROM projects")
    assert got["models"] == scalar("SELECT count(*) FROM model_meta")
    for table in ("datasets", "runs"):
        counted = by_status(table)
        assert got[table]["total"] == scalar(f"SELECT count(*) FROM {table}")
        # Every status is listed, those with no rows as 0.
        assert {k: v for k, v in got[table]["by_status"].items() if v} == counted
    assert got["runs"]["last_24h"] == scalar(
        "SELECT count(*) FROM runs WHERE created_at >= now() - interval '24 hours'"
    )
    buckets = {b["holds"]: b for b in got["storage"]["buckets"]}
    for holds, table, bucket in [
        ("uploads", "datasets", UPLOADS_BUCKET),
        ("artifacts", "artifacts", get_aws_settings().artifacts_bucket),
    ]:
        size, objects, unsized = sql(
            "SELECT coalesce(sum(size_bytes), 0), count(*), "
            f"count(*) FILTER (WHERE size_bytes IS NULL) FROM {table}"
        )[0]
        assert buckets[holds] == {
            "bucket": bucket,
            "holds": holds,
            "bytes": size,
            "objects": objects,
            "objects_without_size": unsized,
        }
    assert "database metadata" in got["storage"]["source"]

    # And the seed is what it says, so the equalities above are not 0 == 0.
    assert got["users"] == {"total": 3, "admins": 1, "disabled": 1}
    assert got["projects"] == 3 and got["models"] == 2
    assert got["datasets"]["by_status"] == {
        "UPLOADING": 1,
        "PROCESSING": 1,
        "READY": 2,
        "INVALID": 1,
    }
    assert got["runs"]["by_status"] == {
        "PENDING": 1,
        "RUNNING": 1,
        "SUCCEEDED": 2,
        "FAILED": 1,
        "CANCELLED": 1,
    }
    assert got["runs"]["last_24h"] == 5
    assert buckets["uploads"]["bytes"] == 93_570
    assert buckets["artifacts"]["bytes"] == 124_096


def test_stats_of_an_empty_platform_are_zeros(client: TestClient, admin: Account) -> None:
    got = client.get("/admin/stats", headers=admin.headers).json()
    assert got["users"] == {"total": 1, "admins": 1, "disabled": 0}
    assert got["datasets"] == {
        "total": 0,
        "by_status": {"UPLOADING": 0, "PROCESSING": 0, "READY": 0, "INVALID": 0},
    }
    assert got["runs"]["total"] == got["runs"]["last_24h"] == 0
    assert [b["bytes"] for b in got["storage"]["buckets"]] == [0, 0]
