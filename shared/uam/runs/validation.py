"""What /runs/start can check from the dataset's recorded columns, before any work starts.

Preprocess checks again against the data itself (a wrong choice caught here is a 400 in
milliseconds instead of a FAILED run a minute later).
"""

from typing import Any

from uam.runs.catalogue import MAX_CLASSES, METRICS, MODELS, TASKS
from uam.runs.exceptions import InvalidRunRequest
from uam.runs.schemas import RunOptions

NUMERIC = ("integer", "float")
LABEL_TYPES = ("categorical", "boolean", "text")


def check_options(options: RunOptions, columns: list[dict[str, Any]], rows: int) -> None:
    if options.task not in TASKS:
        raise InvalidRunRequest(f"unknown task '{options.task}'; use one of: {', '.join(TASKS)}")
    if options.target is None:
        given = [name for name in ("metric", "models") if getattr(options, name) is not None]
        if given or options.task != "auto":
            what = ", ".join(given + (["task"] if options.task != "auto" else []))
            raise InvalidRunRequest(
                f"{what} need a target column; without one the run only profiles"
            )
        return
    column = _target_column(options.target, columns)
    _check_target_values(column, rows)
    tasks = _possible_tasks(options.task, column)
    _check_metric(options.metric, tasks)
    _check_models(options.models, tasks)


def _target_column(target: str, columns: list[dict[str, Any]]) -> dict[str, Any]:
    for column in columns:
        if column["name"] == target:
            return column
    names = ", ".join(repr(c["name"]) for c in columns[:20])
    more = f" and {len(columns) - 20} more" if len(columns) > 20 else ""
    raise InvalidRunRequest(f"unknown target column {target!r}; the columns are {names}{more}")


def _check_target_values(column: dict[str, Any], rows: int) -> None:
    name = column["name"]
    if column["missing"] >= rows:
        raise InvalidRunRequest(f"target column {name!r} is empty: every value is missing")
    if column["unique"] <= 1:
        raise InvalidRunRequest(
            f"target column {name!r} has a single value, so there is nothing to predict"
        )
    if column["dtype"] == "id":
        raise InvalidRunRequest(
            f"target column {name!r} looks like an identifier (a different value on every row)"
        )


def _possible_tasks(task: str, column: dict[str, Any]) -> tuple[str, ...]:
    name, dtype = column["name"], column["dtype"]
    if task == "regression" and dtype not in NUMERIC:
        raise InvalidRunRequest(
            f"regression needs a numeric target; {name!r} is {dtype}: use task classification"
        )
    if task == "classification" or (task == "auto" and dtype in LABEL_TYPES):
        if column["unique"] > MAX_CLASSES:
            raise InvalidRunRequest(
                f"target column {name!r} has {column['unique']:,} distinct values, too many "
                f"classes (at most {MAX_CLASSES}); choose a column with fewer categories"
                + (" or task regression" if dtype in NUMERIC else "")
            )
        return ("classification",)
    if task == "regression":
        return ("regression",)
    return ("classification", "regression")


def _check_metric(metric: str | None, tasks: tuple[str, ...]) -> None:
    allowed = [m for t in tasks for m in METRICS[t]]
    if metric is not None and metric not in allowed:
        raise InvalidRunRequest(
            f"unknown metric '{metric}' for {' or '.join(tasks)}; use one of: {', '.join(allowed)}"
        )


def _check_models(models: list[str] | None, tasks: tuple[str, ...]) -> None:
    allowed = sorted({m for t in tasks for m in MODELS[t]})
    unknown = [m for m in models or [] if m not in allowed]
    if unknown:
        raise InvalidRunRequest(
            f"unknown model(s) {', '.join(map(repr, unknown))}; use any of: {', '.join(allowed)}"
        )
