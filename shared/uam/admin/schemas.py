"""Request and response bodies of /admin."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from uam.auth.schemas import UserPublic

MAX_PAGE = 200
DEFAULT_PAGE = 50


class LogLevel(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


class AdminUserView(UserPublic):
    """An account as an admin sees it: never its password hash or tokens."""

    disabled: bool
    disabled_at: datetime | None


class UserPage(BaseModel):
    items: list[AdminUserView]
    total: int = Field(description="accounts matching the search, over all pages")
    limit: int
    offset: int


class UserUpdate(BaseModel):
    # extra="forbid": {"email": ...} or {"password_hash": ...} is refused, not ignored.
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "admin"] | None = None
    disabled: bool | None = Field(
        default=None, description="true refuses the account's tokens and logins at once"
    )

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if self.role is None and self.disabled is None:
            raise ValueError("nothing to change: send role and/or disabled")
        return self


class BucketUsage(BaseModel):
    bucket: str
    holds: Literal["uploads", "artifacts"]
    bytes: int = Field(description="sum of the sizes recorded in the database")
    objects: int = Field(description="rows that point at an object in this bucket")
    objects_without_size: int


class StorageStats(BaseModel):
    source: str
    buckets: list[BucketUsage]


class UserCounts(BaseModel):
    total: int
    admins: int
    disabled: int


class StatusCounts(BaseModel):
    total: int
    by_status: dict[str, int]


class RunCounts(StatusCounts):
    last_24h: int = Field(description="runs created in the 24 hours before generated_at")


class AdminStats(BaseModel):
    generated_at: datetime
    users: UserCounts
    projects: int
    datasets: StatusCounts
    runs: RunCounts
    models: int
    storage: StorageStats


class LogEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    run_id: uuid.UUID
    level: str
    message: str
    timestamp: datetime


class LogPage(BaseModel):
    items: list[LogEntry]
    total: int
    limit: int
    offset: int


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    actor_id: uuid.UUID | None
    action: str
    target_type: str
    target_id: uuid.UUID | None
    details: dict[str, Any]
    created_at: datetime


class AuditPage(BaseModel):
    items: list[AuditEntry]
    total: int
    limit: int
    offset: int
