"""Every table, imported in one place so Alembic and tests see the whole schema."""

from uam.admin.models import AuditLog
from uam.auth.models import AuthAttempt, RefreshToken, User
from uam.datasets.models import Dataset
from uam.db.base import Base
from uam.models.models import ModelMeta
from uam.projects.models import Project
from uam.runs.models import Artifact, Log, Run

__all__ = [
    "Artifact",
    "AuditLog",
    "AuthAttempt",
    "Base",
    "Dataset",
    "Log",
    "ModelMeta",
    "Project",
    "RefreshToken",
    "Run",
    "User",
]
