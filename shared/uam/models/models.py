"""Table: model_meta, one trained model of a run."""

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from uam.db.base import Base, CreatedAt, UuidPrimaryKey


class ModelMeta(UuidPrimaryKey, CreatedAt, Base):
    __tablename__ = "model_meta"
    __table_args__ = (UniqueConstraint("run_id", "name", "version"),)

    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)
    rank: Mapped[int | None] = mapped_column(Integer)
    task: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(255))
    metrics_json: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # [{name, dtype}] of the training columns: predict checks rows against it.
    features_json: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    storage_key: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str] = mapped_column(String(64))
