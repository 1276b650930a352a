"""Per-column profiles, the cell-size guard and the JSON-safe preview, all vectorised."""

from __future__ import annotations

import datetime as dt
import math
import os
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc

from uam.datasets.parsing.errors import InvalidDataset
from uam.datasets.parsing.inference import classify
from uam.datasets.parsing.models import ColumnProfile

# A leading = + - @ makes spreadsheets evaluate the cell (CSV injection). Plain signed
# numbers kept as text are excluded: they are data, not formulas.
_FORMULA_STARTS = pa.array(["=", "+", "-", "@"])
_SIGNED_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def _is_string(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def check_cell_sizes(table: pa.Table, max_cell_bytes: int, first_line: int | None) -> None:
    """Reject the first string cell longer than max_cell_bytes, naming its place.

    first_line is the file line of data row 1 (None when lines do not map to rows).
    """
    for name, col in zip(table.column_names, table.columns, strict=True):
        if not _is_string(col.type) or len(col) == 0:
            continue
        lengths = pc.binary_length(col)
        longest = pc.max(lengths).as_py()
        if longest is None or longest <= max_cell_bytes:
            continue
        row = pc.index(pc.greater(lengths, max_cell_bytes), True).as_py()
        where = f"row {row + 1:,}"
        if first_line is not None:
            where += f" (line {row + first_line:,})"
        raise InvalidDataset(
            f"the value in column '{name}' at {where} is {longest:,} bytes; "
            f"the limit is {max_cell_bytes:,} bytes per cell"
        )


def profile_columns(table: pa.Table) -> list[ColumnProfile]:
    # pyarrow kernels release the GIL, so columns profile in parallel on all cores.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(_profile, table.column_names, table.columns))


def _profile(name: str, col: pa.ChunkedArray) -> ColumnProfile:
    missing = col.null_count
    if pa.types.is_floating(col.type):
        missing += pc.sum(pc.is_nan(col)).as_py() or 0
    formula = False
    if _is_string(col.type):
        # Work on the distinct values: far fewer than rows for most string columns.
        distinct = pc.unique(col)
        unique = len(distinct) - (1 if distinct.null_count else 0)
        formula = _has_formula(distinct)
    else:
        unique = pc.count_distinct(col, mode="only_valid").as_py() if len(col) else 0
    return ColumnProfile(name, classify(name, col, missing, unique), missing, unique, formula)


def _has_formula(values: pa.Array) -> bool:
    first = pc.utf8_slice_codeunits(values, 0, 1)
    starts = pc.is_in(first, value_set=_FORMULA_STARTS)
    if not pc.any(starts).as_py():
        return False
    candidates = values.filter(starts)
    numeric = pc.match_substring_regex(candidates, _SIGNED_NUMBER)
    return not pc.all(numeric).as_py()


def preview_rows(table: pa.Table, n: int) -> list[dict]:
    rows = table.slice(0, n).to_pylist()
    return [{k: _json_safe(v) for k, v in row.items()} for row in rows]


def _json_safe(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value
