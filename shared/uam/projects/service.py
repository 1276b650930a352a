"""Project use cases; every query is filtered by owner in SQL, never checked after."""

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from uam.projects.exceptions import ProjectNotFound
from uam.projects.models import Project
from uam.projects.schemas import ProjectCreate, ProjectUpdate


def create(body: ProjectCreate, *, owner_id: uuid.UUID, session: Session) -> Project:
    project = Project(user_id=owner_id, name=body.name, description=body.description)
    session.add(project)
    session.flush()
    return project


def list_for(owner_id: uuid.UUID, *, session: Session) -> Sequence[Project]:
    query = select(Project).where(Project.user_id == owner_id).order_by(Project.created_at.desc())
    return session.scalars(query).all()


def get(project_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> Project:
    project = session.scalar(
        select(Project).where(Project.id == project_id, Project.user_id == owner_id)
    )
    if project is None:
        raise ProjectNotFound()
    return project


def update(
    project_id: uuid.UUID, body: ProjectUpdate, *, owner_id: uuid.UUID, session: Session
) -> Project:
    project = get(project_id, owner_id=owner_id, session=session)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("name") is None:
        changes.pop("name", None)  # a name can change but never become empty
    for field, value in changes.items():
        setattr(project, field, value)
    session.flush()
    return project


def remove(project_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> None:
    deleted = session.execute(
        delete(Project)
        .where(Project.id == project_id, Project.user_id == owner_id)
        .returning(Project.id)
    ).scalar_one_or_none()
    if deleted is None:
        raise ProjectNotFound()
