"""The request's rows, JSON or CSV, checked against the model's schema."""

from __future__ import annotations

import csv
import io
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from uam.analysis.modeling import CheckedRows, SchemaViolation, check_frame, check_records
from uam.config import get_prediction_settings
from uam.predictions.exceptions import PredictionRejected, PredictionTooLarge

# What people type for "unknown" in a CSV; every cell is read as text first, so a number
# column with "NA" is missing, not a type error.
NULL_WORDS = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "none", "-"]
DELIMITERS = ",;\t|"


def from_records(rows: list[Any], features: list[dict], *, target: str) -> CheckedRows:
    _bound_rows(len(rows))
    _bound_columns(len(set().union(*(row for row in rows if isinstance(row, dict)))))
    return _checked(lambda: check_records(rows, features, target=target))


def from_csv(data: bytes, features: list[dict], *, target: str) -> CheckedRows:
    table = _read_csv(data)
    _bound_rows(table.num_rows)
    frame = table.to_pandas()
    return _checked(lambda: check_frame(frame, features, target=target))


def _checked(check: Any) -> CheckedRows:
    try:
        return check()
    except SchemaViolation as exc:
        problems = [{"row": p.row, "column": p.column, "message": p.message} for p in exc.problems]
        raise PredictionRejected(str(exc), problems) from None


def _bound_rows(rows: int) -> None:
    limit = get_prediction_settings().max_predict_rows
    if rows > limit:
        raise PredictionTooLarge(
            f"{rows:,} rows is over the limit of {limit:,} rows per request: split them"
        )


def _bound_columns(columns: int) -> None:
    limit = get_prediction_settings().max_predict_columns
    if columns > limit:
        raise PredictionTooLarge(
            f"{columns:,} columns is over the limit of {limit:,} columns per request: "
            "send only the columns the model was trained on"
        )


def _read_csv(data: bytes) -> pa.Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PredictionRejected(
            f"the file is not UTF-8 text (byte {exc.start}): save it as CSV UTF-8"
        ) from None
    header = text.split("\n", 1)[0].rstrip("\r")
    if not header.strip():
        raise PredictionRejected("the file is empty: send a header line and at least one row")
    delimiter = max(DELIMITERS, key=header.count)
    names = next(csv.reader([header], delimiter=delimiter))
    _bound_columns(len(names))
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise PredictionRejected(f"the header repeats column {duplicates[0]!r}: names must differ")
    try:
        return pacsv.read_csv(
            io.BytesIO(text.encode()),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                null_values=NULL_WORDS,
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise PredictionRejected(f"the CSV cannot be read: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n", 1)[0][:300]
