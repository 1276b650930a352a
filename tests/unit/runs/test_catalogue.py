"""The names the lean API accepts are exactly those the modeling package can train."""

import pytest

from uam.analysis.modeling import CLASSIFICATION_METRICS, REGRESSION_METRICS, candidate_names
from uam.runs.catalogue import METRICS, MODELS

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_models_match_the_modeling_registry(task: str) -> None:
    assert set(MODELS[task]) == set(candidate_names(task))


def test_metrics_match_the_modeling_package() -> None:
    assert METRICS == {
        "classification": CLASSIFICATION_METRICS,
        "regression": REGRESSION_METRICS,
    }
