"""Per-column statistics from one sort (numbers, dates) or one bincount (labels, booleans)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from uam.analysis.profiling.arrays import ColumnArray
from uam.analysis.profiling.jsonable import iso, label, num, pct

TOP_VALUES = 10
GRID = 64  # quantile grid kept per number column, for binning it later without re-sorting
_NUMBER_KEYS = ("mean", "std", "min", "q1", "median", "q3", "max", "skewness", "zeros")


@dataclass
class ColumnFacts:
    """What alerts and associations need beyond the JSON profile, kept from the one pass."""

    values: np.ndarray  # the used rows: float64 numbers or int64 codes (-1 missing)
    used: int = 0  # non-missing values among the used rows
    dominant: int = 0  # occurrences of the most common value among them
    consecutive: bool = False  # integers forming one gap-free run, like a row counter
    mean: float = 0.0
    grid: np.ndarray | None = None  # values at quantiles 0, 1/64, ..., 1 (numbers only)
    labels: np.ndarray | None = None  # the label of each code (coded columns only)


def column_profile(
    name: str, dtype: str, full: ColumnArray, positions: np.ndarray | None
) -> tuple[dict, ColumnFacts]:
    """The JSON profile of one column: counts exact over all rows, the rest over `positions`."""
    rows = full.values.size
    values = full.values if positions is None else full.values[positions]
    profile = {
        "name": name,
        "dtype": dtype,
        "count": rows - full.missing,
        "missing": full.missing,
        "missing_pct": pct(full.missing, rows),
        "unique": 0,
        **dict.fromkeys(_NUMBER_KEYS),
        "histogram": None,
        "top_values": None,
        "infinite": None,
    }
    if full.coded:
        stats, facts = label_stats(values, full.labels)
    elif dtype == "datetime":
        stats, facts = datetime_stats(values)
    else:
        stats, facts = numeric_stats(values)
    profile.update(stats)
    return profile, facts


def numeric_stats(values: np.ndarray) -> tuple[dict, ColumnFacts]:
    """Moments as pandas computes them (ddof=1, adjusted skewness), quantiles, histogram."""
    finite = values[np.isfinite(values)]
    n = int(finite.size)
    out: dict = {"infinite": int(values.size - n - np.isnan(values).sum())}
    if n == 0:
        return out, ColumnFacts(values)
    ordered = np.sort(finite)
    unique, dominant = _runs(ordered)
    mean = float(finite.sum() / n)
    centred = finite - mean
    m2 = float(np.dot(centred, centred))
    q1, q3 = _quantile(ordered, 0.25), _quantile(ordered, 0.75)
    out.update(
        unique=unique,
        mean=mean,
        std=math.sqrt(m2 / (n - 1)) if n > 1 else None,
        min=float(ordered[0]),
        q1=q1,
        median=_quantile(ordered, 0.5),
        q3=q3,
        max=float(ordered[-1]),
        skewness=_skewness(centred, m2, n, unique),
        zeros=int(np.searchsorted(ordered, 0.0, "right") - np.searchsorted(ordered, 0.0)),
        histogram=_histogram(ordered, unique, q3 - q1),
    )
    integral = bool(np.all(ordered == np.round(ordered)))
    consecutive = integral and unique == n and ordered[-1] - ordered[0] == n - 1
    facts = ColumnFacts(values, n, dominant, consecutive, mean, _grid(ordered))
    return out, facts


def datetime_stats(values: np.ndarray) -> tuple[dict, ColumnFacts]:
    """Range, quartiles and histogram of nanosecond timestamps; edges are ISO 8601 strings."""
    ordered = np.sort(values[~np.isnan(values)])
    n = int(ordered.size)
    if n == 0:
        return {}, ColumnFacts(values)
    unique, dominant = _runs(ordered)
    lo, hi = float(ordered[0]), float(ordered[-1])
    bins = max(1, min(30, _sturges(n), unique))
    edges = np.linspace(lo, hi, bins + 1) if hi > lo else np.array([lo - 1e9, hi + 1e9])
    out = {
        "unique": unique,
        "min": iso(lo),
        "q1": iso(_quantile(ordered, 0.25)),
        "median": iso(_quantile(ordered, 0.5)),
        "q3": iso(_quantile(ordered, 0.75)),
        "max": iso(hi),
        "histogram": {"edges": [iso(e) for e in edges], "counts": _counts(ordered, edges)},
    }
    return out, ColumnFacts(values, n, dominant, grid=_grid(ordered))


def label_stats(codes: np.ndarray, labels: np.ndarray) -> tuple[dict, ColumnFacts]:
    """Distinct count and the most frequent values of a label or boolean column."""
    counts = np.bincount(codes[codes >= 0], minlength=labels.size)
    order = np.argsort(-counts, kind="stable")[:TOP_VALUES]
    top = [{"value": label(labels[i]), "count": int(counts[i])} for i in order if counts[i]]
    used = int(counts.sum())
    facts = ColumnFacts(codes, used, int(counts.max()) if counts.size else 0, labels=labels)
    return {"unique": int(np.count_nonzero(counts)), "top_values": top}, facts


def _runs(ordered: np.ndarray) -> tuple[int, int]:
    """(distinct values, length of the longest run of one value) of a sorted array."""
    starts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    lengths = np.diff(np.concatenate(([0], starts, [ordered.size])))
    return int(starts.size + 1), int(lengths.max())


def _quantile(ordered: np.ndarray, q: float) -> float:
    """Linear-interpolation quantile of a sorted array (pandas' and numpy's default)."""
    pos = q * (ordered.size - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, ordered.size - 1)
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))


def _grid(ordered: np.ndarray) -> np.ndarray:
    return ordered[np.linspace(0, ordered.size - 1, GRID + 1).round().astype(np.int64)]


def _skewness(centred: np.ndarray, m2: float, n: int, unique: int) -> float | None:
    """Adjusted Fisher-Pearson skewness, as pandas' Series.skew computes it."""
    if n < 3:
        return None
    if unique == 1:
        return 0.0
    m3 = float(np.dot(centred * centred, centred))
    return num(n * math.sqrt(n - 1) / (n - 2) * (m3 / m2**1.5))


def _sturges(n: int) -> int:
    return math.ceil(math.log2(n)) + 1


def _counts(ordered: np.ndarray, edges: np.ndarray) -> list[int]:
    """np.histogram's counts (last bin closed) by binary search on the already sorted values."""
    starts = np.searchsorted(ordered, edges[:-1], side="left")
    return np.diff(np.append(starts, ordered.size)).tolist()


def _histogram(ordered: np.ndarray, unique: int, iqr: float) -> dict:
    """Counts over edges suited to the data: one bin per integer for small integer ranges."""
    lo, hi, n = float(ordered[0]), float(ordered[-1]), ordered.size
    if lo == hi:
        edges = np.array([lo - 0.5, hi + 0.5])
    elif hi - lo <= 40 and np.all(ordered == np.round(ordered)):
        edges = np.arange(lo - 0.5, hi + 1.0, 1.0)
    else:
        # Freedman-Diaconis (or Sturges when finer), kept between 5 and 40 bins.
        width = 2.0 * iqr / n ** (1 / 3)
        bins = max(math.ceil((hi - lo) / width) if width > 0 else 0, _sturges(n))
        edges = np.linspace(lo, hi, max(5, min(40, bins, max(unique, 5))) + 1)
    return {"edges": [float(e) for e in edges], "counts": _counts(ordered, edges)}
