"""SQL from a validated plan, and nothing else.

Identifiers come from the schema and are always quoted (`quote_ident`: double quotes,
embedded quotes doubled); every value is a bound parameter (`?`); the question's text never
reaches this module. `Query.display` shows the parameters inline, for people to read only.

Missing values: filters never match them (SQL's rule); group keys that are missing are left
out; aggregates skip them (a mean of no values is null, a sum of no values is null too);
ranking (an order with a limit) leaves out rows whose ranked value is missing, while a plain
order puts them last.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from uam.nlq.plan import Filter, Plan
from uam.nlq.schema import NUMERIC, ColumnInfo, TableSchema, quote_ident

_AGG_SQL = {
    "mean": "avg({})",
    "sum": "sum({})",
    "min": "min({})",
    "max": "max({})",
    "median": "median({})",
    "std": "stddev_samp({})",
    "count_distinct": "count(DISTINCT {})",
}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Query:
    sql: str
    params: tuple[Any, ...]
    columns: tuple[str, ...] = ()  # output names for people; empty: the engine's names
    # Reshapes the engine's rows (missing values: one row of counts -> a row per column).
    reshape: Callable[[list[list[Any]]], list[list[Any]]] | None = field(
        default=None, compare=False
    )

    @property
    def display(self) -> str:
        return inline_params(self.sql, self.params)


def metric_name(plan: Plan) -> str:
    """The output name of a plan's computed value: count, mean_body_mass_g, ..."""
    if plan.kind == "count":
        name = "count"
    else:
        name = f"{plan.aggregate}_{plan.column}"
    # Never the same as a group column's name: a table's header must name one thing.
    while name in plan.group_by:
        name += "_"
    return name


def build_query(plan: Plan, schema: TableSchema) -> Query | None:
    """The SQL for `plan` (already validated against `schema`); None for `columns`,
    which the schema answers alone."""
    builder = {
        "count": _grouped,
        "aggregate": _grouped,
        "rows": _rows,
        "missing": _missing,
        "distinct": _distinct,
        "distribution": _distribution,
        "correlation": _correlation,
        "shape": _shape,
    }.get(plan.kind)
    if builder is None:
        return None
    return builder(plan, schema)


def _col(schema: TableSchema, name: str) -> ColumnInfo:
    col = schema.column(name)
    if col is None:  # validate() rules this out; never build SQL around a guess
        raise ValueError(f"no column {name!r}")
    return col


def _where(plan: Plan, schema: TableSchema, params: list[Any], extra: Sequence[str] = ()) -> str:
    conditions = [_filter_sql(f, _col(schema, f.column), params) for f in plan.filters]
    conditions += list(extra)
    if not conditions:
        return ""
    return " WHERE " + " AND ".join(f"({c})" for c in conditions)


def _filter_sql(f: Filter, col: ColumnInfo, params: list[Any]) -> str:
    ident = quote_ident(col.name)
    if f.op == "is_null":
        return f"{ident} IS NULL"
    if f.op == "not_null":
        return f"{ident} IS NOT NULL"
    if f.op in ("contains", "not_contains"):
        params.append(f.values[0])
        sign = ">" if f.op == "contains" else "="
        return f"strpos(lower({ident}), lower(?)) {sign} 0"
    lhs, slot = ident, "?"
    if col.dtype == "datetime":
        if all(isinstance(v, str) and _DATE_ONLY.match(v) for v in f.values):
            lhs, slot = f"CAST({ident} AS DATE)", "CAST(? AS DATE)"
        else:
            slot = "CAST(? AS TIMESTAMP)"
    elif col.label and f.ignore_case:
        lhs, slot = f"lower({ident})", "lower(?)"
    params.extend(f.values)
    if f.op == "between":
        return f"{lhs} BETWEEN {slot} AND {slot}"
    if f.op in ("in", "not_in"):
        slots = ", ".join(slot for _ in f.values)
        return f"{lhs} {'IN' if f.op == 'in' else 'NOT IN'} ({slots})"
    sql_op = "<>" if f.op == "!=" else f.op
    return f"{lhs} {sql_op} {slot}"


def _metric_sql(plan: Plan) -> str:
    if plan.kind == "count":
        return "count(*)"
    assert plan.aggregate is not None and plan.column is not None
    return _AGG_SQL[plan.aggregate].format(quote_ident(plan.column))


def _grouped(plan: Plan, schema: TableSchema) -> Query:
    params: list[Any] = []
    metric = _metric_sql(plan)
    name = metric_name(plan)
    groups = [quote_ident(g) for g in plan.group_by]
    where = _where(plan, schema, params, [f"{g} IS NOT NULL" for g in groups])
    select = ", ".join([*groups, f"{metric} AS {quote_ident(name)}"])
    sql = f"SELECT {select} FROM data{where}"
    columns = (*plan.group_by, name)
    if not groups:
        return Query(sql, tuple(params), columns)
    positions = ", ".join(str(i) for i in range(1, len(groups) + 1))
    sql += f" GROUP BY {positions}"
    order = plan.order
    if order is None:
        return Query(sql + f" ORDER BY {positions}", tuple(params), columns)
    direction = "DESC" if order.descending else "ASC"
    key = metric if order.column is None else quote_ident(order.column)
    if plan.limit is not None:
        sql += f" HAVING {key} IS NOT NULL QUALIFY rank() OVER (ORDER BY {key} {direction}) <= ?"
        params.append(plan.limit)
    sql += f" ORDER BY {key} {direction} NULLS LAST, {positions}"
    return Query(sql, tuple(params), columns)


def _rows(plan: Plan, schema: TableSchema) -> Query:
    params: list[Any] = []
    order = plan.order
    extra = []
    if order is not None and order.column is not None and plan.limit is not None:
        extra.append(f"{quote_ident(order.column)} IS NOT NULL")
    sql = "SELECT * FROM data" + _where(plan, schema, params, extra)
    if order is not None and order.column is not None:
        key = quote_ident(order.column)
        direction = "DESC" if order.descending else "ASC"
        if plan.limit is not None:
            sql += f" QUALIFY rank() OVER (ORDER BY {key} {direction}) <= ?"
            params.append(plan.limit)
        sql += f" ORDER BY {key} {direction} NULLS LAST"
    elif plan.limit is not None:
        sql += " LIMIT ?"
        params.append(plan.limit)
    return Query(sql, tuple(params), schema.names)


def _missing(plan: Plan, schema: TableSchema) -> Query:
    params: list[Any] = []
    names = [plan.column] if plan.column else list(schema.names)
    counts = ", ".join(f"count(*) - count({quote_ident(n)})" for n in names)
    sql = f"SELECT {counts} FROM data" + _where(plan, schema, params)
    only = plan.only_missing

    def reshape(rows: list[list[Any]]) -> list[list[Any]]:
        pairs = [[n, int(v)] for n, v in zip(names, rows[0], strict=True)]
        return [p for p in pairs if p[1] > 0] if only else pairs

    return Query(sql, tuple(params), ("column", "missing"), reshape)


def _distinct(plan: Plan, schema: TableSchema) -> Query:
    params: list[Any] = []
    assert plan.column is not None
    ident = quote_ident(plan.column)
    where = _where(plan, schema, params, [f"{ident} IS NOT NULL"])
    descending = plan.order is not None and plan.order.descending
    sql = f"SELECT DISTINCT {ident} FROM data{where} ORDER BY 1{' DESC' if descending else ''}"
    if plan.limit is not None:
        sql += " LIMIT ?"
        params.append(plan.limit)
    return Query(sql, tuple(params), (plan.column,))


def _distribution(plan: Plan, schema: TableSchema) -> Query:
    params: list[Any] = []
    assert plan.column is not None
    col = _col(schema, plan.column)
    ident = quote_ident(col.name)
    where = _where(plan, schema, params, [f"{ident} IS NOT NULL"])
    if col.dtype not in NUMERIC:
        sql = (
            f"SELECT {ident}, count(*) AS {quote_ident('count')} FROM data{where} "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return Query(sql, tuple(params), (col.name, "count"))
    # Equal-width bins from the minimum to the maximum, the last one closed: a value goes
    # to bin i when edge_i <= x < edge_(i+1), edge_k = k * step + min (NumPy's rule).
    params.append(plan.bins or 10)
    sql = (
        f"WITH v AS (SELECT CAST({ident} AS DOUBLE) AS x FROM data{where}), "
        "s AS (SELECT min(x) AS lo, max(x) AS hi, CAST(? AS BIGINT) AS n FROM v), "
        "w AS (SELECT lo, hi, n, (hi - lo) / n AS step FROM s WHERE hi > lo), "
        "a AS (SELECT x, lo, n, step, least(greatest("
        "CAST(floor((x - lo) / (hi - lo) * n) AS BIGINT), 0), n - 1) AS i FROM v, w), "
        "b AS (SELECT x, lo, n, step, "
        "i - CASE WHEN i > 0 AND x < i * step + lo THEN 1 ELSE 0 END AS i FROM a), "
        "c AS (SELECT i + CASE WHEN i < n - 1 AND x >= (i + 1) * step + lo "
        "THEN 1 ELSE 0 END AS i FROM b), "
        "k AS (SELECT i, count(*) AS hits FROM c GROUP BY i), "
        "bins AS (SELECT unnest(range(n)) AS i, lo, hi, n, step FROM w) "
        "SELECT bins.i * bins.step + bins.lo AS bin_start, "
        "CASE WHEN bins.i = bins.n - 1 THEN bins.hi "
        "ELSE (bins.i + 1) * bins.step + bins.lo END AS bin_end, "
        "coalesce(k.hits, 0) AS count FROM bins LEFT JOIN k ON k.i = bins.i "
        "UNION ALL SELECT lo, hi, (SELECT count(*) FROM v) FROM s WHERE hi = lo "
        "ORDER BY 1"
    )
    return Query(sql, tuple(params), ("bin_start", "bin_end", "count"))


def _correlation(plan: Plan, schema: TableSchema) -> Query:
    params: list[Any] = []
    assert plan.column is not None and plan.column2 is not None
    a, b = quote_ident(plan.column), quote_ident(plan.column2)
    where = _where(plan, schema, params, [f"{a} IS NOT NULL", f"{b} IS NOT NULL"])
    sql = f"SELECT corr({a}, {b}), count(*) FROM data{where}"
    return Query(sql, tuple(params), ("correlation", "rows_used"))


def _shape(plan: Plan, schema: TableSchema) -> Query:
    return Query("SELECT count(*), ? FROM data", (len(schema.columns),), ("rows", "columns"))


def view_sql(schema: TableSchema) -> str:
    """The view `data` over `source` (the file): each column as its UAM dtype.

    Numbers stored as text are cast (TRY_CAST: what does not parse is missing), NaN is
    missing (as pandas counts it), labels are text.
    """
    items = []
    for col in schema.columns:
        ident = quote_ident(col.name)
        base = col.sql_type.upper()
        if col.dtype in NUMERIC:
            if base in ("FLOAT", "DOUBLE", "REAL"):
                expr = f"CASE WHEN isnan({ident}) THEN NULL ELSE {ident} END"
            elif base.startswith("DECIMAL"):
                expr = f"CAST({ident} AS DOUBLE)"
            elif "INT" in base:
                expr = ident
            else:
                expr = f"TRY_CAST({ident} AS DOUBLE)"
        elif col.dtype == "boolean":
            expr = ident if base == "BOOLEAN" else f"TRY_CAST({ident} AS BOOLEAN)"
        elif col.dtype == "datetime":
            expr = (
                ident
                if base.startswith(("TIMESTAMP", "DATE"))
                else (f"TRY_CAST({ident} AS TIMESTAMP)")
            )
        elif col.label:
            expr = ident if base == "VARCHAR" else f"CAST({ident} AS VARCHAR)"
        else:
            expr = ident
        items.append(f"{expr} AS {ident}")
    if not items:
        return "CREATE VIEW data AS SELECT * FROM source"
    return "CREATE VIEW data AS SELECT " + ", ".join(items) + " FROM source"


def inline_params(sql: str, params: Sequence[Any]) -> str:
    """`sql` with each `?` outside quoted identifiers replaced by its value as a literal."""
    out: list[str] = []
    values = iter(params)
    in_ident = False
    for ch in sql:
        if ch == '"':
            in_ident = not in_ident  # a doubled quote toggles twice: still inside
        if ch == "?" and not in_ident:
            out.append(sql_literal(next(values)))
        else:
            out.append(ch)
    return "".join(out)


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(sql_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"
