"""Names the API accepts in run options, kept free of scikit-learn so the API stays lean.

A unit test checks these against the modeling package's own registry, so the two cannot drift.
"""

TASKS = ("auto", "classification", "regression")
METRICS = {
    "classification": ("roc_auc", "accuracy", "balanced_accuracy", "f1", "log_loss"),
    "regression": ("r2", "rmse", "mae"),
}
MODELS = {
    "classification": (
        "logistic_regression",
        "random_forest",
        "extra_trees",
        "hist_gradient_boosting",
        "lightgbm",
    ),
    "regression": ("ridge", "random_forest", "extra_trees", "hist_gradient_boosting", "lightgbm"),
}
# More classes than this is almost always a wrongly chosen target (a name, an id, free text).
MAX_CLASSES = 100
