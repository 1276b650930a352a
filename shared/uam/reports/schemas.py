"""Request and response bodies of /reports, and the states a report goes through."""

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ReportStatus(StrEnum):
    """In the report artifact's metadata; the report stage's own PDF has none: it is ready."""

    RENDERING = "rendering"
    READY = "ready"
    FAILED = "failed"


class ReportGenerateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: uuid.UUID


class ReportGenerateResponse(BaseModel):
    report_id: uuid.UUID
    status: ReportStatus
