"""Modeling: task detection, preparation, candidate pipelines, CV, holdout, ensembles, bundles.

Typical flow::

    prep, train, holdout = prepare(frame, column_types, target="species")
    trained = [train_candidate(n, train, prep, budget_s=20) for n in default_candidates(
        prep.task, prep.train_rows)]
    weights = ensemble_weights({t.name: t.oof for t in trained}, target_values(train, prep), prep)
    ensemble = EnsembleModel({t.name: t.estimator for t in trained}, weights, prep.task,
                             prep.classes)
    holdout_metrics(ensemble, holdout, prep)
"""

from uam.analysis.modeling.bundle import (
    BundleIntegrityError,
    ModelBundle,
    load_bundle,
    make_bundle,
    predict_checked,
    predict_frame,
    save_bundle,
)
from uam.analysis.modeling.candidates import candidate_names, default_candidates
from uam.analysis.modeling.contract import (
    CheckedRows,
    SchemaViolation,
    check_frame,
    check_records,
)
from uam.analysis.modeling.evaluation import (
    baseline_metrics,
    confusion,
    holdout_metrics,
    residual_sample,
)
from uam.analysis.modeling.importance import permutation_importances
from uam.analysis.modeling.preparation import (
    FeatureSpec,
    InvalidRunOptions,
    Preparation,
    prepare,
    target_values,
)
from uam.analysis.modeling.selection import EnsembleModel, blend, ensemble_weights, rank
from uam.analysis.modeling.tasks import (
    CLASSIFICATION_METRICS,
    REGRESSION_METRICS,
    default_metric,
    detect_task,
    higher_is_better,
)
from uam.analysis.modeling.training import TrainedCandidate, train_candidate

__all__ = [
    "CLASSIFICATION_METRICS",
    "REGRESSION_METRICS",
    "BundleIntegrityError",
    "CheckedRows",
    "EnsembleModel",
    "FeatureSpec",
    "InvalidRunOptions",
    "ModelBundle",
    "Preparation",
    "SchemaViolation",
    "TrainedCandidate",
    "baseline_metrics",
    "blend",
    "candidate_names",
    "check_frame",
    "check_records",
    "confusion",
    "default_candidates",
    "default_metric",
    "detect_task",
    "ensemble_weights",
    "higher_is_better",
    "holdout_metrics",
    "load_bundle",
    "make_bundle",
    "permutation_importances",
    "predict_checked",
    "predict_frame",
    "prepare",
    "rank",
    "residual_sample",
    "save_bundle",
    "target_values",
    "train_candidate",
]
