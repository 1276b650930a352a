"""Alembic: upgrade head builds the schema the models describe; downgrade base removes it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from uam.db import migrate
from uam.db.tables import Base

pytestmark = pytest.mark.integration

TABLES = {
    "users",
    "refresh_tokens",
    "projects",
    "datasets",
    "runs",
    "artifacts",
    "logs",
    "model_meta",
    "audit_log",
    "auth_attempts",
}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_head_then_downgrade_base_then_upgrade_again(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    assert _tables(empty_database_url) == TABLES
    migrate.downgrade(empty_database_url)
    assert _tables(empty_database_url) == set()
    migrate.upgrade(empty_database_url)
    assert _tables(empty_database_url) == TABLES


def test_migrations_match_the_models(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], "models changed without a migration: alembic revision --autogenerate"


def test_foreign_keys_delete_deliberately(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        inspector = inspect(engine)
        rules = {
            (table, fk["referred_table"]): fk["options"].get("ondelete")
            for table in TABLES
            for fk in inspector.get_foreign_keys(table)
        }
    finally:
        engine.dispose()
    assert rules[("projects", "users")] == "CASCADE"
    assert rules[("datasets", "projects")] == "CASCADE"
    assert rules[("runs", "datasets")] == "SET NULL"
    assert rules[("artifacts", "runs")] == "CASCADE"
    assert rules[("model_meta", "runs")] == "CASCADE"
    # The record of an admin's change outlives the admin's account.
    assert rules[("audit_log", "users")] == "SET NULL"


def test_0002_keeps_existing_users_enabled_both_ways(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url, "0001")
    engine = create_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, name, email, password_hash, role) "
                    "VALUES (gen_random_uuid(), 'Ada', 'ada@example.com', 'x', 'admin')"
                )
            )
        migrate.upgrade(empty_database_url)
        with engine.connect() as conn:
            row = conn.execute(text("SELECT email, role, disabled_at FROM users")).one()
        assert tuple(row) == ("ada@example.com", "admin", None)
        migrate.downgrade(empty_database_url, "0001")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT email FROM users")).scalars().all() == [
                "ada@example.com"
            ]
    finally:
        engine.dispose()
