"""The data charts, two to a page."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph

from uam.analysis.report import content as c
from uam.analysis.report.figures import HALF_PAGE, chart_parts
from uam.analysis.report.styles import styles

MODEL_KINDS = frozenset({"confusion_matrix", "residuals", "feature_importance", "leaderboard"})


def data_charts(content: dict) -> list[Flowable]:
    """A heading and the charts that describe the data (not the models), each kept whole."""
    # No caption: every chart draws its own title (a caption would say it twice).
    charts = [
        chart_parts(item.get("path"), None)
        for item in c.records(content.get("charts"))
        if item.get("kind") not in MODEL_KINDS
    ]
    charts = [parts for parts in charts if parts]
    if not charts:
        return []
    heading = Paragraph("Charts", styles().h1)
    # A fresh page unless the heading and a first chart still fit on this one.
    return [
        CondPageBreak(HALF_PAGE + 60),
        KeepTogether([heading, *charts[0]]),
        *[KeepTogether(parts) for parts in charts[1:]],
    ]


def model_chart(content: dict, kind: str) -> dict | None:
    """The first chart of a model kind in the content's chart list."""
    for item in c.records(content.get("charts")):
        if item.get("kind") == kind:
            return item
    return None
