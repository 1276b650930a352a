"""Platform statistics for admins, read in one SQL statement (one consistent snapshot)."""

from sqlalchemy import BigInteger, ColumnElement, func, literal_column, select, true
from sqlalchemy.orm import Session

from uam.admin.schemas import (
    AdminStats,
    BucketUsage,
    RunCounts,
    StatusCounts,
    StorageStats,
    UserCounts,
)
from uam.auth.models import Role, User
from uam.config import get_aws_settings
from uam.datasets.models import Dataset, DatasetStatus
from uam.models.models import ModelMeta
from uam.projects.models import Project
from uam.runs.models import Artifact, Run, RunStatus

STORAGE_SOURCE = (
    "database metadata, not a listing of the buckets: the sizes recorded for each dataset "
    "upload (the declared size until ingest measures the file) and each run artifact; "
    "objects with no recorded size, such as a dataset's Parquet copy, add nothing"
)

DAY = literal_column("interval '24 hours'")


def _count(label: str, condition: ColumnElement[bool] | None = None) -> ColumnElement[int]:
    counted = func.count() if condition is None else func.count().filter(condition)
    return counted.label(label)


def _bytes(label: str, column: ColumnElement[int | None]) -> ColumnElement[int]:
    # sum() of a bigint is numeric in PostgreSQL; the cast keeps it an integer.
    return func.coalesce(func.sum(column), 0).cast(BigInteger).label(label)


def collect(*, session: Session) -> AdminStats:
    """Counts of users, projects, datasets and runs by status, models, recorded storage."""
    users = select(
        _count("users"),
        _count("admins", User.role == Role.ADMIN),
        _count("disabled", User.disabled_at.is_not(None)),
    ).subquery()
    projects = select(_count("projects")).select_from(Project).subquery()
    datasets = select(
        _count("datasets"),
        *(_count(f"datasets_{s}", Dataset.status == s) for s in DatasetStatus),
        _bytes("upload_bytes", Dataset.size_bytes),
        _count("uploads_unsized", Dataset.size_bytes.is_(None)),
    ).subquery()
    runs = select(
        _count("runs"),
        *(_count(f"runs_{s}", Run.status == s) for s in RunStatus),
        # The database's clock for both ends, so the window does not depend on the caller's.
        _count("runs_last_24h", Run.created_at >= func.now() - DAY),
    ).subquery()
    models = select(_count("models")).select_from(ModelMeta).subquery()
    artifacts = select(
        _count("artifacts"),
        _bytes("artifact_bytes", Artifact.size_bytes),
        _count("artifacts_unsized", Artifact.size_bytes.is_(None)),
    ).subquery()
    # Each subquery is one row; joining them on true is one statement, one snapshot.
    joined = users
    for part in (projects, datasets, runs, models, artifacts):
        joined = joined.join(part, true())
    row = session.execute(select(func.now().label("now"), joined)).one()._mapping
    aws = get_aws_settings()
    return AdminStats(
        generated_at=row["now"],
        users=UserCounts(total=row["users"], admins=row["admins"], disabled=row["disabled"]),
        projects=row["projects"],
        datasets=StatusCounts(
            total=row["datasets"], by_status={s: row[f"datasets_{s}"] for s in DatasetStatus}
        ),
        runs=RunCounts(
            total=row["runs"],
            by_status={s: row[f"runs_{s}"] for s in RunStatus},
            last_24h=row["runs_last_24h"],
        ),
        models=row["models"],
        storage=StorageStats(
            source=STORAGE_SOURCE,
            buckets=[
                BucketUsage(
                    bucket=aws.uploads_bucket,
                    holds="uploads",
                    bytes=row["upload_bytes"],
                    objects=row["datasets"],
                    objects_without_size=row["uploads_unsized"],
                ),
                BucketUsage(
                    bucket=aws.artifacts_bucket,
                    holds="artifacts",
                    bytes=row["artifact_bytes"],
                    objects=row["artifacts"],
                    objects_without_size=row["artifacts_unsized"],
                ),
            ],
        ),
    )
