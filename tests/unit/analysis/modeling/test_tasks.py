"""Which task a target implies, and how its labels are read."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uam.analysis.modeling import default_metric, detect_task, higher_is_better
from uam.analysis.modeling.tasks import InvalidRunOptions, clean_labels, positive_class

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("values", "dtype", "task"),
    [
        (pd.array([True, False, True, None], dtype="boolean"), "boolean", "classification"),
        ([0.0, 1.0, 1.0, 0.0, np.nan], "integer", "classification"),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 3.0], "integer", "classification"),
        (list(np.arange(50, dtype=float)), "integer", "regression"),
        ([0.5, 1.25, 2.0, 3.75, 9.1], "float", "regression"),
        (["a", "b", "a"], "categorical", "classification"),
    ],
)
def test_detect_task_reads_the_target(values: list, dtype: str, task: str) -> None:
    assert detect_task(pd.Series(values), dtype) == task


def test_a_requested_task_wins_and_an_unknown_one_is_refused() -> None:
    assert detect_task(pd.Series([1.0, 2.0]), "integer", "regression") == "regression"
    with pytest.raises(InvalidRunOptions, match="Unknown task 'forecast'"):
        detect_task(pd.Series([1.0]), "float", "forecast")


def test_default_metrics_and_their_direction() -> None:
    assert default_metric("classification", 2) == "roc_auc"
    assert default_metric("classification", 3) == "balanced_accuracy"
    assert default_metric("regression", None) == "r2"
    assert higher_is_better("roc_auc") and higher_is_better("r2")
    assert not higher_is_better("rmse") and not higher_is_better("log_loss")


def test_labels_are_trimmed_and_whole_numbers_lose_their_decimals() -> None:
    text = clean_labels(pd.Series([" yes", "yes ", "no", "  ", np.nan], dtype=object))
    assert text.iloc[:3].tolist() == ["yes", "yes", "no"]
    assert text.iloc[3:].isna().all()
    assert clean_labels(pd.Series([0.0, 1.0, 2.5])).tolist() == ["0", "1", "2.5"]
    flags = clean_labels(pd.Series([True, False], dtype="boolean"))
    assert flags.tolist() == ["True", "False"]


def test_positive_class_prefers_conventional_labels_then_the_minority() -> None:
    assert positive_class({"no": 10, "yes": 90}) == "yes"
    assert positive_class({"0": 10, "1": 90}) == "1"
    assert positive_class({"True": 5, "False": 5}) == "True"
    assert positive_class({"Adelie": 100, "Gentoo": 20}) == "Gentoo"
    assert positive_class({"a": 1, "b": 1, "c": 1}) is None
