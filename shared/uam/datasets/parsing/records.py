"""Build an Arrow table from Python rows (JSON records, spreadsheet cells)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pyarrow as pa

_ARRAY_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError)


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        # Nested JSON stays readable as JSON text rather than becoming an Arrow struct the
        # analysis side cannot use.
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def column_to_arrow(values: Sequence[object]) -> tuple[pa.Array, bool]:
    """Return (array, needs_refinement). Mixed or nested values become strings."""
    try:
        array = pa.array(values)
    except _ARRAY_ERRORS:
        array = None
    if array is not None and not (pa.types.is_nested(array.type) or pa.types.is_binary(array.type)):
        # Strings that pa.array accepted as-is may still be numbers written as text.
        return array, pa.types.is_string(array.type) or pa.types.is_null(array.type)
    return pa.array([_as_text(v) for v in values], type=pa.string()), True


def rows_to_table(names: list[str], columns: list[list[object]]) -> tuple[pa.Table, set[str]]:
    arrays, refine = [], set()
    for name, values in zip(names, columns, strict=True):
        array, needs = column_to_arrow(values)
        arrays.append(array)
        if needs:
            refine.add(name)
    return pa.Table.from_arrays(arrays, names=names), refine
