"""Table: datasets, an uploaded file and what ingest learned about it."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from uam.db.base import Base, UuidPrimaryKey, utcnow


class DatasetStatus(StrEnum):
    UPLOADING = "UPLOADING"
    PROCESSING = "PROCESSING"
    READY = "READY"
    INVALID = "INVALID"


class Dataset(UuidPrimaryKey, Base):
    __tablename__ = "datasets"
    __table_args__ = (
        CheckConstraint("status IN ('UPLOADING', 'PROCESSING', 'READY', 'INVALID')", name="status"),
    )

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    # The owner, kept on the row so every tenant filter is one indexed equality.
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    storage_key: Mapped[str] = mapped_column(String(1024), unique=True)
    parquet_key: Mapped[str | None] = mapped_column(String(1024))
    content_type: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=DatasetStatus.UPLOADING)
    error: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int | None] = mapped_column(BigInteger)
    cols: Mapped[int | None] = mapped_column(Integer)
    columns_json: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    # JSON, not JSONB: JSONB reorders object keys, and a preview keeps the file's column order.
    preview_json: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
