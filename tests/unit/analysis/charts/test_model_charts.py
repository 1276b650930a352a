"""Model charts render for small and awkward inputs and name their files safely."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from uam.analysis.charts import (
    confusion_matrix_chart,
    importance_chart,
    leaderboard_chart,
    residuals_chart,
)
from uam.analysis.charts.model import _pool_classes

pytestmark = pytest.mark.unit


def _is_png(path) -> bool:
    with Image.open(path) as image:
        return image.format == "PNG" and image.size == (800, 500)


def test_confusion_matrix(tmp_path) -> None:
    labels = ["Adelie", "Chinstrap", "Gentoo"]
    chart = confusion_matrix_chart(
        labels, [[30, 1, 0], [2, 12, 0], [0, 0, 25]], tmp_path, title="LightGBM <holdout>"
    )
    assert chart.kind == "confusion_matrix" and _is_png(chart.path)
    assert chart.filename == "confusion-matrix-lightgbm_holdout.png"
    assert chart.title == "LightGBM <holdout>"


def test_confusion_matrix_with_many_classes_pools_the_rare_ones(tmp_path) -> None:
    k = 40
    rng = np.random.default_rng(0)
    matrix = rng.integers(0, 5, (k, k)) + np.diag(rng.integers(10, 200, k))
    pooled, names = _pool_classes(matrix, [f"class {i}" for i in range(k)])
    assert pooled.shape == (15, 15) and names[-1] == "other (26 classes)"
    assert pooled.sum() == matrix.sum()
    chart = confusion_matrix_chart(
        [f"class {i}" for i in range(k)], matrix.tolist(), tmp_path, title="Many classes"
    )
    assert _is_png(chart.path)


def test_residuals_downsample_large_inputs(tmp_path) -> None:
    rng = np.random.default_rng(1)
    y = rng.normal(size=50_000)
    predicted = y + rng.normal(scale=0.3, size=y.size)
    predicted[:10] = np.nan
    chart = residuals_chart(y.tolist(), predicted.tolist(), tmp_path, title="Ridge: residuals")
    assert chart.kind == "residuals" and _is_png(chart.path)


def test_importance_keeps_the_top_fifteen(tmp_path) -> None:
    rows = [{"feature": f"f{i} $x$", "importance": i / 10, "std": 0.01} for i in range(30)]
    chart = importance_chart(rows, tmp_path, title="What matters")
    assert chart.kind == "feature_importance" and _is_png(chart.path)
    empty = importance_chart([], tmp_path, title="Nothing")
    assert _is_png(empty.path) and empty.path != chart.path


@pytest.mark.parametrize("metric", ["balanced_accuracy", "rmse"])
def test_leaderboard_with_a_baseline(tmp_path, metric) -> None:
    rows = [
        {"name": "lightgbm", "score": 0.97},
        {"name": "logistic_regression", "score": 0.95},
        {"name": "broken", "score": None},
        {"name": "baseline (most frequent class)", "score": 0.33},
    ]
    chart = leaderboard_chart(rows, metric, tmp_path)
    assert chart.kind == "leaderboard" and chart.filename == "leaderboard.png"
    assert metric in chart.title and _is_png(chart.path)


def test_charts_rendered_from_several_threads_match_one_rendered_alone(tmp_path) -> None:
    def render(i: int) -> bytes:
        labels, matrix = ["no", "yes $"], [[50, 3], [7, 40]]
        chart = confusion_matrix_chart(labels, matrix, tmp_path / str(i), title="Threads")
        return chart.path.read_bytes()

    alone = render(-1)
    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(render, range(8))) == {alone}
