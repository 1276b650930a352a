"""Throttling: auth_attempts counts failed logins and registrations in sliding windows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 13:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new, empty table: nothing existing changes, and a downgrade only forgets counts.
    op.create_table(
        "auth_attempts",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=320), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('login_failure', 'registration')", name=op.f("ck_auth_attempts_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_attempts")),
    )
    op.create_index(
        "ix_auth_attempts_account",
        "auth_attempts",
        ["kind", "account", "attempted_at"],
        unique=False,
    )
    op.create_index(
        "ix_auth_attempts_address",
        "auth_attempts",
        ["kind", "address", "attempted_at"],
        unique=False,
    )
    op.create_index(
        "ix_auth_attempts_kind_attempted_at",
        "auth_attempts",
        ["kind", "attempted_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_auth_attempts_kind_attempted_at", table_name="auth_attempts")
    op.drop_index("ix_auth_attempts_address", table_name="auth_attempts")
    op.drop_index("ix_auth_attempts_account", table_name="auth_attempts")
    op.drop_table("auth_attempts")
