"""Train one candidate model (one Map iteration): cross-validate on the training part, fit,
score on the holdout, store the model bundle and its out-of-fold predictions."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from uam.db.engine import session_scope
from uam.models import store
from uam.runs import keys
from uam.runs.stages.context import StageContext
from uam.runs.stages.inputs import preparation, split

TRAIN_START, TRAIN_END = 32, 80


def run(run_id: str, candidate: dict[str, Any], *, s3: Any) -> dict[str, Any]:
    import numpy as np

    from uam.analysis.modeling import holdout_metrics, train_candidate

    ctx = StageContext.load(run_id, s3=s3)
    ctx.begin("train", TRAIN_START)
    name, budget = candidate["name"], float(candidate["budget_s"])
    prep = preparation(ctx)
    with tempfile.TemporaryDirectory(prefix="uam-train-") as tmp:
        workdir = Path(tmp)
        train = split(ctx, workdir, keys.TRAIN)
        holdout = split(ctx, workdir, keys.HOLDOUT)
        ctx.log(f"{name}: training on {len(train):,} rows, budget {budget:.0f} s")
        trained = train_candidate(name, train, prep, budget_s=budget)
        holdout_scores = holdout_metrics(trained.estimator, holdout, prep)
        oof_path = workdir / "oof.npy"
        np.save(oof_path, trained.oof)
        ctx.upload(oof_path, ctx.key(*keys.out_of_fold(name)))
        metrics = {
            "primary_metric": prep.metric,
            "cv": {"score": trained.cv_score, "std": trained.cv_std, "folds": trained.cv_folds},
            "holdout": holdout_scores,
            "fit_seconds": round(trained.fit_seconds, 3),
            "params": trained.params,
            "notes": trained.notes,
        }
        save_model(ctx, workdir, name, trained.estimator, prep, metrics)
    for note in trained.notes:
        # Budget cuts change what the model is; the rest (sampling for CV) is information.
        ctx.log(f"{name}: {note}", level="WARNING" if "budget" in note else "INFO")
    ctx.log(
        f"{name}: cross-validated {prep.metric} {trained.cv_score:.4f} ± {trained.cv_std:.4f}"
        f" ({trained.cv_folds} folds), holdout {prep.metric} "
        f"{holdout_scores.get(prep.metric, float('nan')):.4f}, {trained.fit_seconds:.1f} s"
    )
    _advance_by_models_done(ctx, candidate.get("of") or 1)
    return {"name": name, "cv_score": trained.cv_score}


def save_model(
    ctx: StageContext, workdir: Path, name: str, estimator: Any, prep: Any, metrics: dict
) -> None:
    """Bundle the model with its feature schema; store it, its row and its artifact."""
    from uam.analysis.modeling import make_bundle, save_bundle

    bundle = make_bundle(estimator, name, prep, metrics)
    path = workdir / f"{name}.joblib"
    sha256 = save_bundle(bundle, path)
    key = ctx.key(*keys.model(name))
    size, _ = ctx.upload(path, key)
    with session_scope() as session:
        model_id = store.upsert(
            run_id=ctx.run_id,
            name=name,
            task=prep.task,
            target=prep.target,
            metrics=metrics,
            features=bundle.features,
            storage_key=key,
            sha256=sha256,
            session=session,
        )
    ctx.record_artifact(
        type="model",
        key=key,
        filename=path.name,
        size=size,
        metadata={"model_id": str(model_id), "name": name, "sha256": sha256},
    )


def _advance_by_models_done(ctx: StageContext, total: int) -> None:
    with session_scope() as session:
        done = len(store.for_run(ctx.run_id, session=session))
    share = min(1.0, done / max(total, 1))
    ctx.advance("train", TRAIN_START + int((TRAIN_END - TRAIN_START) * share))
