"""Model use cases on the API side: list and get, filtered by owner in SQL."""

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from uam.models.exceptions import ModelNotFound
from uam.models.models import ModelMeta
from uam.models.schemas import FeaturePublic, ModelPublic
from uam.projects import service as projects
from uam.runs import service as runs
from uam.runs.models import Run


def list_for(
    owner_id: uuid.UUID,
    *,
    project_id: uuid.UUID | None,
    run_id: uuid.UUID | None,
    session: Session,
) -> Sequence[ModelMeta]:
    """Newest run first; within a run, best first (rank 1), unranked last."""
    query = select(ModelMeta).join(Run, Run.id == ModelMeta.run_id).where(Run.user_id == owner_id)
    # Another user's project or run is a 404, not an empty list: a filter never confirms an id.
    if project_id is not None:
        projects.get(project_id, owner_id=owner_id, session=session)
        query = query.where(Run.project_id == project_id)
    if run_id is not None:
        runs.get(run_id, owner_id=owner_id, session=session)
        query = query.where(Run.id == run_id)
    order = (Run.created_at.desc(), ModelMeta.rank.asc().nulls_last(), ModelMeta.name)
    return session.scalars(query.order_by(*order)).all()


def get(model_id: uuid.UUID, *, owner_id: uuid.UUID, session: Session) -> ModelMeta:
    model = session.scalar(
        select(ModelMeta)
        .join(Run, Run.id == ModelMeta.run_id)
        .where(ModelMeta.id == model_id, Run.user_id == owner_id)
    )
    if model is None:
        raise ModelNotFound()
    return model


def to_public(model: ModelMeta) -> ModelPublic:
    return ModelPublic(
        id=model.id,
        run_id=model.run_id,
        name=model.name,
        version=model.version,
        rank=model.rank,
        task=model.task,
        target=model.target,
        metrics=model.metrics_json,
        # The schema predict checks rows against: names and types, nothing from the data.
        features=[FeaturePublic(name=f["name"], dtype=f["dtype"]) for f in model.features_json],
        created_at=model.created_at,
    )
