"""Dataset use cases on the API side: presign, list, get, preview, delete.

Lean on purpose (no pyarrow here): parsing lives in `ingest`, which the API imports
only inside the small-file upload route.
"""

import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from uam.aws import s3 as storage
from uam.config import get_aws_settings, get_dataset_settings
from uam.datasets import naming
from uam.datasets.exceptions import (
    DatasetBusy,
    DatasetNotFound,
    FileTooLarge,
    InvalidUpload,
    UploadNotArrived,
)
from uam.datasets.models import Dataset, DatasetStatus
from uam.datasets.schemas import (
    ColumnSummary,
    DatasetPublic,
    PresignedUpload,
    PresignRequest,
    PresignResponse,
    Preview,
)
from uam.projects import service as projects


def check_size(size: int) -> None:
    limit = get_dataset_settings().max_upload_bytes
    if size <= 0:
        raise InvalidUpload("size must be the file's size in bytes, and an empty file has no data")
    if size > limit:
        raise FileTooLarge(f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def new_dataset(
    *, owner_id: uuid.UUID, project_id: uuid.UUID, filename: str, size: int, session: Session
) -> Dataset:
    """The row for an upload about to happen, after every check that can refuse it."""
    projects.get(project_id, owner_id=owner_id, session=session)  # 404 for another's project
    safe_name = naming.sanitize_filename(filename)
    content_type = naming.content_type_for(safe_name)
    check_size(size)
    dataset_id = uuid.uuid4()
    dataset = Dataset(
        id=dataset_id,
        project_id=project_id,
        user_id=owner_id,
        filename=safe_name,
        storage_key=naming.upload_key(owner_id, dataset_id, safe_name),
        content_type=content_type,
        size_bytes=size,
        status=DatasetStatus.UPLOADING,
    )
    session.add(dataset)
    session.flush()
    return dataset


def presign(
    body: PresignRequest, *, owner_id: uuid.UUID, s3: Any, session: Session
) -> PresignResponse:
    dataset = new_dataset(
        owner_id=owner_id,
        project_id=body.project_id,
        filename=body.filename,
        size=body.size,
        session=session,
    )
    expires_in = get_dataset_settings().presign_expires_seconds
    post = storage.presigned_post(
        s3,
        bucket=get_aws_settings().uploads_bucket,
        key=dataset.storage_key,
        # The type we derive from the name, not the client's: the policy pins what S3 stores.
        content_type=dataset.content_type or "application/octet-stream",
        max_bytes=body.size,
        expires_in=expires_in,
    )
    return PresignResponse(
        dataset_id=dataset.id,
        upload=PresignedUpload(url=post["url"], fields=post["fields"]),
        expires_at=datetime.now(UTC) + timedelta(seconds=expires_in),
    )


def get(dataset_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> Dataset:
    dataset = session.scalar(
        select(Dataset).where(Dataset.id == dataset_id, Dataset.user_id == owner_id)
    )
    if dataset is None:
        raise DatasetNotFound()
    return dataset


def list_for(
    owner_id: uuid.UUID, *, project_id: uuid.UUID | None, session: Session
) -> Sequence[Dataset]:
    query = select(Dataset).where(Dataset.user_id == owner_id)
    if project_id is not None:
        # Another user's project is a 404, not an empty list: a filter never confirms an id.
        projects.get(project_id, owner_id=owner_id, session=session)
        query = query.where(Dataset.project_id == project_id)
    return session.scalars(query.order_by(Dataset.uploaded_at.desc())).all()


def ensure_uploaded(dataset: Dataset, *, s3: Any) -> int:
    """The stored object's size; 409 while the browser's POST has not landed."""
    size = storage.object_size(
        s3, bucket=get_aws_settings().uploads_bucket, key=dataset.storage_key
    )
    if size is None:
        raise UploadNotArrived(
            "the file has not arrived in storage yet: POST it to the presigned URL first"
        )
    return size


def wait_for_ingest(dataset: Dataset, *, session: Session, timeout_s: float = 25.0) -> None:
    """Wait while another worker ingests `dataset` (bounded below API Gateway's 30 s)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        session.refresh(dataset)
        if dataset.status in (DatasetStatus.READY, DatasetStatus.INVALID):
            return
        time.sleep(0.1)
    raise DatasetBusy("the file is still being processed; check GET /datasets/{id} shortly")


def to_public(dataset: Dataset) -> DatasetPublic:
    return DatasetPublic(
        id=dataset.id,
        project_id=dataset.project_id,
        filename=dataset.filename,
        status=dataset.status,
        error=dataset.error,
        rows=dataset.rows,
        cols=dataset.cols,
        columns=[ColumnSummary.model_validate(c) for c in dataset.columns_json or []],
        size_bytes=dataset.size_bytes,
        uploaded_at=dataset.uploaded_at,
    )


def preview(dataset: Dataset, rows: int) -> Preview:
    columns = [c["name"] for c in dataset.columns_json or []]
    return Preview(columns=columns, first_rows=(dataset.preview_json or [])[:rows])


def object_keys(dataset: Dataset) -> list[str]:
    return [dataset.storage_key, naming.parquet_key(dataset.user_id, dataset.id)]


def object_keys_in_project(
    project_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session
) -> list[str]:
    """Every stored object of a project's datasets (deleting the project removes them)."""
    datasets = session.scalars(
        select(Dataset).where(Dataset.project_id == project_id, Dataset.user_id == owner_id)
    )
    return [key for dataset in datasets for key in object_keys(dataset)]


def remove(dataset_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> list[str]:
    """Delete the row; returns the object keys the caller removes once this commits."""
    dataset = get(dataset_id, owner_id=owner_id, session=session)
    keys = object_keys(dataset)
    session.execute(delete(Dataset).where(Dataset.id == dataset.id))
    return keys


def delete_objects(keys: list[str], *, s3: Any) -> None:
    # Rows go first: a row pointing at a missing object is worse than an orphaned object.
    settings = get_aws_settings()
    storage.delete(
        s3, bucket=settings.uploads_bucket, keys=[k for k in keys if k.startswith("uploads/")]
    )
    storage.delete(
        s3, bucket=settings.artifacts_bucket, keys=[k for k in keys if not k.startswith("uploads/")]
    )
