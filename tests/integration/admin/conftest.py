"""Admin fixtures: an admin (made the product's way, by UAM_ADMIN_EMAILS), a member, SQL."""

import uuid
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.factories import Account, register
from uam.config import clear_settings_cache
from uam.db.engine import get_engine, session_scope
from uam.runs.models import Run

ADMIN_EMAIL = "root@example.com"


@pytest.fixture
def admin(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Account:
    monkeypatch.setenv("UAM_ADMIN_EMAILS", ADMIN_EMAIL)
    clear_settings_cache()
    account = register(client, ADMIN_EMAIL)
    assert account.user["role"] == "admin"
    return account


@pytest.fixture
def member(client: TestClient, admin: Account) -> Account:
    account = register(client)
    assert account.user["role"] == "user"
    return account


def sql(query: str, **params: Any) -> list[Any]:
    """Rows straight from the database, bypassing every service under test."""
    with get_engine().connect() as conn:
        return list(conn.execute(text(query), params).all())


def scalar(query: str, **params: Any) -> Any:
    with get_engine().connect() as conn:
        return conn.execute(text(query), params).scalar_one()


def audit_rows(target_id: str) -> list[Any]:
    return sql(
        "SELECT actor_id, action, target_type, details FROM audit_log "
        "WHERE target_id = :t ORDER BY created_at, action",
        t=target_id,
    )


def add_run(
    user_id: str, project_id: str, status: str = "SUCCEEDED", created_at: datetime | None = None
) -> uuid.UUID:
    with session_scope() as session:
        run = Run(user_id=uuid.UUID(user_id), project_id=uuid.UUID(project_id), status=status)
        if created_at is not None:
            run.created_at = created_at
        session.add(run)
        session.flush()
        return run.id
