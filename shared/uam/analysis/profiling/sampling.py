"""Which rows distribution statistics are computed on: all, or a seeded uniform sample."""

from __future__ import annotations

import numpy as np

# What stays exact however large the table is; everything else comes from the sample.
EXACT = ("rows", "columns", "count", "missing", "missing_pct", "missing_cells", "duplicate_rows")


def sample_positions(rows: int, limit: int, seed: int) -> tuple[np.ndarray | None, dict]:
    """(positions of the sampled rows, or None for all rows; the profile's "sample" entry)."""
    info = {"sampled": rows > limit, "rows_used": min(rows, limit), "exact_row_limit": limit}
    if rows <= limit:
        return None, {**info, "note": "all rows used", "exact": list(EXACT)}
    note = (
        f"Distribution statistics (unique counts, means, quantiles, histograms, top values, "
        f"correlations, target associations and the alerts built on them) use a uniform random "
        f"sample of {limit:,} of {rows:,} rows (seed {seed}); the row count, per-column "
        f"missing and non-missing counts and the duplicate-row count use all rows."
    )
    return subsample_positions(rows, limit, seed), {**info, "note": note, "exact": list(EXACT)}


def subsample_positions(rows: int, limit: int, seed: int) -> np.ndarray:
    """Sorted positions of at most `limit` of `rows` rows, drawn uniformly with a fixed seed."""
    if rows <= limit:
        return np.arange(rows)
    return np.sort(np.random.default_rng(seed).choice(rows, size=limit, replace=False))
