"""The state machine's Catch target: mark the run FAILED with the error, in words."""

from __future__ import annotations

import uuid
from typing import Any

from uam.db.engine import session_scope
from uam.observability.metrics import RUNS_FAILED, count
from uam.runs import lifecycle
from uam.runs.faults import maybe_inject
from uam.runs.models import Run
from uam.runs.workflow_errors import failure_message

# Errors Lambda itself reports, said the way a person reading the run understands them.
_EXPLAINED = {
    "Sandbox.Timedout": "the stage ran out of time (its Lambda timeout)",
    "States.Timeout": "the stage ran out of time (the workflow's task timeout)",
    "Runtime.ExitError": "the stage crashed (its process exited)",
    "Runtime.OutOfMemory": "the stage ran out of memory",
}


def run(run_id: str, error: dict[str, Any] | None) -> dict[str, Any]:
    maybe_inject("run_failed")
    failure = error or {}
    kind = failure.get("Error") or "error"
    message = failure_message(failure)
    if kind in _EXPLAINED:
        message = f"{_EXPLAINED[kind]}: {message}"
    with session_scope() as session:
        run = session.get(Run, uuid.UUID(run_id))
        where = f"{run.current_task} failed: " if run is not None and run.current_task else ""
        marked = lifecycle.fail(uuid.UUID(run_id), error=f"{where}{message}", session=session)
        if marked:
            lifecycle.log(uuid.UUID(run_id), f"{where}{message}", session=session, level="ERROR")
    if marked:
        count(RUNS_FAILED)
    return {"run_id": run_id, "marked_failed": marked}
