"""Request and response bodies of /datasets."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

# Any real file's name fits (file systems stop at 255 bytes); a longer one is refused (422).
# The name stored is cut to 120 characters anyway, its extension kept.
MAX_FILENAME_CHARS = 1024


class PresignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: uuid.UUID
    filename: Annotated[str, Field(min_length=1, max_length=MAX_FILENAME_CHARS)]
    size: Annotated[int, Field(description="the file's size in bytes")]
    content_type: Annotated[str | None, Field(max_length=255)] = None


class PresignedUpload(BaseModel):
    url: str
    fields: dict[str, str]


class PresignResponse(BaseModel):
    dataset_id: uuid.UUID
    upload: PresignedUpload
    expires_at: datetime


class DatasetStatusResponse(BaseModel):
    dataset_id: uuid.UUID
    status: str


class ColumnSummary(BaseModel):
    name: str
    dtype: str
    missing: int
    unique: int
    formula_like: bool = False


class DatasetPublic(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    filename: str
    status: str
    error: str | None
    rows: int | None
    cols: int | None
    columns: list[ColumnSummary]
    size_bytes: int | None
    uploaded_at: datetime


class Preview(BaseModel):
    columns: list[str]
    first_rows: list[dict[str, Any]]


class UploadResponse(BaseModel):
    dataset_id: uuid.UUID
    status: str
    error: str | None = None
    preview: Preview | None
