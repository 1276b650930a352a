"""The best model's explanation and the model charts, stored as chart artifacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from uam.runs import keys
from uam.runs.stages.context import StageContext

# Permutation importance gets a slice of the run's budget; it is the slowest explanation.
IMPORTANCE_SHARE, IMPORTANCE_MIN_S, IMPORTANCE_MAX_S = 0.1, 3.0, 20.0


def explain(
    ctx: StageContext, workdir: Path, prep: Any, estimator: Any, holdout: Any, name: str
) -> dict[str, Any]:
    from uam.analysis.charts import confusion_matrix_chart, importance_chart, residuals_chart
    from uam.analysis.modeling import confusion, permutation_importances, residual_sample

    out = workdir / "model-charts"
    budget = float(ctx.options.get("time_budget_s") or 120) * IMPORTANCE_SHARE
    importances = permutation_importances(
        estimator, holdout, prep, budget_s=min(IMPORTANCE_MAX_S, max(IMPORTANCE_MIN_S, budget))
    )
    explained: dict[str, Any] = {"name": name, "importances": importances, "confusion": None}
    if prep.task == "classification":
        explained["confusion"] = confusion(estimator, holdout, prep)
        diagnostic = confusion_matrix_chart(
            explained["confusion"]["labels"],
            explained["confusion"]["matrix"],
            out,
            title=f"Confusion matrix of {name} on the holdout",
        )
    else:
        sample = residual_sample(estimator, holdout, prep)
        diagnostic = residuals_chart(
            sample["y_true"], sample["y_pred"], out, title=f"Residuals of {name} on the holdout"
        )
    explained["diagnostic_chart"] = _store(ctx, diagnostic)
    if importances:
        chart = importance_chart(
            importances, out, title=f"Permutation importance of {name} ({prep.metric})"
        )
        explained["importance_chart"] = _store(ctx, chart)
        top = ", ".join(i["feature"] for i in importances[:5])
        ctx.log(f"{name}: most important features: {top}")
    return explained


def leaderboard(
    ctx: StageContext, workdir: Path, board: dict[str, Any], prep: Any
) -> list[dict[str, Any]]:
    from uam.analysis.charts import leaderboard_chart

    rows = [
        {"name": m["name"], "score": m["holdout"].get(prep.metric), "selected": m["rank"] == 1}
        for m in board["models"]
    ]
    rows.append({"name": "baseline", "score": board["baseline"]["holdout"].get(prep.metric)})
    chart = leaderboard_chart(rows, f"holdout {prep.metric}", workdir / "model-charts")
    return [_store(ctx, chart)]


def _store(ctx: StageContext, chart: Any) -> dict[str, Any]:
    info = {"title": chart.title, "kind": chart.kind, "column": chart.column}
    key = ctx.key(*keys.chart(chart.filename))
    ctx.store_artifact(chart.path, key, type="chart", metadata=info)
    return {**info, "filename": chart.filename, "key": key}
