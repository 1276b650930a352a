"""A warm function keeps its database connection: requests reuse it instead of paying a new
connect each (45 ms on the embedded PostgreSQL, more with TLS to RDS Proxy), and a connection
the database dropped while the function was idle is replaced before a request sees it."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, text

from uam.config import clear_settings_cache
from uam.db.engine import dispose_engine, get_engine

BODY = {"name": "Pooled", "email": "pooled@example.com", "password": "a long enough password"}


@pytest.fixture
def lambda_sized_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The template's setting for a Lambda sandbox."""
    monkeypatch.setenv("DATABASE_POOL_SIZE", "1")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "2")
    clear_settings_cache()
    dispose_engine()
    yield
    dispose_engine()


def _signed_in(client: TestClient) -> dict[str, str]:
    token = client.post("/auth/register", json=BODY).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_fifty_requests_open_one_connection(lambda_sized_pool: None, client: TestClient) -> None:
    headers = _signed_in(client)
    connects: list[object] = []
    event.listen(get_engine(), "connect", lambda *_: connects.append(1))
    for _ in range(50):
        assert client.get("/auth/me", headers=headers).status_code == 200
        assert client.get("/projects", headers=headers).status_code == 200
    assert len(connects) <= 1


def test_a_connection_the_database_dropped_is_replaced_before_the_next_request(
    lambda_sized_pool: None, client: TestClient, database_url: str
) -> None:
    headers = _signed_in(client)
    assert client.get("/auth/me", headers=headers).status_code == 200
    # What an RDS Proxy idle timeout or a database failover does to a frozen sandbox's socket.
    admin = create_engine(database_url)
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    assert killed >= 1
    assert client.get("/auth/me", headers=headers).status_code == 200
