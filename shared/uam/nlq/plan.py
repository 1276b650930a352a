"""The typed plan a question becomes: what to compute, never SQL text.

One frozen `Plan` per question. Every translator (the shipped rule parser, a model-backed
one later) produces this shape and every plan goes through `validate.validate` before
`sql.build_query` turns it into SQL. Values in filters are plain Python values; they reach
the database only as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Kind = Literal[
    "count",  # number of rows (optionally per group)
    "aggregate",  # one aggregate of one column (optionally per group)
    "rows",  # the rows themselves (optionally ordered by a column, limited)
    "missing",  # missing values per column (or of one column)
    "distinct",  # the distinct values of a column
    "distribution",  # histogram bins (numbers) or value counts (labels, booleans)
    "correlation",  # Pearson correlation of two numeric columns
    "columns",  # the column names and types
    "shape",  # number of rows and columns
]
KINDS: tuple[str, ...] = (
    "count",
    "aggregate",
    "rows",
    "missing",
    "distinct",
    "distribution",
    "correlation",
    "columns",
    "shape",
)

Aggregate = Literal["mean", "sum", "min", "max", "median", "std", "count_distinct"]
AGGREGATES: tuple[str, ...] = ("mean", "sum", "min", "max", "median", "std", "count_distinct")
NUMERIC_AGGREGATES: tuple[str, ...] = ("mean", "sum", "median", "std")

Op = Literal[
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "between",
    "in",
    "not_in",
    "contains",
    "not_contains",
    "is_null",
    "not_null",
]
OPS: tuple[str, ...] = get_args(Op)

Value = str | int | float | bool


@dataclass(frozen=True)
class Filter:
    """`column op values`. Missing values never satisfy a filter (SQL's rule, kept on
    purpose: "sex != 'male'" does not count rows whose sex is unknown)."""

    column: str
    op: Op
    values: tuple[Value, ...] = ()
    # Compare text ignoring case: always for contains; for = / != / in when the column's
    # categories were not read (too many), so the stored spelling is not known.
    ignore_case: bool = False


@dataclass(frozen=True)
class Order:
    """Sort by the computed value (`column` None: the count or aggregate) or by a column."""

    column: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class Plan:
    kind: Kind
    aggregate: Aggregate | None = None
    column: str | None = None
    column2: str | None = None  # correlation's second column
    filters: tuple[Filter, ...] = ()
    group_by: tuple[str, ...] = ()
    order: Order | None = None
    # With an order, `limit` keeps every row tied with the last one kept (top 3 of
    # 5, 4, 4, 4, 2 is four rows): cutting a tie at random would be a guess.
    limit: int | None = None
    bins: int | None = None  # distribution of a numeric column
    only_missing: bool = False  # missing: only the columns with at least one

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "aggregate": self.aggregate,
            "column": self.column,
            "column2": self.column2,
            "filters": [
                {
                    "column": f.column,
                    "op": f.op,
                    "values": list(f.values),
                    "ignore_case": f.ignore_case,
                }
                for f in self.filters
            ],
            "group_by": list(self.group_by),
            "order": None
            if self.order is None
            else {"column": self.order.column, "descending": self.order.descending},
            "limit": self.limit,
            "bins": self.bins,
            "only_missing": self.only_missing,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """A plan from its dict form (what a model-backed translator would emit).

        Checks the shape only (types of fields); `validate` checks it against a schema.
        Raises ValueError on anything malformed.
        """
        if not isinstance(data, dict):
            raise ValueError("a plan is an object")
        known = set(cls.__dataclass_fields__)
        extra = set(data) - known
        if extra:
            raise ValueError(f"unknown plan fields: {sorted(extra)}")
        kind = data.get("kind")
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        filters = []
        for raw in data.get("filters") or []:
            if not isinstance(raw, dict) or set(raw) - {"column", "op", "values", "ignore_case"}:
                raise ValueError("a filter is {column, op, values, ignore_case}")
            values = raw.get("values") or []
            if not isinstance(values, list) or not all(
                isinstance(v, str | int | float | bool) for v in values
            ):
                raise ValueError("filter values are a list of strings, numbers or booleans")
            filters.append(
                Filter(
                    column=_text(raw.get("column"), "filter column"),
                    op=raw.get("op"),  # type: ignore[arg-type]  (validate checks it)
                    values=tuple(values),
                    ignore_case=bool(raw.get("ignore_case", False)),
                )
            )
        order = data.get("order")
        if order is not None:
            if not isinstance(order, dict) or set(order) - {"column", "descending"}:
                raise ValueError("order is {column, descending}")
            column = order.get("column")
            order = Order(
                column=None if column is None else _text(column, "order column"),
                descending=bool(order.get("descending", False)),
            )
        group_by = data.get("group_by") or []
        if not isinstance(group_by, list):
            raise ValueError("group_by is a list of column names")
        return cls(
            kind=kind,
            aggregate=data.get("aggregate"),
            column=_optional_text(data.get("column"), "column"),
            column2=_optional_text(data.get("column2"), "column2"),
            filters=tuple(filters),
            group_by=tuple(_text(g, "group_by") for g in group_by),
            order=order,
            limit=_optional_int(data.get("limit"), "limit"),
            bins=_optional_int(data.get("bins"), "bins"),
            only_missing=bool(data.get("only_missing", False)),
        )


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is a string")
    return value


def _optional_text(value: object, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _optional_int(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} is an integer")
    return value


@dataclass(frozen=True)
class Unsupported:
    """The question was not understood (or not safely): nothing is computed."""

    reason: str
    notes: tuple[str, ...] = field(default=())
