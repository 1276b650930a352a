"""/datasets: presigned uploads, small multipart uploads, list, get, preview, delete."""

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.aws import s3 as storage
from uam.aws import sqs
from uam.aws.clients import client
from uam.config import get_aws_settings, get_dataset_settings
from uam.datasets import events, service
from uam.datasets.exceptions import (
    DatasetBusy,
    DatasetNotReady,
    FileTooLarge,
    InvalidUpload,
    UnsupportedFileType,
    UploadNotArrived,
)
from uam.datasets.models import DatasetStatus
from uam.datasets.schemas import (
    MAX_FILENAME_CHARS,
    DatasetPublic,
    DatasetStatusResponse,
    PresignRequest,
    PresignResponse,
    Preview,
    UploadResponse,
)
from uam.projects.exceptions import ProjectNotFound

router = APIRouter(prefix="/datasets", tags=["datasets"])


@router.post(
    "/presign",
    status_code=status.HTTP_201_CREATED,
    responses=raises(ProjectNotFound, FileTooLarge, UnsupportedFileType, InvalidUpload),
)
def presign(body: PresignRequest, user: CurrentUser, session: SessionDep) -> PresignResponse:
    """A presigned POST for uploading one file straight from the browser to storage."""
    return service.presign(body, owner_id=user.id, s3=client("s3"), session=session)


@router.post(
    "/{dataset_id}/complete",
    status_code=status.HTTP_202_ACCEPTED,
    responses=raises(UploadNotArrived),
)
def complete(
    dataset_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> DatasetStatusResponse:
    """Say the browser's upload finished; ingest starts if S3's own event has not started it."""
    dataset = service.get(dataset_id, owner_id=user.id, session=session)
    if dataset.status == DatasetStatus.UPLOADING:
        service.ensure_uploaded(dataset, s3=client("s3"))
        settings = get_aws_settings()
        if settings.ingest_queue_url:
            # The same message S3 sends: both reach one ingest path, and its claim dedupes.
            body = events.notification_for(settings.uploads_bucket, dataset.storage_key)
            sqs.send(client("sqs"), queue_url=settings.ingest_queue_url, body=body)
        else:
            _ingest_now(dataset.storage_key)
            session.refresh(dataset)
    return DatasetStatusResponse(dataset_id=dataset.id, status=dataset.status)


@router.post(
    "/upload",
    status_code=status.HTTP_201_CREATED,
    responses=raises(ProjectNotFound, FileTooLarge, UnsupportedFileType, InvalidUpload),
)
def upload(
    file: Annotated[UploadFile, File(description="a table: csv, tsv, txt, parquet, json(l), xlsx")],
    project_id: Annotated[uuid.UUID, Form()],
    user: CurrentUser,
    session: SessionDep,
) -> UploadResponse:
    """Upload a small file through the API and ingest it before answering."""
    if len(file.filename or "") > MAX_FILENAME_CHARS:
        raise InvalidUpload(
            f"the file name is {len(file.filename or ''):,} characters long; "
            f"at most {MAX_FILENAME_CHARS:,} are accepted: rename the file"
        )
    limit = get_dataset_settings().max_multipart_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(
            f"files over {limit:,} bytes go through POST /datasets/presign (direct upload)"
        )
    dataset = service.new_dataset(
        owner_id=user.id,
        project_id=project_id,
        filename=file.filename or "",
        size=len(data),
        session=session,
    )
    storage.put_bytes(
        client("s3"),
        bucket=get_aws_settings().uploads_bucket,
        key=dataset.storage_key,
        body=data,
        content_type=dataset.content_type or "application/octet-stream",
    )
    # Ingest runs in its own transactions, so the row must be visible to them first.
    session.commit()
    try:
        _ingest_now(dataset.storage_key)
    except DatasetBusy:
        # S3's own event for this object reached the ingest function first: same work, same
        # result, so wait for it rather than failing the upload.
        service.wait_for_ingest(dataset, session=session)
    session.refresh(dataset)
    ready = dataset.status == DatasetStatus.READY
    return UploadResponse(
        dataset_id=dataset.id,
        status=dataset.status,
        error=dataset.error,
        preview=service.preview(dataset, get_dataset_settings().max_preview_rows)
        if ready
        else None,
    )


def _ingest_now(key: str) -> None:
    # Imported here: parsing pulls in pyarrow, which the API's cold start must not pay for.
    from uam.datasets.ingest import ingest_upload

    ingest_upload(get_aws_settings().uploads_bucket, key, s3=client("s3"))


@router.get("", responses=raises(ProjectNotFound))
def list_datasets(
    user: CurrentUser, session: SessionDep, project_id: uuid.UUID | None = None
) -> list[DatasetPublic]:
    """The user's datasets, newest first, optionally in one project."""
    datasets = service.list_for(user.id, project_id=project_id, session=session)
    return [service.to_public(d) for d in datasets]


@router.get("/{dataset_id}")
def get_dataset(dataset_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> DatasetPublic:
    """One dataset, with its columns once READY and its error if INVALID."""
    return service.to_public(service.get(dataset_id, owner_id=user.id, session=session))


@router.get("/{dataset_id}/preview", responses=raises(DatasetNotReady))
def preview(
    dataset_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    rows: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Preview:
    """The first rows of a READY dataset."""
    dataset = service.get(dataset_id, owner_id=user.id, session=session)
    if dataset.status != DatasetStatus.READY:
        raise DatasetNotReady(f"dataset is {dataset.status}, not READY: no preview yet")
    return service.preview(dataset, rows)


@router.delete("/{dataset_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_dataset(dataset_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """Delete a dataset and its stored files."""
    keys = service.remove(dataset_id, owner_id=user.id, session=session)
    session.commit()
    service.delete_objects(keys, s3=client("s3"))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
