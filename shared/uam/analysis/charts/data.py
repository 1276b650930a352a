"""data_charts: the exploratory charts of one table, chosen from its profile."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from uam.analysis.charts.columns import Classes, categories_chart, distribution_chart
from uam.analysis.charts.overview import correlation_chart, missing_chart, target_chart
from uam.analysis.charts.style import Chart, serialised

_HISTOGRAMS = ("integer", "float", "datetime")
_BARS = ("categorical", "text", "boolean")
_NOT_CHARTED = ("id_like", "constant")  # nothing to see in a column that is all ids or one value


@serialised
def data_charts(
    frame: pd.DataFrame, profile: dict, out_dir: Path, *, max_columns: int = 12
) -> list[Chart]:
    """Missing values, correlations, the target, then at most `max_columns` histograms and
    at most `max_columns` category charts, the columns most associated with the target first."""
    charts = [missing_chart(profile, out_dir)]
    charts += [
        c for c in (correlation_chart(profile, out_dir), target_chart(profile, out_dir)) if c
    ]
    columns = _charted_columns(profile)
    classes = Classes(frame, profile)
    histograms = [c for c in columns if c[1]["dtype"] in _HISTOGRAMS and c[1]["histogram"]]
    bars = [c for c in columns if c[1]["dtype"] in _BARS and c[1]["count"]]
    for index, column in histograms[:max_columns]:
        charts.append(distribution_chart(frame, column, index, classes, out_dir))
    sampled = bool((profile.get("sample") or {}).get("sampled"))
    for index, column in bars[:max_columns]:
        charts.append(categories_chart(frame, column, index, classes, out_dir, sampled=sampled))
    return charts


def _charted_columns(profile: dict) -> list[tuple[int, dict]]:
    """(1-based position, column profile) of the features worth a chart, best first."""
    target = (profile.get("target") or {}).get("name")
    excluded = profile.get("excluded_from_training") or {}
    rank = {row["column"]: i for i, row in enumerate(profile.get("target_association") or [])}
    columns = [
        (position, column)
        for position, column in enumerate(profile["columns_profile"], start=1)
        if column["name"] != target and excluded.get(column["name"]) not in _NOT_CHARTED
    ]
    # Without a target, rank is empty and the table's own column order is kept.
    return sorted(columns, key=lambda item: rank.get(item[1]["name"], len(rank) + item[0]))
