"""Validate a target and options, choose the features, and split train from holdout."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from uam.analysis.modeling import tasks
from uam.analysis.modeling.tasks import (
    CLASSIFICATION,
    InvalidRunOptions,
    clean_labels,
)

__all__ = ["FeatureSpec", "InvalidRunOptions", "Preparation", "prepare", "target_values"]

MIN_ROWS = 20  # rows with a target: fewer cannot be split into training, CV and holdout
MIN_CLASS_ROWS = 3  # a class needs one holdout row and two training rows to be stratified
MAX_CLASSES = 100
CATEGORY_CAP = 200
KINDS = {
    "integer": "numeric",
    "float": "numeric",
    "boolean": "boolean",
    "datetime": "datetime",
    "categorical": "categorical",
}
EXCLUDED_DTYPES = {"id": "id_like", "text": "free_text"}


@dataclass
class FeatureSpec:
    """One input column as the models see it, with what training saw of it."""

    name: str
    dtype: str
    kind: str  # "numeric" | "categorical" | "boolean" | "datetime"
    categories: list[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    missing: int = 0

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> FeatureSpec:
        return cls(**{f.name: d[f.name] for f in dataclasses.fields(cls) if f.name in d})


@dataclass
class Preparation:
    """Everything decided about a run before any model is fitted."""

    task: str
    target: str
    metric: str
    classes: list[str] | None
    positive_class: str | None
    features: list[FeatureSpec]
    excluded: dict[str, str]
    rows: int
    rows_without_target: int
    train_rows: int
    holdout_rows: int
    seed: int
    notes: list[str] = field(default_factory=list)
    dropped_classes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["features"] = [f.to_dict() for f in self.features]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Preparation:
        known = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {k: v for k, v in d.items() if k in known}
        values["features"] = [FeatureSpec.from_dict(f) for f in d["features"]]
        return cls(**values)

    def without(self, columns: dict[str, str]) -> Preparation:
        """This preparation minus the features in `columns` (column -> reason, kept)."""
        drop = {c: r for c, r in columns.items() if c != self.target}
        features = [f for f in self.features if f.name not in drop]
        if not features:
            raise InvalidRunOptions(
                "Every feature column was excluded (" + ", ".join(sorted(drop)) + "): "
                "there is nothing left to predict the target from."
            )
        excluded = dict(self.excluded)
        for name in (f.name for f in self.features if f.name in drop):
            excluded[name] = drop[name]
        return dataclasses.replace(self, features=features, excluded=excluded)

    @property
    def feature_names(self) -> list[str]:
        return [f.name for f in self.features]


def prepare(
    frame: pd.DataFrame,
    column_types: dict[str, str],
    *,
    target: str,
    task: str = "auto",
    metric: str | None = None,
    seed: int = 42,
    holdout_fraction: float = 0.2,
) -> tuple[Preparation, pd.DataFrame, pd.DataFrame]:
    """Check the run can be done, then (prep, train_frame, holdout_frame) split with `seed`."""
    if target not in frame.columns:
        shown = ", ".join(repr(c) for c in list(frame.columns)[:20])
        raise InvalidRunOptions(f"Unknown target {target!r}: the table's columns are {shown}.")
    if not 0.05 <= holdout_fraction <= 0.5:
        raise InvalidRunOptions("The holdout fraction must be between 0.05 and 0.5.")
    dtype = column_types.get(target, "text")
    if dtype == "datetime":
        raise InvalidRunOptions(f"Target {target!r} holds dates; pick a label or a number.")
    y = tasks.target_series(frame[target], dtype, task)
    keep = y.notna().to_numpy()
    if not keep.any():
        raise InvalidRunOptions(f"Target {target!r} has no values: every row is missing it.")
    task = tasks.detect_task(frame[target][keep], dtype, task)
    data, y = frame.loc[keep], y[keep]
    notes: list[str] = []
    dropped: dict[str, int] = {}
    if task == CLASSIFICATION:
        data, y, dropped = _drop_rare_classes(data, y, target, notes)
    if len(data) < MIN_ROWS:
        raise InvalidRunOptions(
            f"Only {len(data)} rows have a usable target {target!r}; at least {MIN_ROWS} are "
            "needed to train and check a model."
        )
    counts = y.value_counts().to_dict() if task == CLASSIFICATION else {}
    classes = tasks.order_classes(list(counts)) if task == CLASSIFICATION else None
    metric = tasks.check_metric(metric, task, len(counts))
    features, excluded = _choose_features(data, column_types, target)
    train, holdout = _split(data, y, task, seed, holdout_fraction, len(counts))
    prep = Preparation(
        task=task,
        target=target,
        metric=metric,
        classes=classes,
        positive_class=tasks.positive_class(counts),
        features=[_describe(train[name], column_types[name]) for name in features],
        excluded=excluded,
        rows=len(frame),
        rows_without_target=int((~keep).sum()),
        train_rows=len(train),
        holdout_rows=len(holdout),
        seed=seed,
        notes=notes,
        dropped_classes=dropped,
    )
    columns = [*features, target]
    return prep, train[columns].reset_index(drop=True), holdout[columns].reset_index(drop=True)


def target_values(frame: pd.DataFrame, prep: Preparation) -> np.ndarray:
    """The target as the models see it: str labels for classification, float for regression."""
    column = frame[prep.target]
    if prep.task == CLASSIFICATION:
        return clean_labels(column).to_numpy(dtype=object)
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(values), values, np.nan)


def _drop_rare_classes(
    data: pd.DataFrame, y: pd.Series, target: str, notes: list[str]
) -> tuple[pd.DataFrame, pd.Series, dict[str, int]]:
    counts = y.value_counts()
    if len(counts) > MAX_CLASSES:
        raise InvalidRunOptions(
            f"Target {target!r} has {len(counts):,} distinct values: too many classes "
            f"(at most {MAX_CLASSES}). If it is a quantity choose regression; otherwise pick "
            "another target."
        )
    rare = counts[counts < MIN_CLASS_ROWS]
    dropped = {str(k): int(v) for k, v in rare.items()}
    if dropped:
        keep = ~y.isin(list(dropped)).to_numpy()
        data, y = data.loc[keep], y[keep]
        named = ", ".join(f"{k!r} ({v})" for k, v in list(dropped.items())[:10])
        notes.append(
            f"Dropped {sum(dropped.values())} rows of classes with fewer than {MIN_CLASS_ROWS} "
            f"rows, too few to learn and to check: {named}."
        )
    remaining = y.unique().tolist()
    if len(remaining) < 2:
        only = f" ({remaining[0]!r})" if remaining else ""
        why = " once classes with too few rows are set aside" if dropped else ""
        raise InvalidRunOptions(
            f"Target {target!r} has a single class{only}{why}: a model needs at least two "
            "classes to tell apart."
        )
    return data, y, dropped


def _choose_features(
    data: pd.DataFrame, column_types: dict[str, str], target: str
) -> tuple[list[str], dict[str, str]]:
    features: list[str] = []
    excluded: dict[str, str] = {}
    for name in data.columns:
        if name == target:
            continue
        dtype = column_types.get(name)
        column = data[name]
        if dtype in EXCLUDED_DTYPES:
            excluded[name] = EXCLUDED_DTYPES[dtype]
        elif dtype not in KINDS:
            excluded[name] = "unsupported_type"
        elif column.isna().all():
            excluded[name] = "all_missing"
        elif column.nunique(dropna=True) == 1 and not column.isna().any():
            excluded[name] = "constant"
        else:
            features.append(name)
    if not features:
        raise InvalidRunOptions(
            f"No column can be used to predict {target!r}: every other column is an id, free "
            "text, empty or constant."
        )
    return features, excluded


def _split(
    data: pd.DataFrame, y: pd.Series, task: str, seed: int, fraction: float, n_classes: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_holdout = max(round(len(data) * fraction), n_classes, 1)
    strata = y.to_numpy() if task == CLASSIFICATION else _quantile_bins(y)
    train, holdout = train_test_split(data, test_size=n_holdout, random_state=seed, stratify=strata)
    return train, holdout


def _quantile_bins(y: pd.Series) -> np.ndarray | None:
    """Deciles of a numeric target, so holdout covers its range (None when bins are too thin)."""
    bins = pd.qcut(y.rank(method="first"), q=min(10, len(y) // 10), labels=False)
    counts = np.bincount(bins.to_numpy(dtype=int))
    return bins.to_numpy() if len(counts) > 1 and counts.min() >= 2 else None


def _describe(column: pd.Series, dtype: str) -> FeatureSpec:
    kind = KINDS[dtype]
    spec = FeatureSpec(name=str(column.name), dtype=dtype, kind=kind)
    spec.missing = int(column.isna().sum())
    if kind == "numeric":
        finite = column[np.isfinite(column.to_numpy(dtype=np.float64, na_value=np.nan))]
        if len(finite):  # infinities stay out: the spec must survive json.dumps(allow_nan=False)
            spec.minimum, spec.maximum = float(finite.min()), float(finite.max())
    elif kind == "categorical":
        spec.categories = [str(v) for v in column.value_counts().index[:CATEGORY_CAP]]
    return spec
