"""Select: rank the trained candidates, add a greedy ensemble of them when it helps, and
explain the best model (baseline, permutation importance, confusion matrix or residuals)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uam.db.engine import session_scope
from uam.models import store
from uam.runs import keys
from uam.runs.exceptions import RunError
from uam.runs.stages import model_charts
from uam.runs.stages.context import StageContext
from uam.runs.stages.inputs import preparation, split
from uam.runs.stages.train import save_model
from uam.runs.workflow_errors import failure_message

ENSEMBLE = "ensemble"
# A blend must beat the best single model by this share of its score to be worth predicting
# with several models (slower predictions and explanations for a gain inside the noise).
ENSEMBLE_MIN_GAIN = 0.0005


class NoModelTrained(RunError):
    """Every candidate failed: there is nothing to rank (permanent)."""


@dataclass
class Contest:
    """What selection works on: the prepared data and each model with its scores."""

    ctx: StageContext
    workdir: Path
    prep: Any
    train: Any
    holdout: Any
    models: dict[str, Any] = field(default_factory=dict)
    cv: dict[str, float] = field(default_factory=dict)
    holdouts: dict[str, dict[str, Any]] = field(default_factory=dict)


def run(run_id: str, trained: list[dict[str, Any]], *, s3: Any) -> dict[str, Any]:
    ctx = StageContext.load(run_id, s3=s3)
    ctx.begin("train", 81)
    failures = [t for t in trained if not t.get("ok", True)]
    for failure in failures:
        ctx.log(
            f"{failure.get('name')}: training failed: {failure_message(failure.get('error'))}",
            "ERROR",
        )
    prep = preparation(ctx)
    with session_scope() as session:
        rows = [m for m in store.for_run(ctx.run_id, session=session) if m.name != ENSEMBLE]
    if not rows:
        reasons = "; ".join(f"{f.get('name')}: {failure_message(f.get('error'))}" for f in failures)
        raise NoModelTrained(f"no candidate model could be trained ({reasons or 'none ran'})")
    with tempfile.TemporaryDirectory(prefix="uam-select-") as tmp:
        workdir = Path(tmp)
        contest = Contest(
            ctx,
            workdir,
            prep,
            train=split(ctx, workdir, keys.TRAIN),
            holdout=split(ctx, workdir, keys.HOLDOUT),
            models={m.name: _load(ctx, workdir, m) for m in rows},
            cv={m.name: m.metrics_json["cv"]["score"] for m in rows},
            holdouts={m.name: m.metrics_json["holdout"] for m in rows},
        )
        _maybe_ensemble(contest)
        leaderboard = _rank(contest)
        best = leaderboard["models"][0]["name"]
        leaderboard["best_model"] = model_charts.explain(
            ctx, workdir, prep, contest.models[best], contest.holdout, best
        )
        leaderboard["failed_models"] = [
            {"name": f.get("name"), "error": failure_message(f.get("error"))} for f in failures
        ]
        leaderboard["charts"] += model_charts.leaderboard(ctx, workdir, leaderboard, prep)
    ctx.put_json(ctx.key(*keys.LEADERBOARD), leaderboard)
    ctx.advance("train", 85)
    return {"best_model": best, "models": len(leaderboard["models"])}


def _load(ctx: StageContext, workdir: Path, row: Any) -> Any:
    from uam.analysis.modeling import load_bundle

    path = ctx.download(row.storage_key, workdir / f"{row.name}.joblib")
    return load_bundle(path, sha256=row.sha256).estimator


def _maybe_ensemble(contest: Contest) -> None:
    import numpy as np

    from uam.analysis.modeling import (
        EnsembleModel,
        blend,
        ensemble_weights,
        higher_is_better,
        holdout_metrics,
        target_values,
    )
    from uam.analysis.modeling.evaluation import score

    ctx, workdir, prep, models, cv = (
        contest.ctx,
        contest.workdir,
        contest.prep,
        contest.models,
        contest.cv,
    )
    if len(models) < 2:
        return
    oofs = {}
    for name in models:
        path = ctx.download(ctx.key(*keys.out_of_fold(name)), workdir / f"{name}.oof.npy")
        oofs[name] = np.load(path)
    y_train = target_values(contest.train, prep)
    weights = ensemble_weights(oofs, y_train, prep)
    members = {n: w for n, w in weights.items() if w > 0}
    if len(members) < 2:
        ctx.log(f"ensemble not used: greedy selection kept only {', '.join(members)}")
        return
    cv_score = score(prep.metric, y_train, blend(oofs, members), prep)
    best_name = max(cv, key=lambda n: cv[n] if higher_is_better(prep.metric) else -cv[n])
    gain = (cv_score - cv[best_name]) * (1 if higher_is_better(prep.metric) else -1)
    if gain < ENSEMBLE_MIN_GAIN * abs(cv[best_name]):
        ctx.log(
            f"ensemble not used: blending gained {gain:+.4f} {prep.metric} over {best_name} "
            "in cross-validation, too little for the cost of predicting with several models"
        )
        return
    ensemble = EnsembleModel(models, members, prep.task, prep.classes)
    scores = holdout_metrics(ensemble, contest.holdout, prep)
    mix = ", ".join(f"{n} {w:.2f}" for n, w in sorted(members.items(), key=lambda x: -x[1]))
    metrics = {
        "primary_metric": prep.metric,
        "cv": {"score": cv_score, "std": None, "folds": None},
        "holdout": scores,
        "fit_seconds": 0.0,
        "params": {"weights": members},
        "notes": [f"weighted blend of {mix} (greedy selection on out-of-fold predictions)"],
    }
    save_model(ctx, workdir, ENSEMBLE, ensemble, prep, metrics)
    models[ENSEMBLE], cv[ENSEMBLE], contest.holdouts[ENSEMBLE] = ensemble, cv_score, scores
    ctx.log(f"ensemble: {mix}; cross-validated {prep.metric} {cv_score:.4f}")


def _rank(contest: Contest) -> dict[str, Any]:
    from uam.analysis.modeling import baseline_metrics, rank

    ctx, prep, cv, holdouts = contest.ctx, contest.prep, contest.cv, contest.holdouts
    train, holdout = contest.train, contest.holdout
    order = rank(cv, prep.metric)
    with session_scope() as session:
        store.set_ranks(ctx.run_id, order, session=session)
        rows = {m.name: m for m in store.for_run(ctx.run_id, session=session)}
    baseline = baseline_metrics(train, holdout, prep)
    for rank_, name in enumerate(order, start=1):
        ctx.annotate_artifact(
            rows[name].storage_key,
            {"rank": rank_, "metric": prep.metric, "cv_score": cv[name], "holdout": holdouts[name]},
        )
    board = [
        {
            "rank": i,
            "name": name,
            "model_id": str(rows[name].id),
            "cv_score": cv[name],
            "cv_std": rows[name].metrics_json["cv"].get("std"),
            "holdout": holdouts[name],
            "fit_seconds": rows[name].metrics_json.get("fit_seconds"),
            "notes": rows[name].metrics_json.get("notes") or [],
        }
        for i, name in enumerate(order, start=1)
    ]
    best = board[0]
    ctx.log(
        f"best model: {best['name']} with holdout {prep.metric} "
        f"{best['holdout'].get(prep.metric, float('nan')):.4f} "
        f"(baseline {baseline.get(prep.metric, float('nan')):.4f})"
    )
    return {
        "metric": prep.metric,
        "task": prep.task,
        "models": board,
        "baseline": {"name": _baseline_name(prep), "holdout": baseline},
        "charts": [],
    }


def _baseline_name(prep: Any) -> str:
    if prep.task == "classification":
        return "baseline (class frequencies of the training data)"
    return "baseline (mean of the training target)"
