"""Columns as small non-negative integer codes, so associations are counted with bincount."""

from __future__ import annotations

import numpy as np
import pandas as pd

from uam.analysis.profiling.statistics import GRID, ColumnFacts


def codes_for(
    facts: ColumnFacts, *, bins: int, levels: int | None, rows: np.ndarray | None = None
) -> tuple[np.ndarray, int]:
    """(codes, number of codes) over `rows` of the used rows (all when None): quantile bins
    for numbers, the `levels` most frequent labels plus one "other" code (None keeps every
    label); missing always gets a code of its own."""
    values = facts.values if rows is None else facts.values[rows]
    if facts.grid is None and values.dtype.kind == "f":  # numbers that are all missing
        return np.zeros(values.size, dtype=np.int64), 1
    if facts.grid is None:
        return _capped(values, levels)
    step = max(1, GRID // bins)
    inner = np.unique(facts.grid[step:-1:step])
    codes = np.searchsorted(inner, values, side="right").astype(np.int64)
    codes[np.isnan(values)] = inner.size + 1
    return codes, inner.size + 2


def _capped(codes: np.ndarray, levels: int | None) -> tuple[np.ndarray, int]:
    """Relabel codes so the `levels` most frequent keep one each and the rest share one."""
    known = int(codes.max()) + 1 if codes.size else 0
    if levels is None or known <= levels:
        return np.where(codes >= 0, codes, known), known + 1
    counts = np.bincount(codes[codes >= 0], minlength=known)
    rank = np.empty(known, dtype=np.int64)
    rank[np.argsort(-counts, kind="stable")] = np.arange(known)
    mapped = np.minimum(rank, levels)  # every rarer label becomes code `levels`, "other"
    return np.where(codes >= 0, mapped[np.maximum(codes, 0)], levels + 1), levels + 2


def class_codes(facts: ColumnFacts) -> np.ndarray:
    """Class codes of a classification target over the used rows (-1 where missing)."""
    if facts.values.dtype.kind != "f":
        return facts.values
    return pd.factorize(facts.values, use_na_sentinel=True)[0].astype(np.int64)
