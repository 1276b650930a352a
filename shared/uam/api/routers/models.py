"""/models: the trained models of the user's runs."""

import uuid

from fastapi import APIRouter

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.models import service
from uam.models.schemas import ModelPublic
from uam.projects.exceptions import ProjectNotFound
from uam.runs.exceptions import RunNotFound

router = APIRouter(prefix="/models", tags=["models"])


@router.get("", responses=raises(ProjectNotFound, RunNotFound))
def list_models(
    user: CurrentUser,
    session: SessionDep,
    project_id: uuid.UUID | None = None,
    run_id: uuid.UUID | None = None,
) -> list[ModelPublic]:
    """The user's models, newest run first and best first within a run."""
    models = service.list_for(user.id, project_id=project_id, run_id=run_id, session=session)
    return [service.to_public(m) for m in models]


@router.get("/{model_id}")
def get_model(model_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ModelPublic:
    """One model: its metrics and the feature schema predictions must follow."""
    return service.to_public(service.get(model_id, owner_id=user.id, session=session))
