"""Report: the PDF a person hands to a colleague, from what the earlier stages stored."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from uam.runs import keys
from uam.runs.stages.context import StageContext


def run(run_id: str, *, s3: Any) -> dict[str, Any]:
    ctx = StageContext.load(run_id, s3=s3)
    ctx.begin("report", 86)
    with tempfile.TemporaryDirectory(prefix="uam-report-") as tmp:
        path, headline = write_report(ctx, Path(tmp))
        ctx.store_artifact(path, ctx.key(*keys.REPORT), type="report", metadata=headline)
    ctx.log(f"report written: {headline['pages']} pages")
    ctx.advance("report", 95)
    return {"pages": headline["pages"]}


def write_report(ctx: StageContext, workdir: Path) -> tuple[Path, dict[str, Any]]:
    """The run's PDF in `workdir`, built from its stored objects, and its headline.

    Reads only, so a finished run can be re-rendered (POST /reports/generate) as well.
    """
    from uam.analysis.report import render_report

    content = _content(ctx, workdir)
    path = workdir / "report.pdf"
    pages = render_report(content, path)
    return path, _headline(content, pages)


def _content(ctx: StageContext, workdir: Path) -> dict[str, Any]:
    profile = ctx.get_json(ctx.key(*keys.PROFILE))
    charts = [_local(ctx, workdir, c) for c in ctx.get_json(ctx.key(*keys.CHARTS))]
    content: dict[str, Any] = {
        "title": f"Analysis of {ctx.dataset_filename}",
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run_id": str(ctx.run_id),
        "dataset": {
            "filename": ctx.dataset_filename,
            "rows": profile.get("rows"),
            "cols": profile.get("columns"),
        },
        "target": ctx.options.get("target"),
        "task": None,
        "metric": None,
        "profile": profile,
        "charts": charts,
        "notes": [],
    }
    if ctx.options.get("target"):
        _add_models(ctx, workdir, content, profile)
    return content


def _add_models(
    ctx: StageContext, workdir: Path, content: dict[str, Any], profile: dict[str, Any]
) -> None:
    prep = ctx.get_json(ctx.key(*keys.PREPARATION))
    board = ctx.get_json(ctx.key(*keys.LEADERBOARD))
    excluded = {**prep.get("excluded", {}), **(profile.get("excluded_from_training") or {})}
    content.update(
        task=prep["task"],
        metric=prep["metric"],
        preparation={**prep, "excluded": excluded},
        leaderboard=board["models"],
        baseline=board["baseline"],
        failed_models=board.get("failed_models") or [],
    )
    best = dict(board["best_model"])
    best["holdout"] = board["models"][0]["holdout"]
    for field in ("diagnostic_chart", "importance_chart"):
        if best.get(field):
            best[field] = _local(ctx, workdir, best[field])["path"]
    content["best_model"] = best
    content["charts"] += [_local(ctx, workdir, c) for c in board.get("charts") or []]
    budget = ctx.options.get("time_budget_s")
    content["notes"].append(f"time budget for the whole run: {budget} s")
    for model in board["models"]:
        content["notes"] += [f"{model['name']}: {note}" for note in model.get("notes") or []]


def _local(ctx: StageContext, workdir: Path, chart: dict[str, Any]) -> dict[str, Any]:
    path = ctx.download(chart["key"], workdir / "charts" / chart["filename"])
    return {**chart, "path": str(path)}


def _headline(content: dict[str, Any], pages: int) -> dict[str, Any]:
    """What a list of reports shows without opening one."""
    headline: dict[str, Any] = {"pages": pages, "target": content.get("target")}
    best, metric = content.get("best_model"), content.get("metric")
    if best and metric:
        headline.update(
            best_model=best["name"],
            metric=metric,
            holdout_score=best["holdout"].get(metric),
            baseline_score=(content.get("baseline") or {}).get("holdout", {}).get(metric),
        )
    return headline
