"""Benchmark: the UAM analysis stages against sklearn, FLAML, AutoGluon and ydata-profiling.

Not a test. For each public table in tests/benchmarks/datasets.py it prints:
  1. our stages' wall time and peak memory (max RSS), each stage in its own child process:
     ingest (parse_file + write_parquet), EDA (profile_table + data_charts), preprocess
     (load_frame + prepare), train (every default candidate via train_candidate, each in its
     own child, then the greedy ensemble), evaluation (holdout metrics, baseline, confusion or
     residuals, permutation importances of the selected model);
  2. the holdout score of the model we select (best cross-validated score, the ensemble
     included) against plain HistGradientBoosting defaults, FLAML and AutoGluon
     (medium_quality) given the same time budget, all on prepare()'s 80/20 split (seed 42,
     stratified for classification), with the same feature columns; ROC AUC for binary
     targets, R2 for regression;
  3. our EDA against ydata-profiling minimal and full on the same table (time, peak memory).
Then a summary with ratios and whether the aims hold.

Times exclude interpreter start and imports (each child reports the seconds of its own work);
peak memory is the child's max RSS including its imports, so "peak" compares whole processes
(the memory aim is judged on it); the summary also shows the ratio of peak RSS above the RSS
once libraries and the table were loaded, i.e. the EDA's own working memory.
"Ours" for the training time ratio is preprocess + all candidates one after the other +
ensemble (what this 2-core machine does); the summary also shows the wall time when the
candidates run side by side as the run pipeline's Map state runs them (preprocess + slowest
candidate + ensemble). Peers' time is their fit. --budget plays the run's time_budget_s: each
candidate gets what uam.runs.stages.preprocess gives it (55% of it, split by weight with
gradient boosting weighted up), permutation importances what model_charts gives them (10%,
3-20 s); FLAML and AutoGluon get all of it.

Setup (the peers need older numpy/pandas/scipy/matplotlib/pyarrow than the product pins, so
they get their own full virtualenv; the product's .venv is never changed):
    python3.11 -m venv .venv-bench
    .venv-bench/bin/pip install -r requirements-bench.txt
Run (15-25 minutes on 2 cores; tables are downloaded once into ~/.cache/uam-bench):
    .venv/bin/python tests/benchmarks/bench_analysis.py > /tmp/bench.txt 2>&1
    .venv/bin/python tests/benchmarks/bench_analysis.py --datasets participation,wage \
        --budget 30 --skip-peers --skip-ydata
Other flags: --peer-python PATH (default .venv-bench/bin/python), --ydata-timeout SECONDS,
--json PATH (every measurement as JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_PEER_PYTHON = REPO / ".venv-bench" / "bin" / "python"
ALL_DATASETS = ("flights", "default", "diamonds", "participation", "wage")


def selected_as_a_run_would(cv: dict[str, float]) -> str | None:
    """Best cross-validated score; the ensemble only if it gains what a run demands of it."""
    from uam.runs.stages.select import ENSEMBLE, ENSEMBLE_MIN_GAIN

    singles = {n: v for n, v in cv.items() if n != ENSEMBLE}
    if not singles:
        return None
    best = max(singles, key=lambda n: singles[n])  # ROC AUC / R2: higher is better
    if ENSEMBLE in cv and cv[ENSEMBLE] - singles[best] >= ENSEMBLE_MIN_GAIN * abs(singles[best]):
        return ENSEMBLE
    return best


def run_budgets(names: list[str], budget_s: float) -> tuple[dict[str, float], float]:
    """Each candidate's seconds and the importance budget, split as a run splits them.

    Imported in the parent only: uam.runs pulls in the database layer, which would inflate
    every child's memory.
    """
    from uam.runs.stages import model_charts as mc
    from uam.runs.stages.preprocess import candidate_budgets

    importance = min(mc.IMPORTANCE_MAX_S, max(mc.IMPORTANCE_MIN_S, budget_s * mc.IMPORTANCE_SHARE))
    return candidate_budgets(names, budget_s, elapsed_s=0.0), importance


# ----------------------------------------------------------------------------- child side


class _Clock:
    """Started after a child's imports: seconds of work and memory above the import baseline."""

    def __init__(self) -> None:
        self.import_mb = _rss_mb()
        self.start = time.perf_counter()

    def done(self, **extra: Any) -> dict:
        return {"seconds": time.perf_counter() - self.start, "import_mb": self.import_mb, **extra}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # kilobytes on Linux


def _types(work: Path) -> dict[str, str]:
    return json.loads((work / "types.json").read_text())


def _frame(work: Path) -> Any:
    from uam.analysis.frame import load_frame

    return load_frame(work / "data.parquet", _types(work))


def _prep(work: Path) -> Any:
    from uam.analysis.modeling import Preparation

    return Preparation.from_dict(json.loads((work / "prep.json").read_text()))


def stage_ingest(spec: dict) -> dict:
    from uam.datasets.parsing import ParseLimits, parse_file, write_parquet

    work, csv = Path(spec["work"]), Path(spec["csv"])
    clock = _Clock()
    parsed = parse_file(csv, filename=csv.name, limits=ParseLimits())
    write_parquet(parsed, work / "data.parquet")
    result = clock.done(rows=parsed.table.num_rows, columns=parsed.table.num_columns)
    types = {c.name: c.dtype for c in parsed.columns}
    (work / "types.json").write_text(json.dumps(types))
    return {**result, "types": types}


def stage_eda(spec: dict) -> dict:
    from uam.analysis.charts import data_charts
    from uam.analysis.profiling import profile_table

    work = Path(spec["work"])
    frame = _frame(work)
    clock = _Clock()
    profile = profile_table(frame, _types(work), target=spec["target"], task=spec["task"])
    charts = data_charts(frame, profile, work / "charts")
    result = clock.done(charts=len(charts), alerts=len(profile["alerts"]))
    (work / "profile.json").write_text(json.dumps(profile, allow_nan=False))
    return {**result, "excluded": profile.get("excluded_from_training") or {}}


def stage_preprocess(spec: dict) -> dict:
    from uam.analysis.frame import load_frame
    from uam.analysis.modeling import prepare, target_values

    work = Path(spec["work"])
    profile_path = work / "profile.json"
    clock = _Clock()
    types = _types(work)
    frame = load_frame(work / "data.parquet", types)
    prep, train, holdout = prepare(
        frame, types, target=spec["target"], task=spec["task"], metric=spec["metric"]
    )
    if profile_path.exists():  # the product drops what EDA excluded (ids, leaks, constants)
        excluded = json.loads(profile_path.read_text()).get("excluded_from_training") or {}
        prep = prep.without(excluded)
    result = clock.done(train_rows=prep.train_rows, holdout_rows=prep.holdout_rows,
                        rows_without_target=prep.rows_without_target,
                        features=len(prep.features), excluded=prep.excluded)  # fmt: skip
    (work / "prep.json").write_text(json.dumps(prep.to_dict()))
    columns = [*prep.feature_names, prep.target]
    train[columns].to_pickle(work / "train.pkl")
    holdout[columns].to_pickle(work / "holdout.pkl")
    # The peers live in another venv (older pandas): they get Parquet, target as model labels.
    for name, part in (("train", train), ("holdout", holdout)):
        out = part[columns].copy()
        out[prep.target] = target_values(part, prep)
        out.to_parquet(work / f"peer_{name}.parquet")
    return {**result, "positive_class": prep.positive_class, "metric": prep.metric}


def stage_candidate(spec: dict) -> dict:
    import joblib
    import pandas as pd

    from uam.analysis.modeling import train_candidate

    work = Path(spec["work"])
    train, prep = pd.read_pickle(work / "train.pkl"), _prep(work)
    clock = _Clock()
    trained = train_candidate(spec["name"], train, prep, budget_s=spec["budget_s"])
    result = clock.done(cv_score=trained.cv_score, cv_folds=trained.cv_folds, notes=trained.notes)
    joblib.dump(trained, work / f"candidate-{spec['name']}.joblib")
    return result


def stage_ensemble(spec: dict) -> dict:
    import joblib
    import pandas as pd

    from uam.analysis.modeling import EnsembleModel, blend, ensemble_weights, target_values
    from uam.analysis.modeling.evaluation import score

    work, prep = Path(spec["work"]), _prep(Path(spec["work"]))
    y = target_values(pd.read_pickle(work / "train.pkl"), prep)
    trained = [joblib.load(work / f"candidate-{n}.joblib") for n in spec["names"]]
    clock = _Clock()
    oofs = {t.name: t.oof for t in trained}
    weights = ensemble_weights(oofs, y, prep)
    blended = blend(oofs, weights)
    rows = (blended == blended).all(axis=1) if blended.ndim == 2 else blended == blended
    oof_score = score(prep.metric, y[rows], blended[rows], prep)
    model = EnsembleModel({t.name: t.estimator for t in trained}, weights, prep.task, prep.classes)
    result = clock.done(weights=weights, cv_score=float(oof_score))
    joblib.dump(model, work / "ensemble.joblib")
    return result


def stage_evaluate(spec: dict) -> dict:
    import joblib
    import pandas as pd

    from uam.analysis import modeling as m

    work, prep = Path(spec["work"]), _prep(Path(spec["work"]))
    train, holdout = pd.read_pickle(work / "train.pkl"), pd.read_pickle(work / "holdout.pkl")
    models = {n: joblib.load(work / f"candidate-{n}.joblib").estimator for n in spec["names"]}
    models["ensemble"] = joblib.load(work / "ensemble.joblib")
    clock = _Clock()
    scores = {n: m.holdout_metrics(est, holdout, prep)[prep.metric] for n, est in models.items()}
    baseline = m.baseline_metrics(train, holdout, prep)[prep.metric]
    chosen = models[spec["selected"]]
    if prep.task == "classification":
        m.confusion(chosen, holdout, prep)
    else:
        m.residual_sample(chosen, holdout, prep)
    metrics_s = time.perf_counter() - clock.start
    m.permutation_importances(chosen, holdout, prep, budget_s=spec["importance_s"])
    importance_s = time.perf_counter() - clock.start - metrics_s
    return clock.done(holdout=scores, baseline=baseline, importance_seconds=importance_s)


def _holdout_score(task: str, y_true: Any, pred: Any, positive: str | None) -> float:
    import numpy as np
    from sklearn.metrics import r2_score, roc_auc_score

    if task == "regression":
        return float(r2_score(np.asarray(y_true, float), np.asarray(pred, float)))
    return float(roc_auc_score(np.asarray(y_true).astype(str) == str(positive), pred))


def _peer_data(spec: dict) -> tuple[Any, Any, Any, Any]:
    import pandas as pd

    work, target = Path(spec["work"]), spec["target"]
    train = pd.read_parquet(work / "peer_train.parquet")
    holdout = pd.read_parquet(work / "peer_holdout.parquet")
    return train.drop(columns=[target]), train[target], holdout.drop(columns=[target]), holdout


def stage_hgb(spec: dict) -> dict:
    """Plain HistGradientBoosting defaults; labels become pandas categories (codes if > 255)."""
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    X, y, X_test, holdout = _peer_data(spec)
    clock = _Clock()
    X, X_test = _hgb_encode(pd, X, X_test)
    hgb = HistGradientBoostingRegressor if spec["task"] == "regression" else (
        HistGradientBoostingClassifier)  # fmt: skip
    model = hgb(categorical_features="from_dtype", random_state=42).fit(X, y)
    pred = model.predict(X_test) if spec["task"] == "regression" else (
        model.predict_proba(X_test)[:, list(model.classes_).index(spec["positive"])])  # fmt: skip
    score = _holdout_score(spec["task"], holdout[spec["target"]], pred, spec["positive"])
    return clock.done(score=score)


def _hgb_encode(pd: Any, X: Any, X_test: Any) -> tuple[Any, Any]:
    X, X_test = X.copy(), X_test.copy()
    for name in X.columns:
        col = X[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            X[name], X_test[name] = (c.astype("int64") / 1e9 for c in (col, X_test[name]))
        elif col.dtype == object or str(col.dtype) in ("string", "str"):
            cats = pd.Index(col.dropna().unique())
            enc = [pd.Categorical(c, categories=cats) for c in (col, X_test[name])]
            if len(cats) > 255:  # HGB's native categories stop at 255 levels
                enc = [pd.Series(e.codes, dtype=float).where(e.codes >= 0) for e in enc]
            X[name], X_test[name] = (
                pd.Series(e, index=d.index) for e, d in zip(enc, (X, X_test), strict=True)
            )
        else:
            X[name], X_test[name] = (c.astype(float) for c in (col, X_test[name]))
    return X, X_test


def stage_flaml(spec: dict) -> dict:
    from flaml import AutoML

    X, y, X_test, holdout = _peer_data(spec)
    clock = _Clock()
    automl = AutoML()
    metric = "r2" if spec["task"] == "regression" else "roc_auc"
    automl.fit(X, y, task=spec["task"], metric=metric, time_budget=spec["budget_s"], seed=42,
               verbose=0, log_file_name=str(Path(spec["work"]) / "flaml.log"))  # fmt: skip
    fit_s = time.perf_counter() - clock.start
    if spec["task"] == "regression":
        pred = automl.predict(X_test)
    else:
        pred = automl.predict_proba(X_test)[:, list(automl.classes_).index(spec["positive"])]
    score = _holdout_score(spec["task"], holdout[spec["target"]], pred, spec["positive"])
    return clock.done(score=score, fit_seconds=fit_s, best=automl.best_estimator)


def stage_autogluon(spec: dict) -> dict:
    from autogluon.tabular import TabularPredictor

    X, y, X_test, holdout = _peer_data(spec)
    target, regression = spec["target"], spec["task"] == "regression"
    clock = _Clock()
    predictor = TabularPredictor(
        label=target, problem_type="regression" if regression else "binary",
        eval_metric="r2" if regression else "roc_auc",
        path=str(Path(spec["work"]) / "autogluon"), verbosity=0,
    )  # fmt: skip
    predictor.fit(X.assign(**{target: y}), presets="medium_quality", time_limit=spec["budget_s"])
    fit_s = time.perf_counter() - clock.start
    if regression:
        pred = predictor.predict(X_test)
    else:
        pred = predictor.predict_proba(X_test)[spec["positive"]]
    score = _holdout_score(spec["task"], holdout[target], pred, spec["positive"])
    return clock.done(score=score, fit_seconds=fit_s, best=predictor.model_best)


def stage_ydata(spec: dict) -> dict:
    import warnings

    import pandas as pd

    warnings.filterwarnings("ignore")
    from ydata_profiling import ProfileReport

    frame = pd.read_parquet(Path(spec["work"]) / "data.parquet")
    clock = _Clock()
    report = ProfileReport(frame, minimal=spec["minimal"], progress_bar=False)
    html = report.to_html()
    return clock.done(html_mb=len(html) / 1e6)


CHILD_STAGES: dict[str, Callable[[dict], dict]] = {
    "ingest": stage_ingest, "eda": stage_eda, "preprocess": stage_preprocess,
    "candidate": stage_candidate, "ensemble": stage_ensemble, "evaluate": stage_evaluate,
    "hgb": stage_hgb, "flaml": stage_flaml, "autogluon": stage_autogluon, "ydata": stage_ydata,
}  # fmt: skip


def child_main(stage: str, spec_path: str) -> None:
    result = CHILD_STAGES[stage](json.loads(Path(spec_path).read_text()))
    result["peak_mb"] = _peak_mb()
    sys.stdout.write("\nRESULT " + json.dumps(result, default=str) + "\n")


# ---------------------------------------------------------------------------- parent side


def run_child(python: Path, stage: str, spec: dict, *, timeout: float = 1800) -> dict:
    """Run one stage in a fresh process; its result dict, or {"error": ...}."""
    work = Path(spec["work"])
    spec_path = work / f"spec-{stage}-{spec.get('name', '')}-{time.monotonic_ns()}.json"
    spec_path.write_text(json.dumps(spec))
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "MPLBACKEND": "Agg"}
    cmd = [str(python), str(Path(__file__).resolve()), "--child", stage, str(spec_path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": " | ".join(tail) or f"exit code {proc.returncode}"}


def bench_dataset(name: str, args: argparse.Namespace, root: Path) -> dict:
    from datasets import load

    from uam.analysis.modeling import default_candidates

    table = load(name)
    work = root / name
    work.mkdir(parents=True, exist_ok=True)
    metric = "roc_auc" if table.task == "classification" else "r2"
    spec = {"work": str(work), "csv": str(table.csv), "target": table.target,
            "task": table.task, "metric": metric}  # fmt: skip
    me = Path(sys.executable)
    out: dict[str, Any] = {"name": name, "description": table.description, "task": table.task}
    out["ingest"] = run_child(me, "ingest", spec)
    out["eda"] = run_child(me, "eda", spec)
    out["preprocess"] = pre = run_child(me, "preprocess", spec)
    if "error" in pre:
        return out
    names = default_candidates(table.task, pre["train_rows"])
    budgets, importance_s = run_budgets(names, args.budget)
    out["candidates"] = {n: run_child(me, "candidate", {**spec, "name": n, "budget_s": budgets[n]})
                         for n in names}  # fmt: skip
    ok = [n for n, r in out["candidates"].items() if "error" not in r]
    out["ensemble"] = run_child(me, "ensemble", {**spec, "names": ok})
    cv = {n: out["candidates"][n]["cv_score"] for n in ok}
    if "error" not in out["ensemble"]:
        cv["ensemble"] = out["ensemble"]["cv_score"]
    out["selected"] = selected_as_a_run_would(cv)
    out["evaluate"] = run_child(me, "evaluate", {**spec, "names": ok, "selected": out["selected"],
                                                 "importance_s": importance_s})  # fmt: skip
    out["evaluate"]["importance_budget"] = importance_s
    peer = {**spec, "positive": pre.get("positive_class"), "budget_s": args.budget}
    out["hgb"] = run_child(me, "hgb", peer)
    if not args.skip_peers:
        out["flaml"] = run_child(args.peer_python, "flaml", peer)
        out["autogluon"] = run_child(args.peer_python, "autogluon", peer)
    if not args.skip_ydata:
        for mode in ("minimal", "full"):
            out[f"ydata_{mode}"] = run_child(args.peer_python, "ydata",
                                             {**spec, "minimal": mode == "minimal"},
                                             timeout=args.ydata_timeout)  # fmt: skip
    return out


# ------------------------------------------------------------------------------ reporting


def _sec(r: dict | None, key: str = "seconds") -> str:
    if not r:
        return "-"
    return f"ERROR: {r['error']}" if "error" in r else f"{r[key]:8.2f} s"


def _mb(r: dict | None) -> str:
    return "-" if not r or "error" in r else f"{r['peak_mb']:7.0f} MB"


def _our_score(d: dict) -> float | None:
    ev = d.get("evaluate") or {}
    return None if "error" in ev or not ev else ev["holdout"].get(d["selected"])


def _parallel_seconds(d: dict) -> float:
    """Preprocess + slowest candidate + ensemble: candidates side by side, as in a run."""
    cands = [c["seconds"] for c in (d.get("candidates") or {}).values() if "error" not in c]
    parts = [d.get("preprocess"), d.get("ensemble")]
    return max(cands, default=0.0) + sum(p["seconds"] for p in parts if p and "error" not in p)


def _train_seconds(d: dict) -> float:
    parts = [d.get("preprocess"), d.get("ensemble"), *(d.get("candidates") or {}).values()]
    return sum(p["seconds"] for p in parts if p and "error" not in p)


def print_dataset(d: dict) -> None:
    print(f"\n=== {d['name']}: {d['description']} ({d['task']})")
    ing, pre = d.get("ingest", {}), d.get("preprocess", {})
    if "error" not in ing:
        print(f"rows x cols: {ing['rows']:,} x {ing['columns']}", end="")
    if pre and "error" not in pre:
        print(f"; train/holdout {pre['train_rows']:,}/{pre['holdout_rows']:,}, "
              f"{pre['rows_without_target']:,} without target, {pre['features']} features, "
              f"excluded {pre['excluded'] or '{}'}")  # fmt: skip
    print(f"{'stage':34}{'time':>12}{'peak RSS':>12}   detail")
    rows = [("ingest (parse+parquet)", ing, ""),
            ("EDA (profile+charts)", d.get("eda"), _eda_detail(d.get("eda"))),
            ("preprocess (load+prepare)", pre, "")]  # fmt: skip
    for n, r in (d.get("candidates") or {}).items():
        detail = "" if "error" in r else f"cv {r['cv_score']:.4f} ({r['cv_folds']} folds) "
        rows.append((f"train {n}", r, detail + "; ".join(r.get("notes") or [])))
    ens = d.get("ensemble")
    if ens:
        w = ens.get("weights") or {}
        detail = "" if "error" in ens else f"cv {ens['cv_score']:.4f} " + ", ".join(
            f"{k}={v:.2f}" for k, v in w.items())  # fmt: skip
        rows.append(("train ensemble (greedy)", ens, detail))
    ev = d.get("evaluate")
    detail = "" if not ev or "error" in ev else (
        f"of which permutation importances {ev['importance_seconds']:.2f} s "
        f"(budget {ev['importance_budget']:.0f} s)")  # fmt: skip
    rows.append(("evaluation (+importances)", ev, detail))
    for label, r, detail in rows:
        print(f"{label:34}{_sec(r):>12}{_mb(r):>12}   {detail}")
    _print_scores(d)


def _eda_detail(r: dict | None) -> str:
    return "" if not r or "error" in r else f"{r['charts']} charts, {r['alerts']} alerts"


def _print_scores(d: dict) -> None:
    metric = "ROC AUC" if d["task"] == "classification" else "R2"
    ev = d.get("evaluate") or {}
    print(f"holdout {metric} (model: score)                time   peak RSS")
    if ev and "error" not in ev:
        for n, s in sorted(ev["holdout"].items(), key=lambda kv: -kv[1]):
            mark = "  <- selected by CV" if n == d["selected"] else ""
            print(f"  ours {n:28} {s:.4f}{mark}")
        print(f"  ours baseline (dummy)           {ev['baseline']:.4f}")
        print(f"  ours total (preprocess+train)          {_train_seconds(d):8.2f} s"
              f"   ({_parallel_seconds(d):.2f} s with candidates side by side)")  # fmt: skip
    for peer in ("hgb", "flaml", "autogluon"):
        r = d.get(peer)
        if r:
            s = "error" if "error" in r else f"{r['score']:.4f}"
            extra = f" ({r['best']})" if r.get("best") else ""
            print(f"  {peer:33} {s:>6}   {_sec(r)} {_mb(r)}{extra}")
    for mode in ("minimal", "full"):
        r = d.get(f"ydata_{mode}")
        if r:
            print(f"  ydata-profiling {mode:8} EDA               {_sec(r)} {_mb(r)}")


def summarise(results: list[dict], args: argparse.Namespace) -> None:
    print("\n=== SUMMARY (ratios are ours / peer; score differences are ours - peer)")
    print(f"{'dataset':14}{'ours':>8}{'hgb':>8}{'flaml':>8}{'autogl':>8}{'d_flaml':>9}"
          f"{'d_ag':>8}{'t/flaml':>9}{'t/ag':>7}{'ours_s':>8}{'par_s':>7}{'eda/ymin_t':>11}"
          f"{'eda/yfull_m':>12}{'(above imports)':>16}")  # fmt: skip
    score_aim, eda_time_aim, eda_mem_aim = [], [], []
    for d in results:
        ours, ours_t = _our_score(d), _train_seconds(d)
        peers = {p: d.get(p) for p in ("hgb", "flaml", "autogluon")}
        s = {p: (r["score"] if r and "error" not in r else None) for p, r in peers.items()}
        t = {p: (r["seconds"] if r and "error" not in r else None) for p, r in peers.items()}
        eda = d.get("eda") or {}
        ymin, yfull = d.get("ydata_minimal") or {}, d.get("ydata_full") or {}
        eda_t = _ratio(eda.get("seconds"), ymin.get("seconds"))
        eda_m = _ratio(eda.get("peak_mb"), yfull.get("peak_mb"))
        eda_w = _ratio(_work_mb(eda), _work_mb(yfull))
        print(f"{d['name']:14}{_f(ours)}{_f(s['hgb'])}{_f(s['flaml'])}{_f(s['autogluon'])}"
              f"{_diff(ours, s['flaml']):>9}{_diff(ours, s['autogluon']):>8}"
              f"{_r(_ratio(ours_t, t['flaml'])):>9}{_r(_ratio(ours_t, t['autogluon'])):>7}"
              f"{ours_t:8.1f}{_parallel_seconds(d):7.1f}"
              f"{_r(eda_t):>11}{_r(eda_m):>12}{_r(eda_w):>16}")  # fmt: skip
        if ours is not None and s["flaml"] is not None and s["autogluon"] is not None:
            best_peer = max(s["flaml"], s["autogluon"])
            fast = ours_t <= min(t["flaml"], t["autogluon"]) / 3
            score_aim.append((d["name"], ours >= best_peer, fast))
        if eda_t is not None:
            eda_time_aim.append((d["name"], eda_t < 1))
        if eda_m is not None:
            eda_mem_aim.append((d["name"], eda_m < 0.5))
    _print_aims(score_aim, eda_time_aim, eda_mem_aim, len(results))


def _print_aims(score_aim: list, eda_time_aim: list, eda_mem_aim: list, n: int) -> None:
    need = min(4, n) if n >= 5 else n
    both = [name for name, good, fast in score_aim if good and fast]
    print("\nAims:")
    if score_aim:
        held = len(both) >= need
        print(f"  score >= max(FLAML, AutoGluon) in <= 1/3 of their time on >= {need} of {n}: "
              f"{'HOLDS' if held else 'DOES NOT HOLD'} ({len(both)} of {len(score_aim)}; "
              + ", ".join(f"{a}: score {'ok' if g else 'LOWER'}, time {'ok' if f else 'SLOWER'}"
                          for a, g, f in score_aim) + ")")  # fmt: skip
    else:
        print("  score aim: not measured (peers skipped or failed)")
    for label, items in (("EDA faster than ydata minimal", eda_time_aim),
                         ("EDA peak memory < half of ydata full", eda_mem_aim)):  # fmt: skip
        if not items:
            print(f"  {label}: not measured")
            continue
        fails = [a for a, ok in items if not ok]
        verdict = "HOLDS" if not fails else f"DOES NOT HOLD on {', '.join(fails)}"
        print(f"  {label} on every table: {verdict} ({len(items) - len(fails)} of {len(items)})")


def _work_mb(r: dict) -> float | None:
    """Peak RSS above the RSS once libraries and the table were loaded (the EDA's own memory)."""
    return None if not r or "error" in r else max(r["peak_mb"] - r["import_mb"], 1.0)


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _f(x: float | None) -> str:
    return f"{'-':>8}" if x is None else f"{x:8.4f}"


def _r(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _diff(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a - b:+.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(ALL_DATASETS))
    parser.add_argument("--budget", type=float, default=30.0, help="training seconds per table")
    parser.add_argument("--skip-peers", action="store_true", help="no FLAML / AutoGluon")
    parser.add_argument("--skip-ydata", action="store_true", help="no ydata-profiling")
    parser.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
    parser.add_argument("--ydata-timeout", type=float, default=900.0)
    parser.add_argument("--json", type=Path, help="write every measurement here")
    args = parser.parse_args()
    if not (args.skip_peers and args.skip_ydata) and not args.peer_python.exists():
        sys.exit(f"{args.peer_python} not found: set up .venv-bench (see this script's docstring)"
                 " or pass --skip-peers --skip-ydata")  # fmt: skip
    sys.path.insert(0, str(HERE))  # datasets.py sits beside this script
    results = []
    with tempfile.TemporaryDirectory(prefix="uam-bench-analysis-") as tmp:
        for name in [n.strip() for n in args.datasets.split(",") if n.strip()]:
            started, load = time.perf_counter(), os.getloadavg()[0]
            results.append(bench_dataset(name, args, Path(tmp)))
            results[-1]["load_before"] = load
            print_dataset(results[-1])
            print(
                f"(benchmark wall time for {name}: {time.perf_counter() - started:.0f} s; "
                f"1-min load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, "
                f"on {os.cpu_count()} cores: other work on the machine slows every timing)"
            )
            sys.stdout.flush()
    summarise(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3])
    else:
        main()
