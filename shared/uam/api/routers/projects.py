"""/projects: CRUD over the signed-in user's projects."""

import uuid

from fastapi import APIRouter, Response, status

from uam.api.deps import CurrentUser, SessionDep
from uam.aws.clients import client
from uam.datasets import service as datasets
from uam.projects import service
from uam.projects.schemas import ProjectCreate, ProjectPublic, ProjectUpdate

router = APIRouter(prefix="/projects", tags=["projects"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_project(body: ProjectCreate, user: CurrentUser, session: SessionDep) -> ProjectPublic:
    """Create a project."""
    project = service.create(body, owner_id=user.id, session=session)
    return ProjectPublic.model_validate(project)


@router.get("")
def list_projects(user: CurrentUser, session: SessionDep) -> list[ProjectPublic]:
    """The user's projects, newest first."""
    projects = service.list_for(user.id, session=session)
    return [ProjectPublic.model_validate(p) for p in projects]


@router.get("/{project_id}")
def get_project(project_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ProjectPublic:
    """One project."""
    project = service.get(project_id, owner_id=user.id, session=session)
    return ProjectPublic.model_validate(project)


@router.patch("/{project_id}")
def update_project(
    project_id: uuid.UUID, body: ProjectUpdate, user: CurrentUser, session: SessionDep
) -> ProjectPublic:
    """Rename a project or change its description."""
    project = service.update(project_id, body, owner_id=user.id, session=session)
    return ProjectPublic.model_validate(project)


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(project_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """Delete a project and everything in it, stored files included."""
    keys = datasets.object_keys_in_project(project_id, owner_id=user.id, session=session)
    service.remove(project_id, owner_id=user.id, session=session)
    # Rows first (the cascade), objects after the commit: never a row without its file.
    session.commit()
    datasets.delete_objects(keys, s3=client("s3"))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
