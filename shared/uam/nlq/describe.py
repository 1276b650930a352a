"""One plain sentence saying what a plan computes, missing values included."""

from __future__ import annotations

from collections.abc import Callable

from uam.nlq.plan import Filter, Plan, Value
from uam.nlq.schema import NUMERIC, TableSchema

_AGG_NAMES = {
    "mean": "Mean",
    "sum": "Sum",
    "min": "Minimum",
    "max": "Maximum",
    "median": "Median",
    "std": "Standard deviation (sample)",
    "count_distinct": "Number of distinct values",
}
_AGG_LOWER = {
    "mean": "mean",
    "sum": "sum",
    "min": "minimum",
    "max": "maximum",
    "median": "median",
    "std": "standard deviation",
    "count_distinct": "number of distinct values",
}


def describe(plan: Plan, schema: TableSchema) -> str:
    notes: list[str] = []
    body = _body(plan, schema, notes)
    where = _where(plan.filters, schema, notes)
    joiner = " where " if plan.kind == "count" and not plan.group_by else ", over rows where "
    sentence = body + (f"{joiner}{where}" if where else "")
    if notes:
        sentence += " (" + "; ".join(dict.fromkeys(notes)) + ")"
    return sentence + "."


def _missing(schema: TableSchema, name: str | None) -> int:
    col = schema.column(name) if name else None
    return col.missing if col is not None else 0


def _body(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    if plan.kind in ("count", "aggregate"):
        return _grouped(plan, schema, notes)
    return _BODIES[plan.kind](plan, schema, notes)


def _columns(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    return "The names and types of the dataset's columns"


def _shape(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    return "The number of rows and columns in the dataset"


def _rows(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    order = plan.order
    if order is not None and order.column is not None and plan.limit is not None:
        how = "highest" if order.descending else "lowest"
        rows = "row" if plan.limit == 1 else f"{plan.limit} rows"
        notes.append("ties at the cut are all kept")
        if _missing(schema, order.column):
            notes.append(f"rows with {order.column} missing left out")
        return f"The {rows} with the {how} {order.column}"
    text = "Rows" if plan.limit is None else f"The first {plan.limit} rows"
    if order is not None and order.column is not None:
        direction = "descending" if order.descending else "ascending"
        text += f" sorted by {order.column} ({direction}, missing last)"
    return text


def _missing_values(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    if plan.column:
        return f"Number of missing values in {plan.column}"
    if plan.only_missing:
        return "The columns that have missing values, with how many each"
    return "Number of missing values in each column"


def _distinct(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    if _missing(schema, plan.column):
        notes.append("missing values not listed")
    order = " in descending order" if plan.order and plan.order.descending else ""
    return f"Distinct values of {plan.column}{order}"


def _distribution(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    col = schema.column(plan.column or "")
    if _missing(schema, plan.column):
        notes.append("missing values left out")
    if col is not None and col.dtype in NUMERIC:
        return (
            f"Distribution of {plan.column} in {plan.bins} equal-width bins from its minimum "
            "to its maximum, each bin including its lower edge (the last both)"
        )
    return f"Number of rows for each value of {plan.column}, most frequent first"


def _correlation(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    if _missing(schema, plan.column) or _missing(schema, plan.column2):
        notes.append("rows missing either value left out")
    return f"Pearson correlation between {plan.column} and {plan.column2}"


_BODIES: dict[str, Callable[[Plan, TableSchema, list[str]], str]] = {
    "columns": _columns,
    "shape": _shape,
    "rows": _rows,
    "missing": _missing_values,
    "distinct": _distinct,
    "distribution": _distribution,
    "correlation": _correlation,
}


def _grouped(plan: Plan, schema: TableSchema, notes: list[str]) -> str:
    if plan.kind == "count":
        metric, metric_lower = "Number of rows", "rows"
    else:
        agg = plan.aggregate or ""
        metric = f"{_AGG_NAMES.get(agg, agg)} of {plan.column}"
        metric_lower = f"{_AGG_LOWER.get(agg, agg)} of {plan.column}"
        if _missing(schema, plan.column):
            notes.append(f"missing {plan.column} values skipped")
    for g in plan.group_by:
        if _missing(schema, g):
            notes.append(f"rows with a missing {g} left out")
    groups = " and ".join(plan.group_by)
    order = plan.order
    if plan.group_by and order is not None and plan.limit is not None and order.column is None:
        n = plan.limit
        who = f"{groups} value" if n == 1 else f"{n} {groups} values"
        if plan.kind == "count":
            how = "most" if order.descending else "fewest"
            text = f"The {who} with the {how} rows"
        else:
            how = "highest" if order.descending else "lowest"
            text = f"The {who} with the {how} {metric_lower}"
        notes.append("ties at the cut are all kept")
        return text
    text = metric
    if plan.group_by:
        text += f" grouped by {groups}"
        if order is not None:
            key = order.column or ("the count" if plan.kind == "count" else f"the {metric_lower}")
            text += f", sorted by {key} ({'descending' if order.descending else 'ascending'})"
            if plan.limit is not None:
                text += f", first {plan.limit}"
    return text


def _where(filters: tuple[Filter, ...], schema: TableSchema, notes: list[str]) -> str:
    parts = []
    for f in filters:
        parts.append(_condition(f))
        if f.op in ("!=", "not_in", "not_contains") and _missing(schema, f.column):
            notes.append(f"rows with {f.column} missing match no condition on it")
    return " and ".join(parts)


def _condition(f: Filter) -> str:
    values = [_literal(v) for v in f.values]
    case = " (ignoring case)" if f.ignore_case and f.op not in ("contains", "not_contains") else ""
    if f.op == "is_null":
        return f"{f.column} is missing"
    if f.op == "not_null":
        return f"{f.column} is not missing"
    if f.op == "between":
        return f"{f.column} is between {values[0]} and {values[1]} (inclusive)"
    if f.op == "in":
        return f"{f.column} is one of {', '.join(values)}{case}"
    if f.op == "not_in":
        return f"{f.column} is none of {', '.join(values)}{case}"
    if f.op == "contains":
        return f"{f.column} contains {values[0]} (ignoring case)"
    if f.op == "not_contains":
        return f"{f.column} does not contain {values[0]} (ignoring case)"
    return f"{f.column} {f.op} {values[0]}{case}"


def _literal(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
