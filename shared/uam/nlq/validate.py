"""Check a plan against a table's schema before any SQL is made from it.

Every translator's plan goes through here: columns exist, each operation fits its column's
type, numeric aggregates only on numbers, values of the right type and size, limits in
bounds, and no field set that the plan's kind does not use.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from uam.nlq.plan import AGGREGATES, KINDS, NUMERIC_AGGREGATES, OPS, Filter, Plan
from uam.nlq.schema import NUMERIC, OTHER, ColumnInfo, TableSchema

MAX_LIMIT = 1000
MAX_BINS = 100
MAX_FILTERS = 20
MAX_IN_VALUES = 100
MAX_TEXT_VALUE = 500
MAX_GROUP_BY = 2

_ORDERED_OPS = ("<", "<=", ">", ">=", "between")
_ONE_VALUE = ("=", "!=", "<", "<=", ">", ">=", "contains", "not_contains")
# The fields each kind may set (beyond kind, filters).
_FIELDS = {
    "columns": (),
    "shape": (),
    "count": ("group_by", "order", "limit"),
    "aggregate": ("aggregate", "column", "group_by", "order", "limit"),
    "rows": ("order", "limit"),
    "missing": ("column", "only_missing"),
    "distinct": ("column", "order", "limit"),
    "distribution": ("column", "bins"),
    "correlation": ("column", "column2"),
}
_OPTIONAL = (
    "aggregate",
    "column",
    "column2",
    "group_by",
    "order",
    "limit",
    "bins",
    "only_missing",
)


class InvalidPlan(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Check:
    def __init__(self, plan: Plan, schema: TableSchema) -> None:
        self.plan = plan
        self.schema = schema
        self.problems: list[str] = []

    def column(self, name: object, role: str, *, any_type: bool = False) -> ColumnInfo | None:
        """The column `name`, noting a problem when there is none or (unless `any_type`)
        its values cannot be compared."""
        if name is None:
            self.problems.append(f"{self.plan.kind} needs a {role}")
            return None
        col = self.schema.column(name) if isinstance(name, str) else None
        if col is None:
            self.problems.append(f"there is no column {name!r}")
        elif col.dtype == OTHER and not any_type:
            self.problems.append(f"{name} holds values that cannot be compared or computed")
            return None
        return col


def validate(plan: Plan, schema: TableSchema, *, max_limit: int = MAX_LIMIT) -> None:
    """Raise InvalidPlan listing every problem; return None when the plan is sound."""
    if not isinstance(plan, Plan):
        raise InvalidPlan(["not a plan"])
    if plan.kind not in KINDS:
        raise InvalidPlan([f"unknown kind {plan.kind!r}"])
    check = _Check(plan, schema)
    allowed = _FIELDS[plan.kind]
    for name in _OPTIONAL:
        if name not in allowed and getattr(plan, name) not in (None, (), False):
            check.problems.append(f"a {plan.kind} question does not use {name}")
    if plan.kind in ("columns", "shape") and plan.filters:
        check.problems.append(f"a {plan.kind} question takes no condition")
    _KIND_CHECKS.get(plan.kind, lambda c: None)(check)
    _check_groups(check)
    _check_order(check)
    _check_limit(check, max_limit)
    if len(plan.filters) > MAX_FILTERS:
        check.problems.append(f"at most {MAX_FILTERS} conditions")
    for f in plan.filters:
        check.problems.extend(_filter_problems(f, schema))
    if check.problems:
        raise InvalidPlan(check.problems)


def _check_aggregate(check: _Check) -> None:
    plan = check.plan
    col = check.column(plan.column, "column")
    if plan.aggregate not in AGGREGATES:
        check.problems.append(f"unknown aggregate {plan.aggregate!r}")
    elif col is not None:
        if plan.aggregate in NUMERIC_AGGREGATES and col.dtype not in NUMERIC:
            check.problems.append(
                f"{plan.aggregate} needs a numeric column; {col.name} is {col.dtype}"
            )
        if plan.aggregate in ("min", "max") and col.dtype not in (*NUMERIC, "datetime"):
            check.problems.append(
                f"{plan.aggregate} needs numbers or dates; {col.name} is {col.dtype}"
            )


def _check_missing(check: _Check) -> None:
    if check.plan.column is not None:
        check.column(check.plan.column, "column", any_type=True)  # counting needs no type
        if check.plan.only_missing:
            check.problems.append("only_missing is for every column, not one")


def _check_distinct(check: _Check) -> None:
    check.column(check.plan.column, "column")


def _check_distribution(check: _Check) -> None:
    plan = check.plan
    col = check.column(plan.column, "column")
    if col is None:
        return
    if col.dtype in NUMERIC:
        if not _int_in(plan.bins, 1, MAX_BINS):
            check.problems.append(f"bins is a whole number from 1 to {MAX_BINS}")
    elif col.label or col.dtype == "boolean":
        if plan.bins is not None:
            check.problems.append(f"{col.name} is not numeric: its values are counted")
    else:
        check.problems.append(f"no distribution for a {col.dtype} column")


def _check_correlation(check: _Check) -> None:
    plan = check.plan
    for name, role in ((plan.column, "column"), (plan.column2, "second column")):
        col = check.column(name, role)
        if col is not None and col.dtype not in NUMERIC:
            check.problems.append(f"correlation needs numbers; {col.name} is {col.dtype}")
    if plan.column is not None and plan.column == plan.column2:
        check.problems.append("correlation needs two different columns")


_KIND_CHECKS: dict[str, Callable[[_Check], None]] = {
    "aggregate": _check_aggregate,
    "missing": _check_missing,
    "distinct": _check_distinct,
    "distribution": _check_distribution,
    "correlation": _check_correlation,
}


def _check_groups(check: _Check) -> None:
    groups = check.plan.group_by
    if not groups:
        return
    if len(groups) > MAX_GROUP_BY:
        check.problems.append(f"at most {MAX_GROUP_BY} group-by columns")
    if len(set(groups)) != len(groups):
        check.problems.append("a group-by column is repeated")
    for name in groups:
        check.column(name, "group-by column")


def _check_order(check: _Check) -> None:
    plan, order = check.plan, check.plan.order
    if order is None:
        return
    if not isinstance(order.descending, bool):
        check.problems.append("order.descending is true or false")
    if plan.kind in ("count", "aggregate"):
        if not plan.group_by:
            check.problems.append("only a grouped result can be ordered")
        elif order.column is not None and order.column not in plan.group_by:
            check.problems.append("a grouped result is ordered by its value or a group column")
    elif plan.kind == "rows":
        if order.column is None:
            check.problems.append("rows are ordered by a column")
        else:
            check.column(order.column, "order column")
    elif plan.kind == "distinct" and order.column not in (None, plan.column):
        check.problems.append("distinct values are ordered by themselves")


def _check_limit(check: _Check, max_limit: int) -> None:
    plan = check.plan
    if plan.limit is None:
        return
    if not _int_in(plan.limit, 1, max_limit):
        check.problems.append(f"limit is a whole number from 1 to {max_limit}")
    if plan.kind in ("count", "aggregate") and plan.order is None:
        check.problems.append("a limit on a grouped result needs an order")
    ascending_count = (
        plan.kind == "count"
        and plan.order is not None
        and plan.order.column is None
        and not plan.order.descending
    )
    if ascending_count and plan.filters:
        # Groups with no matching row are not in a filtered count at all, so "the fewest"
        # would miss the true answer (zero).
        check.problems.append(
            "cannot rank the fewest rows per group under a condition: groups with none "
            "would be missed"
        )


def _int_in(value: object, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def _filter_problems(f: Filter, schema: TableSchema) -> list[str]:
    if not isinstance(f, Filter) or not isinstance(f.values, tuple):
        return ["a condition is malformed"]
    col = schema.column(f.column) if isinstance(f.column, str) else None
    if col is None:
        return [f"there is no column {f.column!r}"]
    if f.op not in OPS:
        return [f"unknown operation {f.op!r}"]
    count = _count_problem(f)
    if count:
        return [count]
    if f.op in ("is_null", "not_null"):
        return []
    if f.ignore_case and not col.label:
        return [f"{col.name}: ignoring case is for text"]
    checker = _VALUE_CHECKS.get(col.dtype) or (_label_values if col.label else _no_values)
    problem = checker(f, col)
    return [problem] if problem else []


def _count_problem(f: Filter) -> str | None:
    n = len(f.values)
    if f.op in _ONE_VALUE and n != 1:
        return f"{f.op} takes one value"
    if f.op == "between" and n != 2:
        return "between takes two values"
    if f.op in ("is_null", "not_null") and n:
        return f"{f.op} takes no value"
    if f.op in ("in", "not_in") and not 1 <= n <= MAX_IN_VALUES:
        return f"a list holds 1 to {MAX_IN_VALUES} values"
    return None


def _numeric_values(f: Filter, col: ColumnInfo) -> str | None:
    if f.op in ("contains", "not_contains"):
        return f"{col.name} is numeric: it cannot contain text"
    if not all(_number(v) for v in f.values):
        return f"{col.name} is numeric: compare it with numbers"
    return None


def _label_values(f: Filter, col: ColumnInfo) -> str | None:
    if f.op in _ORDERED_OPS:
        return f"{col.name} is text: it has no order to compare"
    if not all(isinstance(v, str) and 0 < len(v) <= MAX_TEXT_VALUE for v in f.values):
        return f"{col.name} is text: compare it with text of 1 to {MAX_TEXT_VALUE} characters"
    return None


def _boolean_values(f: Filter, col: ColumnInfo) -> str | None:
    if f.op not in ("=", "!="):
        return f"{col.name} is true/false: only = and != apply"
    if not all(isinstance(v, bool) for v in f.values):
        return f"{col.name} is true/false: compare it with true or false"
    return None


def _date_values(f: Filter, col: ColumnInfo) -> str | None:
    if f.op not in ("=", "!=", *_ORDERED_OPS):
        return f"{col.name} is a date: compare it with =, !=, <, >, between"
    if not all(isinstance(v, str) and _iso(v) for v in f.values):
        return f"{col.name} is a date: compare it with dates like 2024-01-31"
    return None


def _no_values(f: Filter, col: ColumnInfo) -> str | None:
    return f"{col.name} cannot be compared"


_VALUE_CHECKS: dict[str, Callable[[Filter, ColumnInfo], str | None]] = {
    "integer": _numeric_values,
    "float": _numeric_values,
    "boolean": _boolean_values,
    "datetime": _date_values,
}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _iso(text: str) -> bool:
    if len(text) > 40:
        return False
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
