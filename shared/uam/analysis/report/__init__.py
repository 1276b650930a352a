"""The analysis report as a PDF: summary, data overview, charts and (with a target) models."""

from uam.analysis.report.render import render_report

__all__ = ["render_report"]
