"""A realistic report content dict: 20 columns (some hostile), 8 alerts, charts, 4 models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

LONG_NAME = "customer lifetime value estimate " * 9 + "end"  # about 300 characters
HOSTILE = {
    "markup": "<b>x</b>",
    "ampersand": "a & b",
    "hyperlink": '=HYPERLINK("http://x")',
    "plus": "+1-2",
    "at": "@SUM(A1)",
    "number": "-1.5",
    "emoji": "mood 😀🎉",
    "cjk": "销售额",
    "newline": "first line\nsecond line",
    "long": LONG_NAME,
}
PLAIN = [
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
    "island",
    "sex",
    "year",
    "customer_id",
    "constant_flag",
]
TARGET = "species"
CLASSES = ["Adelie", "Chinstrap", "Gentoo"]


def build_content(folder: Path, *, with_target: bool = True) -> dict:
    """A content dict like the run stage would pass, with its PNG charts written to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    names = [*PLAIN, *HOSTILE.values(), TARGET]
    content: dict = {
        "title": "Analysis of penguins & friends <2026>.csv",
        "generated_at": "2026-11-22T08:00:00Z",
        "run_id": "run-0f3a9c",
        "dataset": {"filename": "penguins & friends <2026>.csv", "rows": 344, "cols": len(names)},
        "profile": _profile(names, rng, with_target),
        "charts": _data_charts(folder, rng),
    }
    if not with_target:
        return content | {"target": None, "task": None, "metric": None}
    best_holdout = {
        "balanced_accuracy": 0.9712,
        "accuracy": 0.9701,
        "f1": 0.9688,
        "roc_auc": 0.9981,
        "log_loss": 0.0912,
    }
    content |= {
        "target": TARGET,
        "task": "classification",
        "metric": "balanced_accuracy",
        "preparation": {
            "train_rows": 268,
            "holdout_rows": 67,
            "rows_without_target": 9,
            "excluded": {"customer_id": "id_like", "constant_flag": "constant"},
            "positive_class": None,
            "classes": CLASSES,
        },
        "leaderboard": _leaderboard(best_holdout),
        "baseline": {
            "name": "baseline (most frequent class)",
            "holdout": {
                "balanced_accuracy": 0.3333,
                "accuracy": 0.4328,
                "f1": 0.2014,
                "roc_auc": 0.5,
                "log_loss": 1.0534,
            },
        },
        "best_model": {
            "name": "lightgbm",
            "holdout": best_holdout,
            "importances": _importances(names, rng),
            "confusion": {"labels": CLASSES, "matrix": [[29, 1, 0], [1, 13, 0], [0, 0, 23]]},
            "diagnostic_chart": str(_confusion_png(folder)),
            "importance_chart": str(_importance_png(folder, names)),
        },
        "failed_models": [
            {
                "name": "random_forest",
                "error": "MemoryError: could not allocate <big> array & gave up",
            }
        ],
        "notes": [
            "time budget of 60 s reached: random_forest stopped after 2 of 5 folds",
            "9 rows without a species value were dropped",
        ],
    }
    content["charts"].append(_leaderboard_chart(folder))
    return content


def _profile(names: list[str], rng: np.random.Generator, with_target: bool) -> dict:
    columns = []
    for i, name in enumerate(names):
        numeric = i % 3 != 1 and name not in (TARGET, "island", "sex", "customer_id")
        column = {
            "name": name,
            "dtype": "float" if numeric else ("id" if name == "customer_id" else "categorical"),
            "count": 344 - i,
            "missing": i,
            "missing_pct": round(100 * i / 344, 2),
            "unique": 344 if name == "customer_id" else int(rng.integers(2, 200)),
            "mean": float(rng.normal(40, 10)) if numeric else None,
            "min": 1.5 if numeric else None,
            "max": 1234.75 if numeric else None,
            "top_values": None
            if numeric
            else [{"value": HOSTILE["hyperlink"], "count": 120}, {"value": "Dream", "count": 80}],
        }
        columns.append(column)
    alerts = [
        _alert("id_like", "customer_id", "warning", "customer_id is unique per row: an identifier"),
        _alert("constant", "constant_flag", "warning", "constant_flag has one value: 1"),
        _alert("high_missing", HOSTILE["markup"], "warning", f"{HOSTILE['markup']} is 62% missing"),
        _alert(
            "high_missing", HOSTILE["ampersand"], "info", f"{HOSTILE['ampersand']} is 31% missing"
        ),
        _alert("skewed", HOSTILE["hyperlink"], "info", f"{HOSTILE['hyperlink']} is right-skewed"),
        _alert("high_cardinality", LONG_NAME, "info", f"{LONG_NAME} has 180 distinct values"),
        _alert("duplicate_rows", None, "info", "3 rows are exact duplicates of another row"),
        _alert(
            "high_correlation", "body_mass_g", "info", "body_mass_g and flipper_length_mm r=0.87"
        ),
    ]
    profile = {
        "rows": 344,
        "columns": len(names),
        "sample": {
            "sampled": False,
            "rows_used": 344,
            "exact_row_limit": 1_000_000,
            "note": "all rows used",
        },
        "missing_cells": 190,
        "missing_cells_pct": 2.76,
        "duplicate_rows": 3,
        "columns_profile": columns,
        "alerts": alerts,
        "excluded_from_training": {"customer_id": "id_like", "constant_flag": "constant"},
        "target": None,
    }
    if with_target:
        profile["target"] = {
            "name": TARGET,
            "task": "classification",
            "distribution": [
                {"value": "Adelie", "count": 152},
                {"value": "Gentoo", "count": 124},
                {"value": "Chinstrap", "count": 68},
            ],
        }
        features = [n for n in names if n != TARGET]
        strengths = np.sort(rng.uniform(0, 0.8, len(features)))[::-1]
        profile["target_association"] = [
            {"column": name, "measure": "mutual_information", "value": float(value)}
            for name, value in zip(features, strengths, strict=True)
        ]
    return profile


def _alert(kind: str, column: str | None, severity: str, message: str) -> dict:
    return {"type": kind, "column": column, "severity": severity, "message": message}


def _leaderboard(best_holdout: dict) -> list[dict]:
    def holdout(shift: float) -> dict:
        return {
            k: (v + shift if k != "log_loss" else v - shift * 3) for k, v in best_holdout.items()
        }

    rows = [
        ("lightgbm", 0.9803, 0.0121, 0.0, 1.24, []),
        ("logistic_regression", 0.9755, 0.0154, -0.015, 0.31, []),
        ("hist_gradient_boosting", 0.9688, 0.0201, -0.03, 2.72, []),
        ("extra_trees", 0.9512, 0.0233, -0.06, 4.05, ["stopped after 3 of 5 folds: time budget"]),
    ]
    return [
        {
            "rank": i,
            "name": name,
            "cv_score": cv,
            "cv_std": std,
            "cv_folds": 5,
            "holdout": holdout(shift),
            "fit_seconds": fit,
            "notes": notes,
        }
        for i, (name, cv, std, shift, fit, notes) in enumerate(rows, start=1)
    ]


def _importances(names: list[str], rng: np.random.Generator) -> list[dict]:
    features = [n for n in names if n not in (TARGET, "customer_id", "constant_flag")]
    values = np.sort(rng.exponential(0.05, len(features)))[::-1]
    return [
        {"feature": name, "importance": float(v), "std": float(v / 5)}
        for name, v in zip(features, values, strict=True)
    ]


def _save(figure: Figure, path: Path) -> Path:
    FigureCanvasAgg(figure)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    return path


def _data_charts(folder: Path, rng: np.random.Generator) -> list[dict]:
    charts = []
    specs = [
        ("missing", "Missing values by column", None),
        ("correlation", "Correlation between numeric columns", None),
        ("target", "Distribution of species", TARGET),
        ("distribution", "Distribution of bill_length_mm", "bill_length_mm"),
        ("distribution", f"Distribution of {HOSTILE['markup']}", HOSTILE["markup"]),
        ("categories", "Most common values of island", "island"),
    ]
    for i, (kind, title, column) in enumerate(specs, start=1):
        figure = Figure(figsize=(8, 5))
        axes = figure.add_subplot()
        if kind == "correlation":
            image = axes.imshow(
                np.corrcoef(rng.normal(size=(6, 50))), cmap="RdBu_r", vmin=-1, vmax=1
            )
            figure.colorbar(image)
        elif kind in ("target", "categories", "missing"):
            axes.bar(["A", "B", "C", "D"], rng.integers(5, 150, 4), color="#1f77b4")
        else:
            axes.hist(rng.normal(44, 5, 300), bins=25, color="#1f77b4")
        axes.set_title(title)
        path = _save(figure, folder / f"{kind}-{i:02d}.png")
        charts.append({"title": title, "kind": kind, "path": str(path), "column": column})
    return charts


def _confusion_png(folder: Path) -> Path:
    figure = Figure(figsize=(6, 5))
    axes = figure.add_subplot()
    axes.imshow([[29, 1, 0], [1, 13, 0], [0, 0, 23]], cmap="Blues")
    axes.set_xticks(range(3), CLASSES)
    axes.set_yticks(range(3), CLASSES)
    axes.set_title("Confusion matrix (holdout)")
    return _save(figure, folder / "confusion.png")


def _importance_png(folder: Path, names: list[str]) -> Path:
    figure = Figure(figsize=(8, 5))
    axes = figure.add_subplot()
    axes.barh([f"feature {i}" for i in range(10)], np.linspace(0.3, 0.01, 10), color="#1f77b4")
    axes.invert_yaxis()
    axes.set_title("Permutation importance")
    return _save(figure, folder / "importance.png")


def _leaderboard_chart(folder: Path) -> dict:
    figure = Figure(figsize=(8, 4))
    axes = figure.add_subplot()
    names = [
        "LightGBM",
        "Logistic regression",
        "Hist. gradient boosting",
        "Extra trees",
        "baseline",
    ]
    axes.barh(names, [0.98, 0.976, 0.969, 0.951, 0.333], color="#1f77b4")
    axes.invert_yaxis()
    axes.set_title("Cross-validated balanced accuracy")
    path = _save(figure, folder / "leaderboard.png")
    return {"title": "Models compared", "kind": "leaderboard", "path": str(path), "column": None}
