"""Bodies of POST /models/{id}/predict."""

import uuid
from typing import Any

from pydantic import BaseModel, Field


class PredictRequest(BaseModel):
    # list[Any], not list[dict]: a row that is not an object is refused by the schema check,
    # which names the row, instead of by pydantic's generic error.
    rows: list[Any] = Field(
        description="one object per row: every training column, null where unknown",
        examples=[[{"island": "Biscoe", "bill_length_mm": 45.2, "sex": "female"}]],
    )


class PredictionFlag(BaseModel):
    row: int = Field(description="1-based position of the row in the request")
    column: str
    kind: str = Field(description="unseen_category | out_of_range")
    message: str


class PredictionResponse(BaseModel):
    model_id: uuid.UUID
    artifact_id: uuid.UUID = Field(description="the stored `prediction` artifact (CSV)")
    task: str
    target: str
    predictions: list[Any]
    probabilities: list[dict[str, float | None]] | None = Field(
        default=None, description="classification: per row, each class's probability (sum 1)"
    )
    classes: list[str] | None = None
    warnings: list[str] = []
    flags: list[PredictionFlag] = []
