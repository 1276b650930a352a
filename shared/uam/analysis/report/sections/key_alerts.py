"""The summary's data-quality paragraph: alert counts and the most severe alerts."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from uam.analysis.report import content as c
from uam.analysis.report.labels import SEVERITY_RANK, severity_of
from uam.analysis.report.styles import styles
from uam.analysis.report.text import esc

KEY_ALERTS = 5


def key_alerts(content: dict) -> list[Flowable]:
    """How many alerts of each severity, and the most severe few in full."""
    s = styles()
    alerts = c.records(c.profile(content).get("alerts"))
    if not alerts:
        return []
    ranked = sorted(alerts, key=lambda a: SEVERITY_RANK[severity_of(a)])
    counts = {}
    for alert in alerts:
        counts[severity_of(alert)] = counts.get(severity_of(alert), 0) + 1
    parts = [f"{n} {_plural(sev, n)}" for sev, n in sorted(counts.items(), key=_by_rank)]
    story: list[Flowable] = [
        Paragraph("Data quality", s.h2),
        Paragraph(
            f"The profile raised {len(alerts)} alert{'s' if len(alerts) != 1 else ''} "
            f"({', '.join(parts)}). The most important:",
            s.body,
        ),
    ]
    for alert in ranked[:KEY_ALERTS]:
        severity = severity_of(alert)
        message = esc(alert.get("message") or alert.get("type"), 240)
        story.append(
            Paragraph(f"<b>{severity.capitalize()}:</b> {message}", s.bullet, bulletText="•")
        )
    if len(alerts) > KEY_ALERTS:
        story.append(Paragraph("All alerts are listed in the data overview.", s.small))
    return story


def _plural(severity: str, n: int) -> str:
    word = {"info": "for information"}.get(severity, severity + ("s" if n != 1 else ""))
    return word


def _by_rank(item: tuple[str, int]) -> int:
    return SEVERITY_RANK[item[0]]
