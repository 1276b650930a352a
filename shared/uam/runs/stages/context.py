"""What every stage needs: its run, progress and log writes, and the run's objects in S3.

Each write commits at once in its own short transaction, so a person following the run sees
progress and log lines as they happen, and a crash loses nothing already reported.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import cast, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert

from uam.aws import s3 as storage
from uam.checksums import file_sha256
from uam.config import get_aws_settings
from uam.content_types import content_type_for
from uam.datasets.models import Dataset
from uam.db.engine import session_scope
from uam.runs import keys, lifecycle
from uam.runs.exceptions import RunNoLongerActive, StageInputMissing
from uam.runs.faults import maybe_inject
from uam.runs.models import Artifact, Run


@dataclass
class StageContext:
    run_id: uuid.UUID
    user_id: uuid.UUID
    options: dict[str, Any]
    dataset_filename: str
    dataset_parquet_key: str | None
    column_types: dict[str, str]
    started_at: Any
    s3: Any
    bucket: str

    @classmethod
    def load(cls, run_id: str | uuid.UUID, *, s3: Any) -> StageContext:
        run_uuid = uuid.UUID(str(run_id))
        with session_scope() as session:
            run = session.get(Run, run_uuid)
            if run is None:
                raise RunNoLongerActive(f"run {run_uuid} no longer exists")
            dataset = (
                session.scalar(select(Dataset).where(Dataset.id == run.dataset_id))
                if run.dataset_id
                else None
            )
            return cls(
                run_id=run.id,
                user_id=run.user_id,
                options=dict(run.parameters_json or {}),
                dataset_filename=dataset.filename if dataset else "(deleted dataset)",
                dataset_parquet_key=dataset.parquet_key if dataset else None,
                column_types={c["name"]: c["dtype"] for c in (dataset.columns_json or [])}
                if dataset
                else {},
                started_at=run.started_at,
                s3=s3,
                bucket=get_aws_settings().artifacts_bucket,
            )

    # progress and logs -------------------------------------------------------------------
    def begin(self, task: str, progress: int) -> None:
        """Enter a stage: RunNoLongerActive if the run was cancelled or has ended."""
        self.advance(task, progress)
        maybe_inject(task)

    def advance(self, task: str, progress: int) -> None:
        with session_scope() as session:
            if not lifecycle.advance(self.run_id, task=task, progress=progress, session=session):
                raise RunNoLongerActive(f"run {self.run_id} is no longer in progress")

    def log(self, message: str, level: str = "INFO") -> None:
        with session_scope() as session:
            lifecycle.log(self.run_id, message, session=session, level=level)

    def elapsed(self) -> float:
        """Seconds since the run started (0 before it has)."""
        if self.started_at is None:
            return 0.0
        return max(0.0, (datetime.now(UTC) - self.started_at).total_seconds())

    # objects ------------------------------------------------------------------------------
    def key(self, *parts: str) -> str:
        return keys.key(self.user_id, self.run_id, *parts)

    def download(self, key: str, dest: Path) -> Path:
        if storage.object_size(self.s3, bucket=self.bucket, key=key) is None:
            raise StageInputMissing(
                f"{key.rsplit('/', 1)[-1]} is missing: an earlier stage did not finish"
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        storage.download(self.s3, bucket=self.bucket, key=key, dest=dest)
        return dest

    def download_dataset(self, key: str, dest: Path) -> Path:
        """The dataset's Parquet copy (kept by ingest in the same bucket)."""
        try:
            return self.download(key, dest)
        except StageInputMissing:
            raise StageInputMissing("the dataset's data is gone: was it deleted?") from None

    def upload(self, source: Path, key: str) -> tuple[int, str]:
        """Store a file; returns (size, sha256) for the manifest."""
        content_type = content_type_for(source.name)
        storage.upload(
            self.s3, bucket=self.bucket, key=key, source=source, content_type=content_type
        )
        return source.stat().st_size, file_sha256(source)

    def put_json(self, key: str, value: Any) -> int:
        body = json.dumps(value, allow_nan=False, default=str).encode()
        storage.put_bytes(
            self.s3, bucket=self.bucket, key=key, body=body, content_type="application/json"
        )
        return len(body)

    def get_json(self, key: str) -> Any:
        body = storage.get_bytes(self.s3, bucket=self.bucket, key=key)
        if body is None:
            raise StageInputMissing(
                f"{key.rsplit('/', 1)[-1]} is missing: an earlier stage did not finish"
            )
        return json.loads(body)

    def record_artifact(
        self, *, type: str, key: str, filename: str, size: int, metadata: dict[str, Any]
    ) -> uuid.UUID:
        """Insert or refresh the artifact row for `key` (a retried stage keeps one row)."""
        with session_scope() as session:
            statement = insert(Artifact).values(
                id=uuid.uuid4(),
                run_id=self.run_id,
                type=type,
                storage_key=key,
                filename=filename,
                size_bytes=size,
                metadata_json=metadata,
            )
            statement = statement.on_conflict_do_update(
                index_elements=[Artifact.run_id, Artifact.storage_key],
                set_={
                    "type": statement.excluded.type,
                    "filename": statement.excluded.filename,
                    "size_bytes": statement.excluded.size_bytes,
                    "metadata_json": statement.excluded.metadata_json,
                },
            ).returning(Artifact.id)
            return session.execute(statement).scalar_one()

    def annotate_artifact(self, key: str, extra: dict[str, Any]) -> None:
        """Merge `extra` into an artifact's metadata (ranks are known only after training)."""
        with session_scope() as session:
            session.execute(
                update(Artifact)
                .where(Artifact.run_id == self.run_id, Artifact.storage_key == key)
                .values(metadata_json=Artifact.metadata_json.op("||")(cast(extra, JSONB)))
            )

    def store_artifact(
        self, source: Path, key: str, *, type: str, metadata: dict[str, Any] | None = None
    ) -> uuid.UUID:
        size, sha = self.upload(source, key)
        return self.record_artifact(
            type=type,
            key=key,
            filename=source.name,
            size=size,
            metadata={**(metadata or {}), "sha256": sha},
        )
