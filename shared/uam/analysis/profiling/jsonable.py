"""Plain JSON values out of numpy and pandas ones: every profile must survive allow_nan=False."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def num(value: Any) -> float | None:
    """A finite Python float, or None for missing, NaN and infinity."""
    if value is None or value is pd.NaT:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def pct(part: float, whole: float) -> float:
    """part as a percentage of whole, rounded to 2 decimals (0.0 when whole is 0)."""
    return round(100.0 * part / whole, 2) if whole else 0.0


def iso(ns: int | float | np.integer | None) -> str | None:
    """An ISO 8601 string for a count of nanoseconds since the epoch (naive UTC)."""
    if ns is None or (isinstance(ns, float) and not math.isfinite(ns)):
        return None
    return pd.Timestamp(int(ns)).isoformat()


def label(value: Any) -> str:
    """How a category or class value is shown: integral floats without a trailing .0."""
    if (
        isinstance(value, float | np.floating)
        and math.isfinite(value)
        and float(value).is_integer()
    ):
        return str(int(value))
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


def clean(value: Any) -> Any:
    """value with numpy scalars, NaN/inf and timestamps made JSON-safe, recursively."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [clean(v) for v in value.tolist()]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return num(value)
    if isinstance(value, pd.Timestamp):
        return None if value is pd.NaT else value.isoformat()
    return value
