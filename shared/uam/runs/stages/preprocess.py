"""Preprocess: load the dataset, check the target and options against the data, detect the
task, split train/holdout with a fixed seed, record the feature schema, plan the candidates."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from uam.runs import keys
from uam.runs.stages.context import StageContext
from uam.runs.stages.inputs import dataset_frame

SEED = 42
# Share of the whole-run budget the candidates get; EDA, selection and the report use the rest.
TRAINING_SHARE = 0.55
MIN_CANDIDATE_BUDGET_S = 5.0
# Gradient boosting wins most tables (see the benchmark), so it gets more of the time.
BUDGET_WEIGHTS = {"lightgbm": 2.0, "hist_gradient_boosting": 1.5}


def run(run_id: str, *, s3: Any) -> dict[str, Any]:
    ctx = StageContext.load(run_id, s3=s3)
    ctx.begin("preprocess", 2)
    with tempfile.TemporaryDirectory(prefix="uam-preprocess-") as tmp:
        frame = dataset_frame(ctx, Path(tmp))
        ctx.log(f"loaded {ctx.dataset_filename}: {len(frame):,} rows x {frame.shape[1]} columns")
        target = ctx.options.get("target")
        if not target:
            ctx.log("no target chosen: this run profiles the data and writes a report, no models")
            ctx.advance("preprocess", 10)
            return {"has_target": False, "candidates": []}
        candidates = _prepare(ctx, frame, Path(tmp))
    ctx.advance("preprocess", 10)
    return {"has_target": True, "candidates": candidates}


def _prepare(ctx: StageContext, frame: Any, workdir: Path) -> list[dict[str, Any]]:
    from uam.analysis.modeling import default_candidates, prepare

    options = ctx.options
    prep, train, holdout = prepare(
        frame,
        ctx.column_types,
        target=options["target"],
        task=options.get("task") or "auto",
        metric=options.get("metric"),
        seed=SEED,
    )
    for part, data in ((keys.TRAIN, train), (keys.HOLDOUT, holdout)):
        path = workdir / part[-1]
        data.to_parquet(path, index=False)
        ctx.store_artifact(path, ctx.key(*part), type="dataset", metadata={"rows": len(data)})
    ctx.put_json(ctx.key(*keys.PREPARATION), prep.to_dict())
    ctx.log(_describe(prep))
    names = options.get("models") or default_candidates(prep.task, prep.train_rows)
    budgets = candidate_budgets(names, float(options.get("time_budget_s") or 120), ctx.elapsed())
    ctx.log(
        f"training {len(names)} candidate models: "
        + ", ".join(f"{n} ({budgets[n]:.0f} s)" for n in names)
    )
    return [{"name": n, "budget_s": budgets[n], "of": len(names)} for n in names]


def candidate_budgets(names: list[str], budget_s: float, elapsed_s: float) -> dict[str, float]:
    """Each candidate's seconds: the training share of what the run has left, split by weight.

    Candidates may run one after another (they do on one machine), so the shares add up to
    the training time rather than each getting all of it.
    """
    available = max(0.0, budget_s * TRAINING_SHARE - elapsed_s)
    weights = {n: BUDGET_WEIGHTS.get(n, 1.0) for n in names}
    total = sum(weights.values())
    return {
        n: round(max(MIN_CANDIDATE_BUDGET_S, available * w / total), 1) for n, w in weights.items()
    }


def _describe(prep: Any) -> str:
    kind = prep.task
    if prep.classes:
        kind += f" ({len(prep.classes)} classes"
        kind += f", positive class {prep.positive_class!r})" if prep.positive_class else ")"
    dropped = (
        f"; {prep.rows_without_target:,} rows without a target value left out"
        if prep.rows_without_target
        else ""
    )
    return (
        f"target {prep.target!r}: {kind}, primary metric {prep.metric}; "
        f"{prep.train_rows:,} training rows, {prep.holdout_rows:,} held out{dropped}"
    )
