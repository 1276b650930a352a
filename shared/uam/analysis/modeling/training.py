"""Cross-validate one candidate on the training rows, then fit it on all of them."""

from __future__ import annotations

import os
import time
import warnings
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from threadpoolctl import threadpool_limits

from uam.analysis.modeling import candidates
from uam.analysis.modeling.evaluation import predictions, score
from uam.analysis.modeling.preparation import Preparation, target_values
from uam.analysis.modeling.tasks import CLASSIFICATION, InvalidRunOptions

LARGE_ROWS = 20_000  # from here on 3 folds instead of 5: each fold already has plenty of rows
# Cross-validation uses at most this many training rows (a seeded sample, the same for every
# candidate): 100k rows pin a score down to the third decimal, and the time goes to the
# final model, which always sees every training row.
CV_MAX_ROWS = 100_000
MIN_FIT_SECONDS = 1.0  # a boosting fit always gets at least this long, whatever the budget


@dataclass
class TrainedCandidate:
    """A candidate fitted on all training rows, with its cross-validation record."""

    name: str
    estimator: Any
    metric: str
    cv_score: float
    cv_std: float
    cv_folds: int
    oof: np.ndarray
    fit_seconds: float
    params: dict
    notes: list[str] = field(default_factory=list)
    fold_scores: list[float] = field(default_factory=list)


def fold_count(rows: int) -> int:
    """5 folds on small data, 3 on large."""
    return 3 if rows >= LARGE_ROWS else 5


def cv_rows(y: np.ndarray, prep: Preparation, seed: int) -> np.ndarray:
    """Positions of the training rows cross-validation uses (all, or a stratified sample)."""
    positions = np.arange(len(y))
    if len(y) <= CV_MAX_ROWS:
        return positions
    strata = y if prep.task == CLASSIFICATION else None
    try:
        chosen, _ = train_test_split(
            positions, train_size=CV_MAX_ROWS, random_state=seed, stratify=strata
        )
    except ValueError:  # a class too small to stratify the sample
        chosen, _ = train_test_split(positions, train_size=CV_MAX_ROWS, random_state=seed)
    return np.sort(chosen)


def train_candidate(
    name: str, train: pd.DataFrame, prep: Preparation, *, budget_s: float, seed: int = 42
) -> TrainedCandidate:
    """CV scores and out-of-fold predictions of `name`, then the model refitted on `train`.

    Fits run in parallel, one per core, each single-threaded: on a busy machine OpenMP
    threads waiting on each other are many times slower than independent fits.
    """
    known = candidates.candidate_names(prep.task)
    if name not in known:
        raise InvalidRunOptions(
            f"Unknown model {name!r} for {prep.task}: choose from {', '.join(known)}."
        )
    run = _Run(name, train, prep, budget_s, seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run.execute()
    run.notes.extend(_notes_from(caught, run.final))
    return run.result()


class _Run:
    """One candidate's jobs: the final fit and the CV folds, scheduled within the budget."""

    def __init__(self, name: str, train: pd.DataFrame, prep: Preparation, budget: float, seed: int):
        self.start = time.monotonic()
        self.name, self.train, self.prep, self.budget = name, train, prep, budget
        self.y = target_values(train, prep)
        self.pipeline, self.params = candidates.build(name, prep, rows=len(train), seed=seed)
        rows = cv_rows(self.y, prep, seed)
        folds = _splits(prep, self.y[rows], fold_count(len(train)), seed)
        self.folds = [(rows[fit], rows[check]) for fit, check in folds]
        k = len(prep.classes or [])
        shape = (len(train), k) if prep.task == CLASSIFICATION else len(train)
        self.oof = np.full(shape, np.nan)
        self.scores: dict[int, float] = {}
        self.fold_seconds: list[float] = []
        self.final: Any = None
        self.notes: list[str] = []
        if len(rows) < len(train):
            self.notes.append(
                f"cross-validated on a sample of {len(rows):,} of {len(train):,} training rows; "
                "the final model is fitted on all of them"
            )

    def execute(self) -> None:
        workers = max(1, min(os.cpu_count() or 1, len(self.folds) + 1))
        # With one worker the folds go first so the final fit (which must happen) comes last;
        # with more, the final fit starts at once beside the folds.
        jobs: list[int | None] = [None, *range(len(self.folds))]
        if workers == 1:
            jobs = [*range(len(self.folds)), None]
        pending: dict[Future, int | None] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            while jobs or pending:
                while jobs and len(pending) < workers:
                    job = jobs.pop(0)
                    if job is not None and not self._fold_fits_budget():
                        self._note_stop(started=job)  # folds start in order: 0..job-1 ran
                        jobs = [j for j in jobs if j is None]
                        continue
                    pending[pool.submit(self._job, job)] = job
                if pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        pending.pop(future)
                        future.result()  # a failed fit fails the candidate

    def _fold_fits_budget(self) -> bool:
        if not self.fold_seconds:
            return True
        expected = float(np.mean(self.fold_seconds))
        return time.monotonic() + expected <= self.start + self.budget

    def _note_stop(self, started: int) -> None:
        self.notes.append(
            f"stopped after {started} of {len(self.folds)} folds: time budget of "
            f"{self.budget:.0f} s"
        )

    def _job(self, fold: int | None) -> None:
        began = time.monotonic()
        remaining = self.start + self.budget - began
        model = _with_time_limit(clone(self.pipeline), remaining)
        with threadpool_limits(limits=1):
            if fold is None:
                self.final = model.fit(self.train, self.y)
                return
            fit_rows, check_rows = self.folds[fold]
            model.fit(self.train.iloc[fit_rows], self.y[fit_rows])
            pred = predictions(model, self.train.iloc[check_rows], self.prep)
        self.oof[check_rows] = pred
        self.scores[fold] = score(self.prep.metric, self.y[check_rows], pred, self.prep)
        self.fold_seconds.append(time.monotonic() - began)

    def result(self) -> TrainedCandidate:
        scores = [self.scores[i] for i in sorted(self.scores)]
        finite = [s for s in scores if np.isfinite(s)]
        return TrainedCandidate(
            name=self.name,
            estimator=self.final,
            metric=self.prep.metric,
            cv_score=float(np.mean(finite)) if finite else float("nan"),
            cv_std=float(np.std(finite)) if finite else float("nan"),
            cv_folds=len(scores),
            oof=self.oof,
            fit_seconds=round(time.monotonic() - self.start, 3),
            params=self.params,
            notes=self.notes,
            fold_scores=[float(s) for s in scores],
        )


def _splits(
    prep: Preparation, y: np.ndarray, folds: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    folds = max(2, min(folds, len(y) // 2))
    placeholder = np.zeros((len(y), 1))
    if prep.task == CLASSIFICATION:
        try:
            with warnings.catch_warnings():
                # A class with fewer rows than folds is fine: some folds just lack it.
                warnings.simplefilter("ignore", UserWarning)
                splits = StratifiedKFold(folds, shuffle=True, random_state=seed)
                return list(splits.split(placeholder, y))
        except ValueError:
            pass  # every class smaller than the fold count: fall back to plain folds
    return list(KFold(folds, shuffle=True, random_state=seed).split(placeholder))


def _with_time_limit(model: Any, remaining_s: float) -> Any:
    """A boosting step stops adding trees before the budget ends (others ignore time).

    A tenth of what remains is kept back for what follows the trees: predicting the
    validation fold and returning.
    """
    if "model__time_limit_s" in model.get_params():
        model.set_params(model__time_limit_s=max(MIN_FIT_SECONDS, 0.9 * remaining_s))
    return model


def _notes_from(caught: list[warnings.WarningMessage], final: Any) -> list[str]:
    notes = []
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        notes.append("the solver did not fully converge; its scores may be slightly low")
    step = final.steps[-1][1] if hasattr(final, "steps") else final
    if getattr(step, "stopped_by_time_", False):
        notes.append("the final model stopped adding trees when the time budget ran out")
    return notes
