"""POST /nlq: the owner's READY dataset, the question answered by `uam.nlq`, a chart of a
grouped or distribution answer stored beside the dataset."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from uam.analysis.charts.answer import answer_chart
from uam.aws import s3 as storage
from uam.config import get_aws_settings, get_question_settings
from uam.datasets import service as datasets
from uam.datasets.exceptions import DatasetNotReady
from uam.datasets.models import Dataset, DatasetStatus
from uam.nlq import Limits, NlqExecutionError, NlqResult, TableSchema, answer_question
from uam.questions.data import local_parquet
from uam.questions.exceptions import QuestionTooExpensive
from uam.questions.schemas import Answer, AnswerChart, QuestionResponse

CHART_LINK_SECONDS = 15 * 60
KEEP_SCHEMAS = 32
_schemas: dict[str, TableSchema] = {}


def ask(
    dataset_id: uuid.UUID, question: str, *, owner_id: uuid.UUID, s3: Any, session: Session
) -> QuestionResponse:
    dataset = datasets.get(dataset_id, owner_id=owner_id, session=session)
    if dataset.status != DatasetStatus.READY or not dataset.parquet_key:
        raise DatasetNotReady(
            f"dataset is {dataset.status}, not READY: it has no data to ask about"
        )
    path = local_parquet(dataset, s3=s3)
    try:
        result = answer_question(question, _schema(dataset, path), path, limits=_limits())
    except NlqExecutionError as exc:
        raise QuestionTooExpensive(_too_expensive(exc)) from None
    if not result.supported:
        return QuestionResponse(
            question=question,
            supported=False,
            interpretation=result.interpretation or None,
            reason=result.reason,
            notes=list(result.notes),
            examples=result.examples,
        )
    return QuestionResponse(
        question=question,
        supported=True,
        interpretation=result.interpretation,
        answer=Answer(columns=result.columns, rows=result.rows, truncated=bool(result.truncated)),
        sql=result.sql,
        notes=list(result.notes),
        chart=_chart(result, dataset, s3=s3) if result.chart and result.rows else None,
    )


def _limits() -> Limits:
    settings = get_question_settings()
    return Limits(
        memory_mb=settings.nlq_memory_mb,
        timeout_s=settings.nlq_timeout_s,
        max_rows=settings.nlq_max_rows,
    )


def _too_expensive(exc: NlqExecutionError) -> str:
    limits = _limits()
    if exc.kind == "timeout":
        return (
            f"the question was understood but computing it took longer than "
            f"{limits.timeout_s:g} s; narrow it with a filter or fewer group columns"
        )
    if exc.kind == "memory":
        return (
            f"the question was understood but computing it needs more than "
            f"{limits.memory_mb} MB; narrow it with a filter or fewer group columns"
        )
    return f"the question was understood but could not be computed: {exc}"


def _schema(dataset: Dataset, path: Path) -> TableSchema:
    """Columns and their categories, read once per dataset in a warm function."""
    key = dataset.parquet_key or ""
    if key not in _schemas:
        types = {c["name"]: c["dtype"] for c in dataset.columns_json or []}
        _schemas[key] = TableSchema.from_parquet(path, column_types=types)
        while len(_schemas) > KEEP_SCHEMAS:
            _schemas.pop(next(iter(_schemas)))  # the oldest read
    return _schemas[key]


def _chart(result: NlqResult, dataset: Dataset, *, s3: Any) -> AnswerChart:
    *group_columns, value_column = range(len(result.columns))
    labels = [" / ".join(str(row[i]) for i in group_columns) for row in result.rows]
    values = [row[value_column] for row in result.rows]
    chart_id = uuid.uuid4()
    filename = f"answer-{chart_id.hex[:12]}.png"
    with tempfile.TemporaryDirectory(prefix="uam-nlq-") as tmp:
        drawn = answer_chart(
            labels, values, Path(tmp), title=result.interpretation,
            value_label=result.columns[value_column], filename=filename,
        )  # fmt: skip
        # Answers' charts are throw-away (their link lasts minutes): the bucket's lifecycle
        # rule on answers/ deletes them after a day, whatever happens to the dataset.
        key = f"answers/{dataset.user_id}/{dataset.id}/{filename}"
        bucket = get_aws_settings().artifacts_bucket
        storage.upload(s3, bucket=bucket, key=key, source=drawn.path, content_type="image/png")
    url = storage.presigned_get(
        s3, bucket=bucket, key=key, filename=filename, content_type="image/png",
        expires_in=CHART_LINK_SECONDS,
    )  # fmt: skip
    return AnswerChart(kind=result.chart.kind, filename=filename, download_url=url)
