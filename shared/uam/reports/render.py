"""Render a finished run's report again (RenderReportFunction, one SQS message per request).

The PDF is built by the report stage's own code from the run's stored objects, written to
the report's key and recorded on its row. Duplicate deliveries converge: a report already
ready or failed is left alone, and two deliveries rendering at once write the same key and
the same row. A failure that a retry cannot fix (an input the run no longer has, results
that cannot be read) marks the report failed and returns; anything else (the database, S3)
raises, so SQS delivers the message again.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select

from uam.aws import s3 as storage
from uam.db.engine import session_scope
from uam.reports import service
from uam.reports.schemas import ReportStatus
from uam.runs.exceptions import RunNoLongerActive, StageInputMissing
from uam.runs.models import Artifact
from uam.runs.stages import report as report_stage
from uam.runs.stages.context import StageContext

log = logging.getLogger(__name__)
# Rendering the same stored objects again fails the same way: no point in retrying these.
PERMANENT = (StageInputMissing, KeyError, TypeError, ValueError)


class Outcome(StrEnum):
    RENDERED = "rendered"
    ALREADY_DONE = "already_done"  # ready or failed: a duplicate delivery
    FAILED = "failed"
    GONE = "gone"  # no such report (its run was deleted)


def render_request(body: str, *, s3: Any) -> Outcome:
    """One queue message, {"report_id": ...}."""
    return render(uuid.UUID(json.loads(body)["report_id"]), s3=s3)


def render(report_id: uuid.UUID, *, s3: Any) -> Outcome:
    with session_scope() as session:
        report = session.scalar(
            select(Artifact).where(Artifact.id == report_id, Artifact.type == service.REPORT)
        )
        if report is None:
            return Outcome.GONE
        run_id, key, requested = report.run_id, report.storage_key, dict(report.metadata_json)
    if requested.get("status") != ReportStatus.RENDERING:
        return Outcome.ALREADY_DONE
    try:
        ctx = StageContext.load(run_id, s3=s3)
        with tempfile.TemporaryDirectory(prefix="uam-render-report-") as tmp:
            path, headline = report_stage.write_report(ctx, Path(tmp))
            size, sha256 = ctx.upload(path, key)
    except RunNoLongerActive:
        return Outcome.GONE
    except PERMANENT as exc:
        log.warning("report %s cannot be rendered: %r", report_id, exc)
        with session_scope() as session:
            service.mark_failed(report_id, error=_words(exc), session=session)
        return Outcome.FAILED
    metadata = {
        **headline,
        "sha256": sha256,
        "status": ReportStatus.READY,
        "requested_at": requested.get("requested_at"),
        "rendered_at": datetime.now(UTC).isoformat(),
    }
    with session_scope() as session:
        recorded = service.mark_ready(report_id, size=size, metadata=metadata, session=session)
    if not recorded:  # the run was deleted while this rendered: leave no orphan behind
        storage.delete(s3, bucket=ctx.bucket, keys=[key])
        return Outcome.GONE
    return Outcome.RENDERED


def _words(exc: Exception) -> str:
    if isinstance(exc, StageInputMissing):
        return str(exc)
    return f"the run's stored results could not be read ({type(exc).__name__}: {exc})"
