"""Run use cases on the API side: start, list, status, cancel, artifacts.

Lean on purpose: no pandas or scikit-learn here. The analysis itself runs in the stage
functions, started through Step Functions.
"""

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from uam.auth.models import User
from uam.aws import s3 as storage
from uam.aws import stepfunctions
from uam.config import get_aws_settings, get_run_settings
from uam.content_types import content_type_for
from uam.datasets import service as datasets
from uam.datasets.exceptions import DatasetNotReady
from uam.datasets.models import DatasetStatus
from uam.observability.metrics import RUNS_FAILED, RUNS_STARTED, count
from uam.projects import service as projects
from uam.runs import lifecycle
from uam.runs.exceptions import RunAlreadyFinished, RunLimitReached, RunNotFound, RunNotStarted
from uam.runs.models import Artifact, Log, Run
from uam.runs.schemas import (
    ArtifactPublic,
    LogPublic,
    RunPublic,
    RunStartRequest,
    RunStatusResponse,
)
from uam.runs.validation import InvalidRunRequest, check_options

log = logging.getLogger(__name__)
# Long enough to click, short enough that a leaked link soon stops working.
DOWNLOAD_LINK_SECONDS = 15 * 60
MAX_STATUS_LOGS = 1000


def create(body: RunStartRequest, *, owner_id: uuid.UUID, session: Session) -> Run:
    """The PENDING run row, after every check that can refuse it (the caller commits)."""
    projects.get(body.project_id, owner_id=owner_id, session=session)
    dataset = datasets.get(body.dataset_id, owner_id=owner_id, session=session)
    if dataset.project_id != body.project_id:
        raise InvalidRunRequest("that dataset belongs to another of your projects")
    if dataset.status != DatasetStatus.READY:
        raise DatasetNotReady(f"dataset is {dataset.status}, not READY: it cannot be analysed yet")
    check_options(body.options, dataset.columns_json or [], dataset.rows or 0)
    settings = get_run_settings()
    # Serialise this user's starts on their own row: eight simultaneous requests count the
    # runs in progress one after another, so exactly the allowed number get through.
    session.execute(select(User.id).where(User.id == owner_id).with_for_update())
    in_progress = session.scalar(
        select(func.count())
        .select_from(Run)
        .where(Run.user_id == owner_id, Run.status.in_(lifecycle.IN_PROGRESS))
    )
    if (in_progress or 0) >= settings.max_runs_in_progress:
        raise RunLimitReached(settings.max_runs_in_progress, retry_after_s=30)
    options = body.options.model_dump()
    options["time_budget_s"] = min(
        options["time_budget_s"] or settings.default_time_budget_s, settings.max_time_budget_s
    )
    run = Run(
        project_id=body.project_id,
        user_id=owner_id,
        dataset_id=dataset.id,
        parameters_json=options,
    )
    session.add(run)
    session.flush()
    lifecycle.log(run.id, f"run queued on {dataset.filename}", session=session)
    return run


def launch(run: Run, *, sfn: Any, session: Session) -> None:
    """Start the run's workflow, named after the run so a repeated start cannot run it twice."""
    arn = get_run_settings().analysis_state_machine_arn
    try:
        if not arn:
            raise RunNotStarted("no analysis workflow is configured (ANALYSIS_STATE_MACHINE_ARN)")
        run.execution_arn = stepfunctions.start_execution(
            sfn, state_machine_arn=arn, name=str(run.id), payload={"run_id": str(run.id)}
        )
    except Exception as exc:
        log.exception("could not start run %s", run.id)
        message = f"the analysis could not be started: {exc}"
        failed = lifecycle.fail(run.id, error=message, session=session)
        lifecycle.log(run.id, message, session=session, level="ERROR")
        session.commit()
        if failed:
            count(RUNS_FAILED)
        raise RunNotStarted(
            "the analysis service did not accept the run; it is marked FAILED, try again"
        ) from exc
    count(RUNS_STARTED)


def list_for(
    owner_id: uuid.UUID, *, project_id: uuid.UUID | None, session: Session
) -> Sequence[Run]:
    query = select(Run).where(Run.user_id == owner_id)
    if project_id is not None:
        # Another user's project is a 404, not an empty list: a filter never confirms an id.
        projects.get(project_id, owner_id=owner_id, session=session)
        query = query.where(Run.project_id == project_id)
    return session.scalars(query.order_by(Run.created_at.desc())).all()


def get(run_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> Run:
    run = session.scalar(select(Run).where(Run.id == run_id, Run.user_id == owner_id))
    if run is None:
        raise RunNotFound()
    return run


def to_public(run: Run) -> RunPublic:
    return RunPublic(
        id=run.id,
        project_id=run.project_id,
        dataset_id=run.dataset_id,
        status=run.status,
        current_task=run.current_task,
        progress=run.progress,
        options=run.parameters_json,
        error=run.error,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
    )


def status(run: Run, *, session: Session) -> RunStatusResponse:
    logs = session.scalars(
        select(Log)
        .where(Log.run_id == run.id)
        .order_by(Log.timestamp, Log.id)
        .limit(MAX_STATUS_LOGS)
    ).all()
    return RunStatusResponse(
        run_id=run.id,
        status=run.status,
        current_task=run.current_task,
        progress=run.progress,
        started_at=run.started_at,
        finished_at=run.finished_at,
        error=run.error,
        logs=[LogPublic(level=x.level, message=x.message, timestamp=x.timestamp) for x in logs],
    )


def cancel(run: Run, *, sfn: Any, session: Session) -> None:
    """End the run CANCELLED now and stop its workflow; stages that are mid-flight find the
    run no longer in progress and write nothing more."""
    if not lifecycle.cancel(run.id, session=session):
        session.refresh(run)
        raise RunAlreadyFinished(f"the run already ended: {run.status}")
    lifecycle.log(run.id, "run cancelled by the user", session=session, level="WARNING")
    session.commit()
    if run.execution_arn:
        stepfunctions.stop_execution(sfn, execution_arn=run.execution_arn, cause="cancelled")
    session.refresh(run)


def artifacts(run: Run, *, s3: Any, session: Session) -> list[ArtifactPublic]:
    rows = session.scalars(
        select(Artifact).where(Artifact.run_id == run.id).order_by(Artifact.created_at, Artifact.id)
    ).all()
    bucket = get_aws_settings().artifacts_bucket
    return [
        ArtifactPublic(
            id=a.id,
            type=a.type,
            filename=a.filename,
            size_bytes=a.size_bytes,
            created_at=a.created_at,
            metadata=a.metadata_json,
            download_url=storage.presigned_get(
                s3,
                bucket=bucket,
                key=a.storage_key,
                filename=a.filename,
                # What the stage stored it as, from the same extension map.
                content_type=content_type_for(a.storage_key),
                expires_in=DOWNLOAD_LINK_SECONDS,
            ),
        )
        for a in rows
    ]
