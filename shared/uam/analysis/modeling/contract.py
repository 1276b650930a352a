"""The training schema as a contract for rows to predict: check, convert, flag.

A model was trained on columns of known types. Rows sent to it must carry every one of
those columns (null where a value is unknown) with a value of the right type; anything else
is refused with the column and the row named, because a silently wrong input gives a
confident wrong answer. Values the model can take but never saw in training (a new category,
a number outside the training range) are predicted and flagged, so a person can judge them.

Rows count from 1 (the first row sent, or the first data line under a CSV header).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from uam.analysis.modeling.preparation import CATEGORY_CAP

MAX_PROBLEMS = 20  # listed in a refusal; more only make the message harder to act on
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "1.0"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "0.0"})
EXPECTED = {
    "numeric": "a number",
    "boolean": "true or false",
    "datetime": "a date (ISO 8601, e.g. 2024-05-01)",
    "categorical": "a text value",
}


@dataclass(frozen=True)
class Problem:
    """One value or column the model cannot take."""

    column: str
    row: int | None  # None: the whole column is absent
    message: str


@dataclass(frozen=True)
class RowFlag:
    """A value the model took but never saw in training."""

    row: int
    column: str
    kind: str  # "unseen_category" | "out_of_range"
    message: str


@dataclass
class CheckedRows:
    frame: pd.DataFrame  # one typed column per feature, in the model's order
    warnings: list[str] = field(default_factory=list)
    flags: list[RowFlag] = field(default_factory=list)

    def flags_as_dicts(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.flags]


class SchemaViolation(ValueError):
    """Rows that break the model's input schema; `problems` names each column and row."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        first = problems[0].message
        more = self.total - 1
        suffix = f" ({more} more problem{'s' * (more > 1)} listed)" if more else ""
        super().__init__(first + suffix)


def check_records(
    records: Sequence[Any], features: list[dict], *, target: str | None = None
) -> CheckedRows:
    """JSON rows (objects of column -> value): every feature key in every row."""
    if not records:
        raise SchemaViolation([Problem("", None, "no rows to predict: send at least one row")])
    names = [f["name"] for f in features]
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            problems.append(
                Problem("", number, f"row {number} is not an object of column: value pairs")
            )
            continue
        seen.update(record.keys())
        problems += [
            Problem(
                name,
                number,
                f"row {number} has no column {name!r}: the model was trained with it "
                "(send null where the value is unknown)",
            )
            for name in names
            if name not in record
        ]
    if problems:
        raise SchemaViolation(problems)
    columns = {name: [record[name] for record in records] for name in names}
    checked = check_columns(columns, len(records), features)
    checked.warnings += _ignored(sorted(seen - set(names)), target)
    return checked


def check_frame(
    frame: pd.DataFrame, features: list[dict], *, target: str | None = None
) -> CheckedRows:
    """A table (a CSV read as text, or a typed frame): every feature column present."""
    absent = [f["name"] for f in features if f["name"] not in frame.columns]
    if absent:
        raise SchemaViolation(
            [
                Problem(
                    name,
                    None,
                    f"column {name!r} is missing (needed from row 1 on): the model was "
                    "trained with it (leave its cells empty where the value is unknown)",
                )
                for name in absent
            ]
        )
    if len(frame) == 0:
        raise SchemaViolation([Problem("", None, "no rows to predict: send at least one row")])
    names = {f["name"] for f in features}
    checked = check_columns({n: frame[n] for n in names}, len(frame), features)
    checked.warnings += _ignored([str(c) for c in frame.columns if c not in names], target)
    return checked


def check_columns(
    columns: Mapping[str, Sequence[Any]], rows: int, features: list[dict]
) -> CheckedRows:
    typed: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    flags: list[RowFlag] = []
    for spec in features:
        name = spec["name"]
        values = columns[name]
        values = values.tolist() if isinstance(values, pd.Series) else list(values)
        converted, bad = _convert(values, spec["kind"])
        problems += [
            Problem(
                name,
                i + 1,
                f"row {i + 1}, column {name!r}: expected {EXPECTED[spec['kind']]}, "
                f"got {_shown(values[i])}",
            )
            for i in bad
        ]
        typed[name] = converted
        if not problems:
            flags += _flags(converted, spec)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise SchemaViolation(problems)
    flags.sort(key=lambda f: (f.row, f.column))
    return CheckedRows(pd.DataFrame(typed, index=pd.RangeIndex(rows)), flags=flags)


class _Bad:
    """A value of the wrong type (a sentinel: None means blank)."""


BAD = _Bad()


def _convert(values: list[Any], kind: str) -> tuple[pd.Series, list[int]]:
    """(the column as the models take it, positions of values of the wrong type).

    Value by value in Python: a request is usually a handful of rows, where pandas' per-call
    overhead would cost more than the rows themselves.
    """
    fast = _all_numbers(values) if kind == "numeric" else None
    if fast is not None:
        return pd.Series(fast), []
    parse = PARSERS[kind]
    parsed = [None if _is_blank(v) else parse(v) for v in values]
    bad = [i for i, v in enumerate(parsed) if v is BAD]
    clean = [None if v is BAD else v for v in parsed]
    if kind == "numeric":
        column = pd.Series(np.array([np.nan if v is None else v for v in clean], dtype=float))
    elif kind == "boolean":
        column = pd.Series(pd.array(clean, dtype="boolean"))
    elif kind == "datetime":
        column = pd.Series(pd.to_datetime(pd.Series(clean, dtype=object), utc=True))
        column = column.dt.tz_localize(None).astype("datetime64[ns]")
    else:
        column = pd.Series([np.nan if v is None else v for v in clean], dtype=object)
    return column, bad


def _all_numbers(values: list[Any]) -> np.ndarray | None:
    """The column in one C-level conversion when it holds only JSON numbers and nulls (the
    usual case for a number column of a big request); None means: check value by value."""
    if not {type(v) for v in values} <= {int, float, type(None)}:
        return None
    numbers = np.array(values, dtype=np.float64)
    return None if np.isinf(numbers).any() else numbers


def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _number(value: Any) -> float | _Bad | None:
    if isinstance(value, (bool, np.bool_)):
        return BAD
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return BAD
    elif isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
    else:
        return BAD
    if math.isnan(number):
        return None  # "NaN" written out: unknown, as an empty cell
    return number if math.isfinite(number) else BAD


def _datetime(value: Any) -> datetime | _Bad:
    # Numbers are refused rather than read as epoch nanoseconds.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        return BAD
    try:
        when = pd.Timestamp(value.strip())
    except (ValueError, OverflowError):
        return BAD
    return BAD if when is pd.NaT else when.to_pydatetime()


def _boolean(value: Any) -> bool | _Bad:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (Mapping, list, tuple)):
        return BAD
    word = str(value).strip().lower()
    return True if word in TRUE_WORDS else (False if word in FALSE_WORDS else BAD)


def _label(value: Any) -> str | _Bad:
    if isinstance(value, (Mapping, list, tuple)):
        return BAD
    return value.strip() if isinstance(value, str) else str(value)


PARSERS = {"numeric": _number, "boolean": _boolean, "datetime": _datetime, "categorical": _label}


def _flags(column: pd.Series, spec: dict) -> list[RowFlag]:
    name = spec["name"]
    if spec["kind"] == "numeric" and spec.get("minimum") is not None:
        low, high = spec["minimum"], spec["maximum"]
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            outside = np.flatnonzero((values < low) | (values > high))
        return [
            RowFlag(
                int(i) + 1,
                name,
                "out_of_range",
                f"{name} = {_number(values[i])} is outside the training range "
                f"{_number(low)} to {_number(high)}: the prediction is an extrapolation",
            )
            for i in outside
        ]
    categories = spec.get("categories")
    # A capped list holds only the most frequent categories: absence there proves nothing.
    if spec["kind"] == "categorical" and categories and len(categories) < CATEGORY_CAP:
        known = set(categories)
        values = enumerate(column.tolist())
        unseen = [(i, v) for i, v in values if isinstance(v, str) and v not in known]
        return [
            RowFlag(
                i + 1,
                name,
                "unseen_category",
                f"{name} = {value!r} never occurred in training: the model treats it as "
                "an unknown category",
            )
            for i, value in unseen
        ]
    return []


def _ignored(extra: list[str], target: str | None) -> list[str]:
    warnings = []
    if target is not None and target in extra:
        warnings.append(f"column {target!r} is what the model predicts; its values were ignored")
        extra = [c for c in extra if c != target]
    if extra:
        shown = ", ".join(repr(c) for c in extra[:10]) + (" ..." if len(extra) > 10 else "")
        warnings.append(f"ignored {len(extra)} column(s) the model does not use: {shown}")
    return warnings


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else _json_like(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_like(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return str(value)


def _number(value: float) -> str:
    return f"{value:.6g}"
