"""Type refinement for columns that arrived as strings, and dtype classification.

The hot path lets pyarrow infer types; refinement runs only on columns a reader had to
keep as strings (mixed JSON values, spreadsheet cells, conversion retries).
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

# What counts as missing in text input. "-" is deliberately NOT here: in many exports it
# is a real value (a placeholder, a score, a sign), and guessing wrong loses data.
NULL_VALUES = [
    "", "NA", "N/A", "n/a", "na", "#N/A", "null", "NULL", "Null",
    "NaN", "nan", "NAN", "None", "none", "-NaN", "-nan",
]  # fmt: skip
# 0/1 are NOT booleans: they are far more often counts or codes, and stay integer.
TRUE_VALUES = ["true", "True", "TRUE", "yes", "Yes", "YES"]
FALSE_VALUES = ["false", "False", "FALSE", "no", "No", "NO"]

_CATEGORICAL_MIN = 20
_CATEGORICAL_MAX = 1000
_CATEGORICAL_SHARE = 0.05
_ID_NAME = re.compile(r"^(?:id|uuid|guid)$|[_\-\s](?:id|uuid|guid)$|^(?:id|uuid|guid)[_\-\s]", re.I)
_CAMEL_ID = re.compile(r"[a-z0-9](?:Id|ID)$")
UUID_PATTERN = r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"

_NULLS = pa.array(NULL_VALUES)
_CAST_ERRORS = (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError)
_TEMPORAL_TARGETS = (pa.date32(), pa.timestamp("us"), pa.timestamp("us", tz="UTC"))


def refine_strings(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Return col cast to the narrowest type every non-null value parses as."""
    if pa.types.is_null(col.type):
        return col.cast(pa.string())
    # Readers that build strings themselves (JSON, xlsx, retries) share the CSV vocabulary
    # of missing values, so "NA" means the same in every format.
    col = pc.if_else(pc.is_in(col, value_set=_NULLS), pa.scalar(None, col.type), col)
    if col.null_count == len(col):
        return col
    for target in (pa.int64(), pa.float64()):
        try:
            return pc.cast(col, target)
        except _CAST_ERRORS:
            pass
    lowered = pc.utf8_lower(col)
    trues = pa.array([v.lower() for v in TRUE_VALUES])
    falses = pa.array([v.lower() for v in FALSE_VALUES])
    known = pc.or_(pc.is_in(lowered, value_set=trues), pc.is_in(lowered, value_set=falses))
    if pc.all(pc.or_kleene(known, pc.is_null(col))).as_py():
        is_true = pc.is_in(lowered, value_set=trues)
        return pc.if_else(pc.is_null(col), pa.scalar(None, pa.bool_()), is_true)
    for target in _TEMPORAL_TARGETS:
        try:
            return pc.cast(col, target)
        except _CAST_ERRORS:
            pass
    return col


def is_id_name(name: str) -> bool:
    return bool(_ID_NAME.search(name) or _CAMEL_ID.search(name))


def classify(name: str, col: pa.ChunkedArray, missing: int, unique: int) -> str:
    """Map an Arrow column and its counts to one of the UAM dtypes."""
    t = col.type
    present = len(col) - missing
    all_unique = missing == 0 and unique == present and present > 0
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_integer(t):
        return "id" if all_unique and is_id_name(name) else "integer"
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return "float"
    if pa.types.is_timestamp(t) or pa.types.is_date(t) or pa.types.is_time(t):
        return "datetime"
    if pa.types.is_duration(t):
        return "integer"
    if not (pa.types.is_string(t) or pa.types.is_large_string(t)):
        return "text"
    if all_unique and (is_id_name(name) or _all_match(col, UUID_PATTERN)):
        return "id"
    threshold = min(_CATEGORICAL_MAX, max(_CATEGORICAL_MIN, int(present * _CATEGORICAL_SHARE)))
    # The second condition keeps tiny tables of distinct values from looking categorical.
    if unique <= threshold and unique * 2 <= present:
        return "categorical"
    return "text"


def _all_match(col: pa.ChunkedArray, pattern: str) -> bool:
    matched = pc.match_substring_regex(col, pattern)
    return bool(pc.all(matched).as_py())
