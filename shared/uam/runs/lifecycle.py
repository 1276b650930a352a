"""Every change of a run's status goes through these conditional UPDATEs.

Each one only touches a run that is still in progress (PENDING or RUNNING) and progress only
moves forward (GREATEST), so stage retries, duplicate events, a cancel racing a stage and the
reconciler all converge on one final state, whatever order they arrive in.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, update
from sqlalchemy.orm import Session

from uam.runs.models import Log, Run, RunStatus

IN_PROGRESS = (RunStatus.PENDING, RunStatus.RUNNING)
FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


def _active(run_id: uuid.UUID):
    return Run.id == run_id, Run.status.in_(IN_PROGRESS)


def advance(run_id: uuid.UUID, *, task: str, progress: int, session: Session) -> bool:
    """Mark the run RUNNING at `task` with at least `progress`; False if it is not in progress."""
    now = datetime.now(UTC)
    return (
        session.execute(
            update(Run)
            .where(*_active(run_id))
            .values(
                status=RunStatus.RUNNING,
                current_task=task,
                progress=func.greatest(Run.progress, progress),
                started_at=func.coalesce(Run.started_at, now),
            )
            .returning(Run.id)
        ).scalar_one_or_none()
        is not None
    )


def succeed(run_id: uuid.UUID, *, session: Session) -> bool:
    return _finish(run_id, RunStatus.SUCCEEDED, error=None, session=session)


def fail(run_id: uuid.UUID, *, error: str, session: Session) -> bool:
    return _finish(run_id, RunStatus.FAILED, error=error[:4000], session=session)


def cancel(run_id: uuid.UUID, *, session: Session) -> bool:
    return _finish(run_id, RunStatus.CANCELLED, error=None, session=session)


def _finish(run_id: uuid.UUID, status: RunStatus, *, error: str | None, session: Session) -> bool:
    now = datetime.now(UTC)
    values: dict = {"status": status, "error": error, "finished_at": now, "current_task": None}
    if status == RunStatus.SUCCEEDED:
        values["progress"] = 100
    if status == RunStatus.CANCELLED:
        values["cancel_requested_at"] = now
    finished = session.execute(
        update(Run).where(*_active(run_id)).values(**values).returning(Run.id)
    ).scalar_one_or_none()
    return finished is not None


def log(run_id: uuid.UUID, message: str, *, session: Session, level: str = "INFO") -> None:
    session.add(Log(run_id=run_id, level=level, message=message[:4000]))
    session.flush()
