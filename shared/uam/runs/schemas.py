"""Request and response bodies of /runs."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

# A task, metric or model name: the allowed ones are a few words long.
MAX_NAME_CHARS = 100


class RunOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str | None = Field(default=None, max_length=1000)
    # Free strings checked against the dataset in the service, so the answer is a 400 that
    # names the allowed values rather than a schema error.
    task: str = Field(default="auto", max_length=MAX_NAME_CHARS)
    time_budget_s: int | None = Field(default=None, ge=10, le=3600)
    metric: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    models: list[Annotated[str, Field(max_length=MAX_NAME_CHARS)]] | None = Field(
        default=None, min_length=1, max_length=20
    )


class RunStartRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: uuid.UUID
    dataset_id: uuid.UUID
    options: RunOptions = Field(default_factory=RunOptions)


class RunStartResponse(BaseModel):
    run_id: uuid.UUID
    status: str


class LogPublic(BaseModel):
    level: str
    message: str
    timestamp: datetime


class RunPublic(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    dataset_id: uuid.UUID | None
    status: str
    current_task: str | None
    progress: int
    options: dict[str, Any]
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RunStatusResponse(BaseModel):
    run_id: uuid.UUID
    status: str
    current_task: str | None
    progress: int
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None = None
    logs: list[LogPublic]


class CancelResponse(BaseModel):
    run_id: uuid.UUID
    status: str


class ArtifactPublic(BaseModel):
    id: uuid.UUID
    type: str
    filename: str
    size_bytes: int | None
    created_at: datetime
    metadata: dict[str, Any]
    download_url: str
