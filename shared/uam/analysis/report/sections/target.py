"""The target column: its distribution and the columns most associated with it."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from uam.analysis.report import content as c
from uam.analysis.report.styles import styles
from uam.analysis.report.tables import data_table
from uam.analysis.report.text import MISSING, esc, fmt_int, fmt_num, fmt_pct, number

MAX_CLASSES = 15
TOP_ASSOCIATIONS = 10
_MEASURES = {
    "mutual_information": "mutual information",
    "pearson": "correlation (Pearson)",
    "spearman": "correlation (Spearman)",
    "correlation_ratio": "correlation ratio",
    "cramers_v": "Cramér's V",
}


def target_overview(content: dict) -> list[Flowable]:
    """How the target is distributed, then which columns move with it."""
    name = c.target(content)
    if name is None:
        return []
    s = styles()
    info = c.mapping(c.profile(content).get("target"))
    heading = Paragraph(f"Target: {esc(name, 90)}", s.h2)
    distribution = c.records(info.get("distribution"))
    if distribution:
        body = _classes_table(distribution)
    elif number(info.get("mean")) is not None:
        body = _numeric_table(info)
    else:
        body = Paragraph("No distribution of the target is available.", s.body)
    # Headings go inside KeepTogether: reportlab's keepWithNext does not attach to one.
    story: list[Flowable] = [KeepTogether([heading, body])]
    story += _associations(c.records(c.profile(content).get("target_association")))
    return story


def _classes_table(distribution: list[dict]) -> Flowable:
    total = sum(number(d.get("count")) or 0 for d in distribution)
    rows = [
        [
            esc(d.get("value"), 80),
            fmt_int(d.get("count")),
            fmt_pct(100 * (number(d.get("count")) or 0) / total) if total else MISSING,
        ]
        for d in distribution[:MAX_CLASSES]
    ]
    if len(distribution) > MAX_CLASSES:
        rest = sum(number(d.get("count")) or 0 for d in distribution[MAX_CLASSES:])
        share = fmt_pct(100 * rest / total) if total else MISSING
        rows.append(
            [f"<i>{len(distribution) - MAX_CLASSES} other classes</i>", fmt_int(rest), share]
        )
    return data_table(["Class", "Rows", "Share"], rows, [0.45, 0.15, 0.15], right=(1, 2))


def _numeric_table(info: dict) -> Flowable:
    keys = [
        ("mean", "Mean"),
        ("std", "Standard deviation"),
        ("min", "Minimum"),
        ("median", "Median"),
        ("max", "Maximum"),
    ]
    rows = [[label, esc(fmt_num(info.get(key)))] for key, label in keys]
    return data_table(["Statistic", "Value"], rows, [0.45, 0.3], right=(1,))


def _associations(associations: list[dict]) -> list[Flowable]:
    if not associations:
        return []
    s = styles()
    rows = [
        [
            esc(item.get("column"), 90),
            esc(_MEASURES.get(str(item.get("measure")), str(item.get("measure") or MISSING))),
            f"{number(item.get('value')):.3f}"
            if number(item.get("value")) is not None
            else MISSING,
        ]
        for item in associations[:TOP_ASSOCIATIONS]
    ]
    return [
        KeepTogether(
            [
                Paragraph("Columns most associated with the target", s.h2),
                data_table(["Column", "Measure", "Value"], rows, [0.45, 0.3, 0.15], right=(2,)),
            ]
        ),
        Paragraph(
            "Association is measured one column at a time, before any model; a model can "
            "still combine weak columns into a strong prediction.",
            s.small,
        ),
    ]
