"""What the example prints about a dataset and a finished run, in words a person reads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SEVERITY_RANK = {"critical": 0, "error": 0, "warning": 1, "info": 2}
TOP_ALERTS = 5


def dataset(info: dict[str, Any], seconds: float) -> None:
    shape = f"{info['rows']} rows x {info['cols']} columns"
    print(f"{info['filename']} is ready after {seconds:.1f} s: {shape}")
    for column in info["columns"]:
        print(
            f"  {column['name']:<20} {column['dtype']:<12} "
            f"missing {column['missing']:>4}  distinct {column['unique']:>4}"
        )


def alerts(profile: dict[str, Any]) -> None:
    """The profile's data-quality alerts, most severe first, and the table's gaps."""
    found = sorted(profile.get("alerts") or [], key=_rank)
    gaps = (
        f"{profile['missing_cells']} cells are missing ({profile['missing_cells_pct']}% of the "
        f"table); {profile['duplicate_rows']} rows are duplicates"
    )
    if not found:
        print(
            "\ndata quality: the profile raised no alerts (it looks for constant, ID-like, "
            "mostly missing\n  and skewed columns, near-duplicate columns, duplicate rows and "
            f"target leakage).\n  {gaps}."
        )
        return
    counts: dict[str, int] = {}
    for alert in found:
        counts[_severity(alert)] = counts.get(_severity(alert), 0) + 1
    summary = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    print(f"\ndata quality: {len(found)} alerts ({summary}). {gaps}.")
    for alert in found[:TOP_ALERTS]:
        print(f"  {_severity(alert)}: {alert.get('message') or alert.get('type')}")
    if len(found) > TOP_ALERTS:
        print(f"  ... and {len(found) - TOP_ALERTS} more in the report")
    excluded = profile.get("excluded_from_training") or {}
    if excluded:
        names = ", ".join(f"{name} ({why.replace('_', ' ')})" for name, why in excluded.items())
        print(f"  left out of training: {names}")


def leaderboard(artifacts: list[dict[str, Any]]) -> None:
    """Every candidate model, best first, then the trivial baseline they must beat."""
    models = sorted(
        (a["metadata"] for a in artifacts if a["type"] == "model" and "rank" in a["metadata"]),
        key=lambda m: m["rank"],
    )
    if not models:
        print("\nno models: the run profiled the data only")
        return
    metric = models[0]["metric"]
    print(f"\nleaderboard (ranked by cross-validated {metric}; holdout = rows never trained on)")
    print(f"  {'rank':<6}{'model':<24}{'cross-validated':>16}{'holdout':>12}")
    for m in models:
        holdout = m["holdout"].get(metric)
        print(f"  {m['rank']:<6}{m['name']:<24}{m['cv_score']:>16.4f}{holdout:>12.4f}")
    report = next((a["metadata"] for a in artifacts if a["type"] == "report"), {})
    if report.get("baseline_score") is not None:
        guess = "always the most frequent class" if metric != "r2" else "always the mean"
        print(f"  {'-':<6}{'baseline (' + guess + ')':<40}{report['baseline_score']:>12.4f}")


def files(report: Path, pages: object, charts: list[tuple[Path, str]]) -> None:
    """Where the downloaded report and charts are: files a person can open."""
    print(f"\nreport ({pages} pages): {report}")
    if not charts:
        return
    print(f"{len(charts)} charts in {charts[0][0].parent}{os.sep}")
    for path, title in charts:
        print(f"  {path.name}  ({title})")


def prediction(model: dict[str, Any], row: dict[str, Any], truth: object, answer: dict) -> None:
    """One row through the best model: the answer, each class's probability, where it is kept."""
    target = answer.get("target") or model["target"]
    shown = ", ".join(f"{k}={v}" for k, v in row.items())
    print(f"\nsample prediction by the best model ({model['name']}) for one row of the table:")
    print(f"  {shown}")
    print(f"  predicted {target}: {answer['predictions'][0]}   (the table says: {truth})")
    probabilities = (answer.get("probabilities") or [None])[0]
    if probabilities:
        ranked = sorted(probabilities.items(), key=lambda kv: -kv[1])
        print("  probabilities: " + ", ".join(f"{label} {p:.3f}" for label, p in ranked))
    for warning in answer.get("warnings") or []:
        print(f"  warning: {warning}")
    for flag in answer.get("flags") or []:
        print(f"  note on {flag['column']}: {flag['message']}")
    print(f"  stored as prediction artifact {answer['artifact_id']}")


def _severity(alert: dict[str, Any]) -> str:
    severity = alert.get("severity")
    return severity if severity in SEVERITY_RANK else "info"


def _rank(alert: dict[str, Any]) -> int:
    return SEVERITY_RANK[_severity(alert)]
