"""Parquet and JSON readers: each returns an Arrow table plus columns still to refine."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pjson
import pyarrow.parquet as pq

from uam.datasets.parsing.errors import InvalidDataset
from uam.datasets.parsing.models import ParseLimits
from uam.datasets.parsing.names import check_column_count, clean_names
from uam.datasets.parsing.records import rows_to_table

_BLOCK_SIZE = 1 << 20
_SINGLE_OBJECT = (
    "the JSON file holds a single object, not a list of rows; "
    "put the rows in an array or upload JSON lines (one object per line)"
)


def read_parquet(path: Path, limits: ParseLimits) -> tuple[pa.Table, set[str]]:
    try:
        schema = pq.read_schema(path)
        check_column_count(len(schema.names), limits.max_columns)
        table = pq.read_table(path)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        raise InvalidDataset(
            f"the Parquet file is truncated or corrupt and cannot be read ({exc})"
        ) from exc
    columns = []
    for name, col in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)  # pandas categoricals: plain values are simpler
        if pa.types.is_nested(col.type):
            raise InvalidDataset(
                f"column '{name}' holds nested values ({col.type}); flatten it before uploading"
            )
        columns.append(col)
    names = clean_names(table.column_names)
    return pa.Table.from_arrays(columns, names=names), set()


def read_json(path: Path, text_start: str, limits: ParseLimits) -> tuple[pa.Table, set[str], str]:
    """Return (table, columns to refine, source_format) for a JSON array or JSON lines."""
    if text_start.startswith("["):
        return (*_read_json_array(path, limits), "json")
    if not text_start.startswith("{"):
        raise InvalidDataset(
            "the JSON file must be an array of objects or one object per line (JSON lines)"
        )
    try:
        table = pjson.read_json(path, read_options=pjson.ReadOptions(block_size=_BLOCK_SIZE))
    except pa.ArrowInvalid:
        # Type changes between rows, pretty-printed objects, or real syntax errors: the
        # slower Python path either copes or names the offending line.
        return (*_read_json_lines_slow(path, limits), "jsonl")
    if any(pa.types.is_nested(t) for t in table.schema.types):
        return (*_read_json_lines_slow(path, limits), "jsonl")
    if table.num_rows == 1 and "\n" in path.read_text(encoding="utf-8", errors="replace").strip():
        # pyarrow accepts one pretty-printed object; as a dataset that is almost always an
        # API response wrapper, not a table of one row.
        raise InvalidDataset(_SINGLE_OBJECT)
    check_column_count(table.num_columns, limits.max_columns)
    return table.rename_columns(clean_names(table.column_names)), set(), "jsonl"


def _read_json_array(path: Path, limits: ParseLimits) -> tuple[pa.Table, set[str]]:
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidDataset(f"the file is not valid JSON: {exc}") from exc
    if isinstance(data, dict):
        raise InvalidDataset(_SINGLE_OBJECT)
    for record in data:
        if not isinstance(record, dict):
            kind = _json_kind(type(record).__name__)
            raise InvalidDataset(
                f"the JSON array must contain objects (one per row); found a {kind}"
            )
    return _records_to_table(data, limits)


def _json_kind(python_type: str) -> str:
    return {"int": "number", "float": "number", "str": "string", "list": "nested array",
            "bool": "boolean", "NoneType": "null"}.get(python_type, python_type)  # fmt: skip


def _read_json_lines_slow(path: Path, limits: ParseLimits) -> tuple[pa.Table, set[str]]:
    records = []
    with path.open("r", encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                hint = ""
                if number == 1 and line.strip() == "{":
                    hint = "; a single pretty-printed object is not a table"
                raise InvalidDataset(f"line {number} is not valid JSON ({exc.msg}){hint}") from exc
            if not isinstance(record, dict):
                raise InvalidDataset(
                    f"line {number} is a JSON {_json_kind(type(record).__name__)}, "
                    "not an object; each line must be one object (one row)"
                )
            records.append(record)
    return _records_to_table(records, limits)


def _records_to_table(records: list[dict], limits: ParseLimits) -> tuple[pa.Table, set[str]]:
    keys: dict[str, None] = {}  # insertion-ordered union of keys across all records
    for record in records:
        for key in record:
            if key not in keys:
                keys[key] = None
                check_column_count(len(keys), limits.max_columns)
    raw_names = list(keys)
    columns = [[record.get(k) for record in records] for k in raw_names]
    names = clean_names(raw_names)
    return rows_to_table(names, columns)
