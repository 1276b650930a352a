"""Table: projects, each owned by one user."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from uam.db.base import Base, CreatedAt, UuidPrimaryKey, utcnow


class Project(UuidPrimaryKey, CreatedAt, Base):
    __tablename__ = "projects"

    # Deleting a user deletes their projects (and, through them, everything else).
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
