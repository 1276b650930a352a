"""Ingest one uploaded object: re-check it, parse it, keep a Parquet copy, record the outcome.

Imports pyarrow (through `parsing`): the ingest function uses it, the API imports it only
inside the small-file upload route.
"""

import logging
import tempfile
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import update

from uam.aws import s3 as storage
from uam.config import get_aws_settings, get_dataset_settings
from uam.datasets import naming
from uam.datasets.claims import Claim, claim, release
from uam.datasets.exceptions import DatasetBusy
from uam.datasets.models import Dataset, DatasetStatus
from uam.datasets.parsing import InvalidDataset, ParsedTable, ParseLimits, parse_file, write_parquet
from uam.db.engine import session_scope

log = logging.getLogger(__name__)

PARQUET_CONTENT_TYPE = "application/vnd.apache.parquet"


@dataclass(frozen=True)
class IngestResult:
    dataset_id: uuid.UUID | None
    outcome: str  # READY, INVALID, or the claim that made it a no-op (done, gone)
    size_bytes: int = 0  # the uploaded file's, when this call made it READY


def ingest_upload(bucket: str, key: str, *, s3: Any) -> IngestResult:
    """Ingest the object at bucket/key; safe to call any number of times for one object."""
    ids = naming.ids_from_upload_key(key)
    if bucket != get_aws_settings().uploads_bucket or ids is None:
        log.warning("ignoring object outside our upload keys: s3://%s/%s", bucket, key)
        return IngestResult(None, Claim.GONE)
    user_id, dataset_id = ids
    settings = get_dataset_settings()
    with session_scope() as session:
        state = claim(dataset_id, key, lease_seconds=settings.ingest_lease_seconds, session=session)
    if state is Claim.BUSY:
        raise DatasetBusy(f"dataset {dataset_id} is being ingested by another worker")
    if state is not Claim.TAKEN:
        return IngestResult(dataset_id, state)
    try:
        return _ingest_claimed(dataset_id, user_id, bucket, key, s3=s3)
    except InvalidDataset as exc:
        _finish_invalid(dataset_id, str(exc))
        return IngestResult(dataset_id, DatasetStatus.INVALID)
    except BaseException:
        with session_scope() as session:
            release(dataset_id, session=session)
        raise


def _ingest_claimed(
    dataset_id: uuid.UUID, user_id: uuid.UUID, bucket: str, key: str, *, s3: Any
) -> IngestResult:
    settings = get_dataset_settings()
    size = storage.object_size(s3, bucket=bucket, key=key)
    if size is None:
        raise InvalidDataset("the uploaded file is no longer in storage; upload it again")
    # Never trust the client: the emulator ignores POST policies, and old links may linger.
    if size > settings.max_upload_bytes:
        raise InvalidDataset(
            f"the file is {size:,} bytes; the limit is {settings.max_upload_bytes:,} bytes"
        )
    if size == 0:
        raise InvalidDataset("empty file: the upload has no bytes")
    with tempfile.TemporaryDirectory(prefix="uam-ingest-") as tmp:
        raw = Path(tmp) / "upload"
        storage.download(s3, bucket=bucket, key=key, dest=raw)
        parsed = parse_file(raw, filename=key.rsplit("/", 1)[-1], limits=_limits())
        parquet = Path(tmp) / "data.parquet"
        write_parquet(parsed, parquet)
        parquet_key = naming.parquet_key(user_id, dataset_id)
        artifacts = get_aws_settings().artifacts_bucket
        storage.upload(
            s3, bucket=artifacts, key=parquet_key, source=parquet, content_type=PARQUET_CONTENT_TYPE
        )
    if not _finish_ready(dataset_id, parsed, size=size, parquet_key=parquet_key):
        # Deleted while we worked: do not leave its Parquet copy behind.
        storage.delete(s3, bucket=artifacts, keys=[parquet_key])
        return IngestResult(dataset_id, Claim.GONE)
    return IngestResult(dataset_id, DatasetStatus.READY, size_bytes=size)


def _limits() -> ParseLimits:
    s = get_dataset_settings()
    return ParseLimits(
        max_columns=s.max_columns,
        max_cell_bytes=s.max_cell_bytes,
        max_line_bytes=s.max_line_bytes,
        max_decompressed_bytes=s.max_decompressed_bytes,
        preview_rows=s.max_preview_rows,
    )


def _finish_ready(
    dataset_id: uuid.UUID, parsed: ParsedTable, *, size: int, parquet_key: str
) -> bool:
    columns = [asdict(c) for c in parsed.columns]
    with session_scope() as session:
        # Everything a READY dataset shows is written in this one statement, or none of it.
        updated = session.execute(
            update(Dataset)
            .where(Dataset.id == dataset_id, Dataset.status == DatasetStatus.PROCESSING)
            .values(
                status=DatasetStatus.READY,
                error=None,
                rows=parsed.rows,
                cols=len(parsed.columns),
                columns_json=columns,
                preview_json=parsed.preview,
                size_bytes=size,
                parquet_key=parquet_key,
            )
            .returning(Dataset.id)
        ).scalar_one_or_none()
    return updated is not None


def _finish_invalid(dataset_id: uuid.UUID, reason: str) -> None:
    with session_scope() as session:
        session.execute(
            update(Dataset)
            .where(Dataset.id == dataset_id, Dataset.status == DatasetStatus.PROCESSING)
            .values(
                status=DatasetStatus.INVALID,
                error=reason,
                rows=None,
                cols=None,
                columns_json=None,
                preview_json=None,
                parquet_key=None,
            )
        )
