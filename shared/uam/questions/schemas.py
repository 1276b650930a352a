"""Bodies of POST /nlq."""

import uuid
from typing import Any

from pydantic import BaseModel, Field

MAX_QUESTION_CHARS = 1000


class QuestionRequest(BaseModel):
    dataset_id: uuid.UUID
    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        examples=["average body_mass_g by species and sex"],
    )


class Answer(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


class AnswerChart(BaseModel):
    kind: str = Field(description="bar | histogram")
    filename: str
    download_url: str = Field(description="a PNG, valid for 15 minutes")


class QuestionResponse(BaseModel):
    question: str
    supported: bool
    interpretation: str | None = Field(
        default=None, description="one plain sentence of what was computed"
    )
    answer: Answer | None = None
    sql: str | None = Field(default=None, description="the query run, shown for transparency")
    chart: AnswerChart | None = None
    reason: str | None = Field(default=None, description="why a question was not understood")
    notes: list[str] = Field(
        default=[], description="what a person should know, e.g. a value the column lacks"
    )
    examples: list[str] = Field(
        default=[], description="questions this dataset can answer (when not understood)"
    )
