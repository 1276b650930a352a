"""Report use cases on the API side: ask for a re-render, find a report, hand it out.

Lean on purpose: rendering (reportlab, matplotlib) happens in RenderReportFunction, which
the queue message reaches; here a request is one artifact row and one message. A report is
an artifact of type "report": the report stage's own PDF and every re-render alike.
"""

import json
import logging
import re
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import cast, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from uam.aws import s3 as storage
from uam.aws import sqs as queue
from uam.config import get_aws_settings
from uam.datasets.models import Dataset
from uam.datasets.naming import ALLOWED_EXTENSIONS
from uam.reports.exceptions import (
    ReportFileMissing,
    ReportNotFound,
    ReportNotQueued,
    ReportRenderFailed,
    ReportStillRendering,
    ReportTooLargeToStream,
    RunNotFinished,
)
from uam.reports.schemas import ReportStatus
from uam.runs import keys
from uam.runs import service as runs
from uam.runs.models import Artifact, Run, RunStatus

log = logging.getLogger(__name__)
REPORT = "report"  # the artifact type
PDF = "application/pdf"
DOWNLOAD_LINK_SECONDS = 5 * 60
RETRY_AFTER_S = 5
# The renderer gets 3 deliveries at most, 30 minutes apart (the queue's visibility timeout):
# a report still "rendering" well after that was dead-lettered and never will be written.
RENDER_GIVES_UP_AFTER = timedelta(hours=2)
# A Lambda response carries 6 MB, and a binary body travels base64-encoded (4/3 larger).
INLINE_MAX_BYTES = 4 * 1024**2
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def request(run_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> Artifact:
    """The row of a new rendering of a finished run's report (the caller commits)."""
    run = runs.get(run_id, owner_id=owner_id, session=session)
    if run.status != RunStatus.SUCCEEDED:
        raise RunNotFinished(_not_finished(run.status))
    report_id = uuid.uuid4()
    dataset = session.get(Dataset, run.dataset_id) if run.dataset_id else None
    report = Artifact(
        id=report_id,
        run_id=run.id,
        type=REPORT,
        storage_key=keys.key(run.user_id, run.id, "report", f"report-{report_id}.pdf"),
        filename=f"{_stem(dataset.filename if dataset else '')}-report-{report_id.hex[:8]}.pdf",
        size_bytes=None,
        metadata_json={
            "status": ReportStatus.RENDERING,
            "requested_at": datetime.now(UTC).isoformat(),
        },
    )
    session.add(report)
    session.flush()
    return report


def enqueue(report: Artifact, *, sqs: Any, session: Session) -> None:
    """Ask the renderer for `report`, whose row is committed. If the queue refuses, the
    report is marked failed, so nobody waits for a render that will never come."""
    url = get_aws_settings().report_requests_queue_url
    try:
        if not url:
            raise ReportNotQueued("no report queue is configured (REPORT_REQUESTS_QUEUE_URL)")
        queue.send(sqs, queue_url=url, body=json.dumps({"report_id": str(report.id)}))
    except Exception as exc:
        log.exception("could not queue report %s", report.id)
        mark_failed(report.id, error=f"the request could not be queued: {exc}", session=session)
        session.commit()
        raise ReportNotQueued(
            "the report service did not accept the request; try POST /reports/generate again"
        ) from exc


def get(report_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> Artifact:
    report = session.scalar(
        select(Artifact)
        .join(Run, Run.id == Artifact.run_id)
        .where(Artifact.id == report_id, Artifact.type == REPORT, Run.user_id == owner_id)
    )
    if report is None:
        raise ReportNotFound()
    return report


def download_url(report: Artifact, *, s3: Any) -> str:
    """A short-lived link that saves the PDF under the report's file name."""
    _check_ready(report)
    return storage.presigned_get(
        s3,
        bucket=get_aws_settings().artifacts_bucket,
        key=report.storage_key,
        filename=report.filename,
        content_type=PDF,
        expires_in=DOWNLOAD_LINK_SECONDS,
    )


def read(report: Artifact, *, s3: Any) -> bytes:
    """The PDF itself, for ?inline=1 (the API streams it)."""
    _check_ready(report)
    if (report.size_bytes or 0) > INLINE_MAX_BYTES:
        raise ReportTooLargeToStream(
            f"the report is {report.size_bytes:,} bytes, more than the API can stream "
            f"({INLINE_MAX_BYTES:,}); download it without inline=1"
        )
    body = storage.get_bytes(s3, bucket=get_aws_settings().artifacts_bucket, key=report.storage_key)
    if body is None:
        raise ReportFileMissing(
            "the report's file is gone; ask for a new one with POST /reports/generate"
        )
    return body


def inline_disposition(report: Artifact) -> str:
    return 'inline; filename="{}"'.format(report.filename.replace('"', ""))


def mark_ready(
    report_id: uuid.UUID, *, size: int, metadata: dict[str, Any], session: Session
) -> bool:
    """Record the written PDF; False when the row is gone (its run was deleted meanwhile)."""
    updated = session.execute(
        update(Artifact)
        .where(Artifact.id == report_id, Artifact.type == REPORT)
        .values(size_bytes=size, metadata_json=metadata)
        .returning(Artifact.id)
    ).scalar_one_or_none()
    return updated is not None


def mark_failed(report_id: uuid.UUID, *, error: str, session: Session) -> None:
    """Fail a report still rendering; one already written stays written (a late duplicate
    delivery that failed must not hide a PDF another delivery stored)."""
    extra = {
        "status": ReportStatus.FAILED,
        "error": error[:1000],
        "failed_at": datetime.now(UTC).isoformat(),
    }
    session.execute(
        update(Artifact)
        .where(
            Artifact.id == report_id,
            Artifact.type == REPORT,
            Artifact.metadata_json["status"].astext == ReportStatus.RENDERING,
        )
        .values(metadata_json=Artifact.metadata_json.op("||")(cast(extra, JSONB)))
    )


def _check_ready(report: Artifact) -> None:
    metadata = report.metadata_json or {}
    status = metadata.get("status", ReportStatus.READY)
    if status == ReportStatus.RENDERING:
        requested = metadata.get("requested_at")
        age = datetime.now(UTC) - datetime.fromisoformat(requested) if requested else None
        if age is None or age < RENDER_GIVES_UP_AFTER:
            raise ReportStillRendering(RETRY_AFTER_S)
        raise ReportRenderFailed(
            "the report was never rendered (the renderer gave up); "
            "ask for a new one with POST /reports/generate"
        )
    if status == ReportStatus.FAILED:
        raise ReportRenderFailed(
            f"the report could not be rendered: {metadata.get('error')}; "
            "ask for a new one with POST /reports/generate"
        )


def _not_finished(status: str) -> str:
    if status in (RunStatus.PENDING, RunStatus.RUNNING):
        return f"run is {status}: its report is written when it finishes"
    return f"run is {status}: only a run that SUCCEEDED has results to report"


def _stem(filename: str) -> str:
    """'penguins.csv.gz' -> 'penguins': a file name part safe in any header."""
    path = PurePosixPath(filename)
    while path.suffix.lower().lstrip(".") in (*ALLOWED_EXTENSIONS, "gz"):
        path = path.with_suffix("")
    ascii_name = unicodedata.normalize("NFKD", path.name).encode("ascii", "ignore").decode()
    return _NOT_NAME.sub("_", ascii_name).strip("._-")[:80] or "analysis"
