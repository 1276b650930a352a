"""Reconcile a run with how its workflow ended, for the endings no Catch sees.

A Catch turns a stage's error into FAILED, but an execution that times out as a whole, is
aborted outside UAM, or whose failure handler itself failed, only shows up as a Step Functions
status-change event. Every transition here is conditional (lifecycle), so an event about a run
that already ended, or a duplicate event, changes nothing.
"""

import logging
import uuid
from typing import Any

from uam.db.engine import session_scope
from uam.observability.metrics import RUNS_FAILED, count
from uam.runs import lifecycle

log = logging.getLogger(__name__)

ENDINGS = {
    "FAILED": "the analysis workflow failed",
    "TIMED_OUT": "the analysis workflow ran out of time",
}


def reconcile(detail: dict[str, Any]) -> str:
    """Apply one execution status-change event; returns what was done (for the log)."""
    try:
        run_id = uuid.UUID(str(detail.get("name")))
    except ValueError:
        return "ignored: not a run's execution"
    status = detail.get("status")
    with session_scope() as session:
        if status == "ABORTED":
            changed = lifecycle.cancel(run_id, session=session)
            message = "the analysis workflow was stopped outside UAM; the run is cancelled"
        elif status in ENDINGS:
            cause = detail.get("cause") or detail.get("error") or ""
            message = ENDINGS[status] + (f": {cause}" if cause else "")
            changed = lifecycle.fail(run_id, error=message, session=session)
        else:
            return f"ignored: {status}"
        if changed:
            lifecycle.log(run_id, message, session=session, level="ERROR")
    if changed and status in ENDINGS:
        count(RUNS_FAILED)
    return f"{status}: {'run updated' if changed else 'run had already ended'}"
