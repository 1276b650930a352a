"""Tables: users, the refresh tokens issued to them, and the attempts throttling counts."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from uam.db.base import Base, CreatedAt, UuidPrimaryKey


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


class User(UuidPrimaryKey, CreatedAt, Base):
    __tablename__ = "users"
    __table_args__ = (
        # Emails are stored lower-cased; the functional index makes that a guarantee.
        Index("uq_users_email_lower", func.lower(text("email")), unique=True),
        CheckConstraint("role IN ('user', 'admin')", name="role"),
    )

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.USER)
    # Set by an admin: every token and login of the account is refused while it is set.
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


class RefreshToken(CreatedAt, Base):
    """One row per refresh token issued; `used_at` set when it is exchanged (rotation)."""

    __tablename__ = "refresh_tokens"

    jti: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AttemptKind(StrEnum):
    LOGIN_FAILURE = "login_failure"
    REGISTRATION = "registration"


class AuthAttempt(UuidPrimaryKey, Base):
    """One failed login or one registration attempt, counted by the throttle.

    In the database, not in memory, so that a limit holds across Lambda instances. Rows
    older than their window count for nothing and are deleted whenever a new one is written.
    """

    __tablename__ = "auth_attempts"
    __table_args__ = (
        CheckConstraint("kind IN ('login_failure', 'registration')", name="kind"),
        # The throttle's two counts: one account's failures, one address's attempts.
        Index("ix_auth_attempts_account", "kind", "account", "attempted_at"),
        Index("ix_auth_attempts_address", "kind", "address", "attempted_at"),
        # The clean-up of rows older than the window.
        Index("ix_auth_attempts_kind_attempted_at", "kind", "attempted_at"),
    )

    kind: Mapped[str] = mapped_column(String(16))
    # The lower-cased email a login named (known or not); none for a registration.
    account: Mapped[str | None] = mapped_column(String(320))
    # The client's address as API Gateway saw it (sourceIp), never a header it sent.
    address: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
