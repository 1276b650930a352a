"""Where a run's objects live in the artifacts bucket. Fixed names per run, so a stage that
runs twice overwrites its own objects instead of adding new ones."""

import uuid


def run_prefix(user_id: uuid.UUID, run_id: uuid.UUID) -> str:
    return f"runs/{user_id}/{run_id}/"


def key(user_id: uuid.UUID, run_id: uuid.UUID, *parts: str) -> str:
    return run_prefix(user_id, run_id) + "/".join(parts)


TRAIN = ("prepared", "train.parquet")
HOLDOUT = ("prepared", "holdout.parquet")
PREPARATION = ("prepared", "preparation.json")
PROFILE = ("eda", "profile.json")
CHARTS = ("eda", "charts.json")  # the chart list the report lays out
LEADERBOARD = ("models", "leaderboard.json")
REPORT = ("report", "report.pdf")
MANIFEST = ("artifacts_manifest.json",)


def chart(filename: str) -> tuple[str, ...]:
    return ("charts", filename)


def model(name: str) -> tuple[str, ...]:
    return ("models", f"{name}.joblib")


def out_of_fold(name: str) -> tuple[str, ...]:
    # Internal: the ensemble is fitted on these; not an artifact a user downloads.
    return ("work", f"{name}.oof.npy")
