"""Data overview: the column table and the data-quality alerts."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph

from uam.analysis.report import content as c
from uam.analysis.report.labels import SEVERITY_RANK, dtype_label, severity_of
from uam.analysis.report.sections.target import target_overview
from uam.analysis.report.styles import SEVERITY_COLOURS, styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import (
    MISSING,
    esc,
    fmt_int,
    fmt_num,
    fmt_pct,
    has_undrawable,
    number,
)

MAX_COLUMNS = 300  # a wider table would bury the rest of the report
NAME_LIMIT = 90


def data_overview(content: dict) -> list[Flowable]:
    """The columns one row each, then every alert."""
    s = styles()
    profile = c.profile(content)
    columns = c.records(profile.get("columns_profile"))
    story: list[Flowable] = [PageBreak(), Paragraph("Data overview", s.h1)]
    sample = c.mapping(profile.get("sample"))
    if sample.get("note"):
        note = str(sample["note"]).strip().rstrip(".")
        story.append(Paragraph(f"Statistics: {esc(note, 400)}.", s.body))
    if columns:
        story.append(_columns_table(columns, c.target(content)))
        if len(columns) > MAX_COLUMNS:
            story.append(
                Paragraph(f"The first {MAX_COLUMNS} of {len(columns)} columns are shown.", s.small)
            )
        if any(has_undrawable(col.get("name")) for col in columns):
            story.append(
                Paragraph("Characters the report font cannot draw are shown as \ufffd.", s.small)
            )
    else:
        story.append(Paragraph("No column profile is available.", s.body))
    story += alerts_table(c.records(profile.get("alerts")))
    story += target_overview(content)
    return story


def _columns_table(columns: list[dict], target: str | None) -> Flowable:
    rows = []
    for col in columns[:MAX_COLUMNS]:
        name = esc(col.get("name"), NAME_LIMIT)
        if target is not None and col.get("name") == target:
            name = f"<b>{name}</b> <font size=7 color='#1f4e79'>(target)</font>"
        rows.append(
            [
                name,
                esc(dtype_label(col.get("dtype"))),
                _missing(col),
                fmt_int(col.get("unique")),
                _typical(col),
            ]
        )
    return data_table(
        ["Column", "Type", "Missing", "Unique", "Mean / most common"],
        rows,
        [0.31, 0.11, 0.13, 0.1, 0.35],
        right=(2, 3),
    )


def _missing(col: dict) -> str:
    count, pct = number(col.get("missing")), number(col.get("missing_pct"))
    if count is None and pct is None:
        return MISSING
    if count == 0 or (count is None and pct == 0):
        return "0"
    if pct is None:
        return fmt_int(count)
    shown = "&lt;0.1%" if 0 < pct < 0.05 else fmt_pct(pct)
    return shown if count is None else f"{fmt_int(count)} ({shown})"


def _typical(col: dict) -> str:
    """Mean and range for numbers, the most common values for labels, the span for dates."""
    mean = number(col.get("mean"))
    if mean is not None:
        low, high = col.get("min"), col.get("max")
        text = f"mean {esc(fmt_num(mean))}"
        if number(low) is not None and number(high) is not None:
            text += f" · {esc(fmt_num(low))} to {esc(fmt_num(high))}"
        return text
    top = c.records(col.get("top_values"))
    if top:
        count = number(col.get("count")) or None
        shown = []
        for item in top[:2]:
            share = number(item.get("count"))
            pct = f" ({fmt_pct(100 * share / count, digits=0)})" if share and count else ""
            shown.append(f"{esc(item.get('value'), 40)}{pct}")
        return ", ".join(shown)
    low, high = col.get("min"), col.get("max")
    if isinstance(low, str) and isinstance(high, str):
        return f"{esc(low[:10])} to {esc(high[:10])}"
    return MISSING


def alerts_table(alerts: list[dict]) -> list[Flowable]:
    """Every alert, the most severe first."""
    s = styles()
    story: list[Flowable] = [Paragraph("Data-quality alerts", s.h2)]
    if not alerts:
        return [*story, Paragraph("The profile raised no alert.", s.body)]
    ranked = sorted(alerts, key=lambda a: SEVERITY_RANK[severity_of(a)])
    rows = []
    for alert in ranked:
        severity = severity_of(alert)
        colour = SEVERITY_COLOURS[severity].hexval().replace("0x", "#")
        column = alert.get("column")
        rows.append(
            [
                f"<font color='{colour}'><b>{severity.capitalize()}</b></font>",
                esc(column, NAME_LIMIT) if column is not None else "all columns",
                esc(alert.get("message") or alert.get("type"), 400),
            ]
        )
    story.append(data_table(["Severity", "Column", "Message"], rows, [0.12, 0.28, 0.6]))
    return story
