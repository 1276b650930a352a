"""Pearson correlations between numeric columns and each feature's association with the target."""

from __future__ import annotations

import numpy as np

from uam.analysis.profiling.encoding import class_codes, codes_for
from uam.analysis.profiling.jsonable import num
from uam.analysis.profiling.sampling import subsample_positions
from uam.analysis.profiling.statistics import ColumnFacts

MAX_CORRELATION_COLUMNS = 100
_CHUNK_CELLS = 250_000  # values per block of the correlation sums: 2 MB per float64 array
MI_BINS = 16  # quantile bins for numbers; coarse enough that 300 rows still give stable counts
MI_ROWS = 200_000
MI_LEVELS = 50  # labels beyond the 50 most frequent pool into "other", so ids carry no signal


def correlations(facts: dict[str, ColumnFacts], names: list[str]) -> dict:
    """Pairwise-complete Pearson correlations (as pandas' DataFrame.corr), via matrix products."""
    kept = names[:MAX_CORRELATION_COLUMNS]  # the first 100 in table order
    omitted = len(names) - len(kept)
    out = {"method": "pearson", "columns": kept, "matrix": [], "columns_omitted": omitted}
    if not kept:
        return out
    columns = [facts[c].values for c in kept]
    means = np.array([facts[c].mean for c in kept])
    sums, squares, products, pairs = _moment_sums(columns, means)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = products - sums * sums.T / pairs
        var_i = squares - sums * sums / pairs
        r = cov / np.sqrt(var_i * var_i.T)
    r = np.clip(r, -1.0, 1.0)
    r[pairs < 2] = np.nan
    np.fill_diagonal(r, [1.0 if p >= 2 else np.nan for p in np.diag(pairs)])
    out["matrix"] = [[num(v) for v in row] for row in r]
    return out


def _moment_sums(columns: list[np.ndarray], means: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sums, sums of squares, cross products and counts over the rows where both columns of
    each pair are present, accumulated in row blocks so memory stays at a few MB.

    A sum over "rows where column j is present" is a product with j's presence mask; for a
    column without gaps that mask is all ones, so only the gappy columns cost a product. All
    products of a block come from one matrix multiplication: many small ones each pay for
    waking the BLAS threads."""
    k, rows = len(columns), columns[0].size
    gappy = np.array([not np.isfinite(c).all() for c in columns])
    totals = np.zeros((3 * k, 1))
    product = np.zeros((3 * k, k + int(gappy.sum())))
    step = max(1024, _CHUNK_CELLS // k)
    for start in range(0, rows, step):
        block = np.stack([c[start : start + step] for c in columns])  # k x step
        present = np.isfinite(block)
        # Centring first keeps the sums of products small: no precision lost to cancellation.
        block -= means[:, None]
        block[~present] = 0.0
        mask = present.astype("float64")
        left = np.concatenate((block, block * block, mask))  # values, squares, presence
        product += left @ np.concatenate((block, mask[gappy])).T
        totals += left.sum(1, keepdims=True)
    # Rows of `product`: values, squares, presence; columns: values, then gappy presence.
    products = product[:k, :k]
    sums, squares, pairs = (np.repeat(totals[i * k : (i + 1) * k], k, 1) for i in range(3))
    sums[:, gappy] = product[:k, k:]
    squares[:, gappy] = product[k : 2 * k, k:]
    pairs[:, gappy] = product[2 * k :, k:]
    return sums, squares, products, pairs


def mutual_information(x: np.ndarray, kx: int, y: np.ndarray, ky: int) -> float:
    """Plug-in mutual information in nats minus the Miller-Madow bias of a kx-by-ky table."""
    n = x.size
    if n == 0:
        return 0.0
    joint = np.bincount(x * ky + y, minlength=kx * ky).reshape(kx, ky).astype("float64")
    px, py = joint.sum(1), joint.sum(0)
    nz = joint > 0
    expected = np.outer(px, py)[nz]
    mi = float((joint[nz] * np.log(joint[nz] * n / expected)).sum() / n)
    bias = (np.count_nonzero(px) - 1) * (np.count_nonzero(py) - 1) / (2.0 * n)
    return max(0.0, mi - bias)


def target_association(
    facts: dict[str, ColumnFacts], target: str, task: str, *, seed: int
) -> list[dict]:
    """Mutual information of every feature with the target, strongest first (at most
    200,000 of the used rows, drawn with the seed: plenty for tables of at most 52 x 18 cells)."""
    if task == "classification":
        y_all, rows = class_codes(facts[target]), None
        ky = int(y_all.max()) + 1 if y_all.size else 1
    else:
        y_all, ky = codes_for(facts[target], bins=MI_BINS, levels=None)
        y_all = np.where(np.isnan(facts[target].values), -1, y_all)
    rows = subsample_positions(y_all.size, MI_ROWS, seed)
    rows = rows[y_all[rows] >= 0]
    y = y_all[rows]
    out = []
    for name, fact in facts.items():
        if name == target:
            continue
        x, kx = codes_for(fact, bins=MI_BINS, levels=MI_LEVELS, rows=rows)
        value = mutual_information(x, kx, y, max(ky, 1))
        out.append({"column": name, "measure": "mutual_information", "value": round(value, 4)})
    out.sort(key=lambda row: -row["value"])
    return out
