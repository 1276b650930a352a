"""Load a dataset's Parquet copy as a pandas frame with one dtype convention per UAM type.

Ingest records a UAM dtype per column (integer, float, boolean, datetime, categorical, text,
id); every analysis step sees the same pandas types for them, so none re-guesses:
numbers are float64 (NaN for missing), booleans pandas' nullable "boolean", datetimes
tz-naive datetime64 in UTC, and categorical/text/id columns object dtype of str with NaN.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

NUMERIC = ("integer", "float")
LABELS = ("categorical", "text", "id")


def load_frame(path: Path, column_types: dict[str, str]) -> pd.DataFrame:
    """The table at `path`, its columns normalised by their UAM dtype."""
    frame = pq.read_table(path).to_pandas()
    return normalise(frame, column_types)


def normalise(frame: pd.DataFrame, column_types: dict[str, str]) -> pd.DataFrame:
    out = {}
    for name in frame.columns:
        out[name] = _as_uam_type(frame[name], column_types.get(name, "text"))
    return pd.DataFrame(out, index=frame.index)


def _as_uam_type(col: pd.Series, dtype: str) -> pd.Series:
    if dtype in NUMERIC:
        return pd.to_numeric(col, errors="coerce").astype("float64")
    if dtype == "boolean":
        return col.astype("boolean")
    if dtype == "datetime":
        values = pd.to_datetime(col, errors="coerce", utc=True)
        return values.dt.tz_localize(None).astype("datetime64[ns]")
    # Labels stay object dtype of str: scikit-learn's encoders and value_counts agree on it.
    # Vectorised: a per-value Python loop costs seconds on a few hundred thousand rows.
    missing = col.isna().to_numpy()
    if pd.api.types.is_string_dtype(col.dtype):
        values = col.to_numpy(dtype=object, na_value=np.nan)
    else:
        values = col.astype(str).to_numpy(dtype=object)
        values[missing] = np.nan
    return pd.Series(values, index=col.index, name=col.name, dtype=object)
