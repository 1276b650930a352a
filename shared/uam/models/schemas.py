"""Response bodies of /models: what a model is, never the rows it was trained on."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class FeaturePublic(BaseModel):
    name: str
    dtype: str


class ModelPublic(BaseModel):
    id: uuid.UUID
    run_id: uuid.UUID
    name: str
    version: int
    rank: int | None
    task: str
    target: str
    metrics: dict[str, Any]
    features: list[FeaturePublic]
    created_at: datetime
