"""PNG charts of a table and of trained models (matplotlib Agg, no pyplot global state)."""

from uam.analysis.charts.data import data_charts
from uam.analysis.charts.model import (
    confusion_matrix_chart,
    importance_chart,
    leaderboard_chart,
    residuals_chart,
)
from uam.analysis.charts.style import Chart

__all__ = [
    "Chart",
    "confusion_matrix_chart",
    "data_charts",
    "importance_chart",
    "leaderboard_chart",
    "residuals_chart",
]
