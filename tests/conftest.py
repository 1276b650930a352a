"""Fixtures every tier shares: environment, the embedded PostgreSQL, a fresh database per test."""

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.local.postgres import EmbeddedPostgres
from uam.auth import passwords
from uam.config import clear_settings_cache
from uam.db import migrate
from uam.db.engine import dispose_engine

TEMPLATE_DB = "uam_test_template"
TEST_SECRET = "test-secret-key-that-is-long-enough-for-hs256-0123456789"


@pytest.fixture(autouse=True)
def app_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A known environment for every test: no real AWS, a fixed secret, cheap bcrypt."""
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("UAM_ADMIN_EMAILS", raising=False)
    # An in-process local stack turns metrics off for its API (infra/local/stack.py).
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    _forget_cached_state()
    yield
    _forget_cached_state()


def _forget_cached_state() -> None:
    from uam.aws.clients import client

    clear_settings_cache()
    passwords.clear_cache()
    client.cache_clear()
    dispose_engine()


def private_dir(prefix: str) -> Iterator[Path]:
    """A temp dir outside pytest's basetemp for PostgreSQL data.

    PostgreSQL runs as another user (root is refused), which must traverse the path; each
    new pytest session chmods its basetemp root back to 0700, which would lock a running
    server out of its own files when two sessions overlap.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded_postgres() -> Iterator[EmbeddedPostgres]:
    for base in private_dir("uam-test-pg-"):
        server = EmbeddedPostgres(base / "data")
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A fresh data dir for a local stack started by this test."""
    for base in private_dir("uam-test-stack-"):
        yield base / "data"


@pytest.fixture(scope="session")
def migrated_template(embedded_postgres: EmbeddedPostgres) -> str:
    """A database migrated to head once; each test copies it (a 50 ms CREATE DATABASE)."""
    url = embedded_postgres.create_database(TEMPLATE_DB)
    migrate.upgrade(url)
    return TEMPLATE_DB


def _scratch_database(
    server: EmbeddedPostgres, monkeypatch: pytest.MonkeyPatch, prefix: str, template: str | None
) -> Iterator[str]:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name, template=template)
    monkeypatch.setenv("DATABASE_URL", url)
    clear_settings_cache()
    try:
        yield url
    finally:
        dispose_engine()
        server.drop_database(name)


@pytest.fixture
def database_url(
    embedded_postgres: EmbeddedPostgres, migrated_template: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh, migrated database for this test only, set as DATABASE_URL."""
    yield from _scratch_database(embedded_postgres, monkeypatch, "test", migrated_template)


@pytest.fixture
def empty_database_url(
    embedded_postgres: EmbeddedPostgres, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A database with no schema at all (migration tests start here)."""
    yield from _scratch_database(embedded_postgres, monkeypatch, "empty", None)
