"""/runs: start an analysis, follow it, cancel it, list what it made."""

import uuid

from fastapi import APIRouter, status

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.aws.clients import client
from uam.datasets.exceptions import DatasetNotFound, DatasetNotReady
from uam.projects.exceptions import ProjectNotFound
from uam.runs import service
from uam.runs.exceptions import (
    InvalidRunRequest,
    RunAlreadyFinished,
    RunLimitReached,
    RunNotStarted,
)
from uam.runs.schemas import (
    ArtifactPublic,
    CancelResponse,
    RunPublic,
    RunStartRequest,
    RunStartResponse,
    RunStatusResponse,
)

router = APIRouter(prefix="/runs", tags=["runs"])


@router.post(
    "/start",
    status_code=status.HTTP_202_ACCEPTED,
    responses=raises(
        InvalidRunRequest,
        ProjectNotFound,
        DatasetNotFound,
        DatasetNotReady,
        RunLimitReached,
        RunNotStarted,
    ),
)
def start(body: RunStartRequest, user: CurrentUser, session: SessionDep) -> RunStartResponse:
    """Start an analysis of a READY dataset: profile, and with a target, models and a report."""
    run = service.create(body, owner_id=user.id, session=session)
    # The row must be committed before the workflow's first stage looks for it.
    session.commit()
    service.launch(run, sfn=client("stepfunctions"), session=session)
    return RunStartResponse(run_id=run.id, status=run.status)


@router.get("", responses=raises(ProjectNotFound))
def list_runs(
    user: CurrentUser, session: SessionDep, project_id: uuid.UUID | None = None
) -> list[RunPublic]:
    """The user's runs, newest first, optionally in one project."""
    runs = service.list_for(user.id, project_id=project_id, session=session)
    return [service.to_public(r) for r in runs]


@router.get("/{run_id}/status")
def run_status(run_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> RunStatusResponse:
    """Where the run is: status, current stage, progress (never decreasing) and its log."""
    run = service.get(run_id, owner_id=user.id, session=session)
    return service.status(run, session=session)


@router.post(
    "/{run_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    responses=raises(RunAlreadyFinished),
)
def cancel(run_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CancelResponse:
    """Cancel a run that is PENDING or RUNNING; it ends CANCELLED."""
    run = service.get(run_id, owner_id=user.id, session=session)
    service.cancel(run, sfn=client("stepfunctions"), session=session)
    return CancelResponse(run_id=run.id, status=run.status)


@router.get("/{run_id}/artifacts")
def list_artifacts(
    run_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> list[ArtifactPublic]:
    """Everything the run stored, each with a download link valid for 15 minutes."""
    run = service.get(run_id, owner_id=user.id, session=session)
    return service.artifacts(run, s3=client("s3"), session=session)
