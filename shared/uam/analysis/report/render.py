"""Assemble the sections into one PDF."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable

from uam.analysis.report import content as c
from uam.analysis.report.document import build
from uam.analysis.report.sections.best_model import best_model
from uam.analysis.report.sections.charts import data_charts
from uam.analysis.report.sections.data import data_overview
from uam.analysis.report.sections.leaderboard import leaderboard
from uam.analysis.report.sections.method import closing_sections
from uam.analysis.report.sections.summary import summary, title_of


def render_report(content: dict, out: Path) -> int:
    """Write the report for `content` to `out` and return its number of pages."""
    content = c.mapping(content)
    story: list[Flowable] = [*summary(content), *data_overview(content), *data_charts(content)]
    if c.has_models(content):
        story += [*leaderboard(content), *best_model(content), *closing_sections(content)]
    title = title_of(content)
    return build(story, Path(out), title=title, footer=title)
