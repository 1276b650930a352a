"""answer_question: a question about one dataset in, a checked answer (or an honest "not
understood" with examples) out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from uam.nlq.describe import describe
from uam.nlq.examples import example_questions
from uam.nlq.execute import Limits, run_query
from uam.nlq.plan import Plan, Unsupported
from uam.nlq.schema import NUMERIC, TableSchema
from uam.nlq.sql import build_query, metric_name
from uam.nlq.translator import RuleTranslator, Translator
from uam.nlq.validate import InvalidPlan, validate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChartSpec:
    """What to draw from `NlqResult.columns/rows`: a bar per `x` value of height `y`
    (one series per `series` value when set), or a histogram whose bars run from `x` to
    `x_end` with height `y`."""

    kind: Literal["bar", "histogram"]
    x: str
    y: str
    series: str | None = None
    x_end: str | None = None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "x": self.x,
            "y": self.y,
            "series": self.series,
            "x_end": self.x_end,
            "title": self.title,
        }


@dataclass(frozen=True)
class NlqResult:
    question: str
    supported: bool
    interpretation: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    sql: str | None = None
    examples: list[str] = field(default_factory=list)
    chart: ChartSpec | None = None
    plan: Plan | None = None
    truncated: bool = False  # more rows than `Limits.max_rows`: only the first are here
    reason: str | None = None  # why an unsupported question was not answered
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "supported": self.supported,
            "interpretation": self.interpretation,
            "answer": {"columns": self.columns, "rows": self.rows, "truncated": self.truncated},
            "sql": self.sql,
            "examples": self.examples,
            "chart": None if self.chart is None else self.chart.to_dict(),
            "plan": None if self.plan is None else self.plan.to_dict(),
            "reason": self.reason,
            "notes": list(self.notes),
        }


def answer_question(
    question: str,
    schema: TableSchema,
    path: Path | str,
    limits: Limits | None = None,
    translator: Translator | None = None,
) -> NlqResult:
    """Answer `question` over the Parquet file at `path` whose schema is `schema`.

    Raises uam.nlq.NlqExecutionError (QueryTimeout, QueryOutOfMemory) when an understood
    question cannot be computed within `limits`; anything not understood is a result
    with supported=False.
    """
    limits = limits or Limits()
    translator = translator or RuleTranslator()
    try:
        outcome = translator.translate(question, schema)
    except Exception:  # a translator's bug must not become a 500 for a question
        log.exception("translator failed on a question")
        outcome = Unsupported("the question could not be read")
    if isinstance(outcome, Unsupported):
        return _unsupported(question, schema, outcome.reason, outcome.notes)
    plan = outcome
    try:
        validate(plan, schema, max_limit=limits.max_rows)
    except InvalidPlan as exc:
        return _unsupported(question, schema, "the question asks for " + str(exc), ())
    interpretation = describe(plan, schema)
    if plan.kind == "columns":
        rows = [[c.name, c.dtype] for c in schema.columns]
        return NlqResult(
            question=question,
            supported=True,
            interpretation=interpretation,
            columns=["column", "type"],
            rows=rows[: limits.max_rows],
            plan=plan,
            truncated=len(rows) > limits.max_rows,
        )
    query = build_query(plan, schema)
    assert query is not None
    table = run_query(query, Path(path), schema, limits)
    rows, truncated = table.rows, table.truncated
    if query.reshape is not None:
        rows = query.reshape(rows)
        truncated = len(rows) > limits.max_rows
        rows = rows[: limits.max_rows]
    return NlqResult(
        question=question,
        supported=True,
        interpretation=interpretation,
        columns=list(table.columns),
        rows=rows,
        sql=query.display,
        chart=_chart(plan, schema, interpretation),
        plan=plan,
        truncated=truncated,
    )


def _unsupported(
    question: str, schema: TableSchema, reason: str, notes: tuple[str, ...]
) -> NlqResult:
    return NlqResult(
        question=question,
        supported=False,
        interpretation="The question was not understood, so nothing was computed.",
        examples=example_questions(schema),
        reason=reason,
        notes=notes,
    )


def _chart(plan: Plan, schema: TableSchema, title: str) -> ChartSpec | None:
    title = title.rstrip(".")
    if plan.kind in ("count", "aggregate") and plan.group_by:
        series = plan.group_by[1] if len(plan.group_by) > 1 else None
        return ChartSpec("bar", plan.group_by[0], metric_name(plan), series, title=title)
    if plan.kind == "distribution" and plan.column:
        col = schema.column(plan.column)
        if col is not None and col.dtype in NUMERIC:
            return ChartSpec("histogram", "bin_start", "count", x_end="bin_end", title=title)
        return ChartSpec("bar", plan.column, "count", title=title)
    return None
