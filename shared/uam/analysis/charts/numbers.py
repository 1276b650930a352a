"""Numbers as people read them on a chart: few digits, thousands separators."""

from __future__ import annotations

import math


def short(value: float | int | None) -> str:
    """4 significant digits (years stay 2008), separators from 10,000, scientific only for
    extreme magnitudes."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    size = abs(value)
    if size >= 1e7 or 0 < size < 1e-3:
        return f"{value:.3g}"
    if size >= 10_000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def share(part: int, whole: int) -> str:
    """A percentage with one decimal, "<0.1%" rather than a misleading "0.0%"."""
    if not whole:
        return "0%"
    pct = 100 * part / whole
    return "<0.1%" if 0 < pct < 0.05 else f"{pct:.1f}%"


def plural(count: int, noun: str) -> str:
    """ "1 class", "3 classes", "1,204 values"."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {noun}es" if noun.endswith(("s", "x", "ch", "sh")) else f"{count:,} {noun}s"
