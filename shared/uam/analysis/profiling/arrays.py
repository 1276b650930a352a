"""Each column as one numpy array over all rows, and exact duplicate rows found by row hashes.

Numbers and datetimes become float64 with NaN for missing (datetimes as nanoseconds since the
epoch); booleans and labels become integer codes with -1 for missing. Every later statistic
reads these arrays, so a string column is hashed by pandas once, not once per statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NUMERIC = ("integer", "float")
LABELS = ("categorical", "text", "id")
_BOOLEAN_LABELS = np.array(["false", "true"], dtype=object)
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_VERIFY_LIMIT = 200_000  # candidate duplicate rows re-checked exactly by pandas below this


@dataclass
class ColumnArray:
    values: np.ndarray  # float64 (numbers, datetimes) or int64 codes (booleans, labels)
    missing: int
    labels: np.ndarray | None = None  # the label of each code, for coded columns

    @property
    def coded(self) -> bool:
        return self.labels is not None


def column_array(series: pd.Series, dtype: str) -> ColumnArray:
    """The column's values as one array over every row, with its exact missing count."""
    if dtype in NUMERIC:
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        return ColumnArray(values, int(np.isnan(values).sum()))
    if dtype == "datetime":
        ns = series.to_numpy(dtype="datetime64[ns]").view("int64")
        absent = ns == np.iinfo(np.int64).min
        values = ns.astype("float64")
        values[absent] = np.nan
        return ColumnArray(values, int(absent.sum()))
    if dtype == "boolean":
        raw = series.to_numpy(dtype="float64", na_value=np.nan)
        codes = np.where(np.isnan(raw), -1, raw).astype(np.int64)
        return ColumnArray(codes, int((codes < 0).sum()), _BOOLEAN_LABELS)
    codes, labels = pd.factorize(series, use_na_sentinel=True)
    codes = codes.astype(np.int64, copy=False)
    return ColumnArray(codes, int((codes < 0).sum()), np.asarray(labels, dtype=object))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit affects every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


class RowHasher:
    """Folds columns one at a time into a 64-bit hash per row."""

    def __init__(self, rows: int) -> None:
        self.hashes = np.zeros(rows, dtype=np.uint64)
        self._salt = np.uint64(0x9E3779B97F4A7C15)

    def add(self, column: ColumnArray) -> None:
        values = column.values
        if column.coded:
            key = values.view(np.uint64)
        else:
            # One bit pattern for every NaN and for -0.0/0.0, as pandas treats them as equal.
            key = np.where(np.isnan(values), np.nan, values + 0.0).view(np.uint64)
        with np.errstate(over="ignore"):
            self.hashes = _mix(self.hashes ^ _mix(key + self._salt))
            self._salt = np.uint64((int(self._salt) * 0x5851F42D4C957F2D + 1) & int(_MASK))

    def duplicates(self, frame: pd.DataFrame) -> int:
        """Rows repeating an earlier row; candidates sharing a hash are re-checked exactly."""
        if len(self.hashes) < 2:
            return 0
        candidates = pd.Series(self.hashes).duplicated(keep=False).to_numpy()
        found = int(candidates.sum())
        if not found:
            return 0
        if found <= _VERIFY_LIMIT:
            return int(frame.iloc[np.flatnonzero(candidates)].duplicated().sum())
        return int(len(self.hashes) - pd.unique(self.hashes).size)
