"""Tables whose cells are wrapping Paragraphs, so no content can push past the page edge."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from uam.analysis.report.styles import (
    BOX_FILL,
    CONTENT_WIDTH,
    HEADER_FILL,
    RULE,
    ZEBRA_FILL,
    styles,
)

Cell = str | Flowable  # a str is Paragraph markup, already escaped by the caller


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    groups: Sequence[tuple[str, int, int]] = (),
) -> Table:
    """A table with a repeated header; `widths` are fractions of the content width.

    `groups` adds a row above the header naming column ranges (label, first, last).
    """
    s = styles()
    head = [
        Paragraph(text, s.cell_head_right if i in right else s.cell_head)
        for i, text in enumerate(header)
    ]
    body = [
        [_cell(value, s.cell_right if i in right else s.cell) for i, value in enumerate(row)]
        for row in rows
    ]
    top = _group_row(groups, len(header)) if groups else []
    table = Table(
        [*top, head, *body],
        colWidths=[w * CONTENT_WIDTH for w in widths],
        repeatRows=len(top) + 1,
        hAlign="LEFT",
    )
    first = len(top)  # index of the column-header row
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, first), HEADER_FILL),
        ("LINEBELOW", (0, first), (-1, first), 0.8, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for _label, start, end in groups:
        commands += [
            ("SPAN", (start, 0), (end, 0)),
            ("LINEBELOW", (start, 0), (end, 0), 0.5, RULE),
        ]
    commands += [
        ("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL)
        for r in range(first + 2, first + len(rows) + 1, 2)
    ]
    table.setStyle(TableStyle(commands))
    return table


def facts_table(pairs: Sequence[tuple[str, Cell]], width: float = 1.0) -> Table:
    """A boxed two-column list of label / value pairs (labels are static text)."""
    s = styles()
    data = [[Paragraph(label, s.cell_head), _cell(value, s.cell)] for label, value in pairs]
    table = Table(
        data, colWidths=[0.3 * width * CONTENT_WIDTH, 0.7 * width * CONTENT_WIDTH], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BOX_FILL),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _group_row(groups: Sequence[tuple[str, int, int]], width: int) -> list[list[Flowable]]:
    s = styles()
    row: list[Flowable | str] = [""] * width
    for label, start, _end in groups:
        row[start] = Paragraph(label, s.cell_group)
    return [row]


def _cell(value: Cell, style) -> Flowable:
    return value if isinstance(value, Flowable) else Paragraph(value, style)
