"""Who may ingest a dataset now: one atomic UPDATE decides, so duplicate and concurrent
deliveries of the same S3 event end in one state and one Parquet copy."""

import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from uam.datasets.models import Dataset, DatasetStatus


class Claim(StrEnum):
    TAKEN = "taken"  # this worker ingests it now
    DONE = "done"  # READY or INVALID already: a duplicate delivery, nothing to do
    BUSY = "busy"  # another worker holds a fresh claim
    GONE = "gone"  # no such dataset (deleted, or a key we never issued)


def claim(
    dataset_id: uuid.UUID, storage_key: str, *, lease_seconds: int, session: Session
) -> Claim:
    now = datetime.now(UTC)
    stale = now - timedelta(seconds=lease_seconds)
    taken = session.execute(
        update(Dataset)
        .where(
            Dataset.id == dataset_id,
            Dataset.storage_key == storage_key,
            or_(
                Dataset.status == DatasetStatus.UPLOADING,
                # A worker that died mid-ingest leaves PROCESSING behind; its lease runs out.
                and_(Dataset.status == DatasetStatus.PROCESSING, Dataset.updated_at < stale),
            ),
        )
        .values(status=DatasetStatus.PROCESSING, updated_at=now, error=None)
        .returning(Dataset.id)
    ).scalar_one_or_none()
    if taken:
        return Claim.TAKEN
    status = session.scalar(
        select(Dataset.status).where(Dataset.id == dataset_id, Dataset.storage_key == storage_key)
    )
    if status is None:
        return Claim.GONE
    if status in (DatasetStatus.READY, DatasetStatus.INVALID):
        return Claim.DONE
    return Claim.BUSY


def release(dataset_id: uuid.UUID, *, session: Session) -> None:
    """Give a claim back after a transient failure so the retry can take it at once."""
    session.execute(
        update(Dataset)
        .where(Dataset.id == dataset_id, Dataset.status == DatasetStatus.PROCESSING)
        .values(status=DatasetStatus.UPLOADING)
    )
