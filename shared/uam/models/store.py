"""Writes of model_meta rows: one row per (run, name, version), whatever the retries."""

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from uam.models.models import ModelMeta


def upsert(
    *,
    run_id: uuid.UUID,
    name: str,
    task: str,
    target: str,
    metrics: dict[str, Any],
    features: list[dict[str, Any]],
    storage_key: str,
    sha256: str,
    session: Session,
) -> uuid.UUID:
    values = {
        "task": task,
        "target": target,
        "metrics_json": metrics,
        "features_json": features,
        "storage_key": storage_key,
        "sha256": sha256,
    }
    statement = insert(ModelMeta).values(
        id=uuid.uuid4(), run_id=run_id, name=name, version=1, rank=None, **values
    )
    statement = statement.on_conflict_do_update(
        index_elements=[ModelMeta.run_id, ModelMeta.name, ModelMeta.version],
        set_={**values, "rank": None},
    ).returning(ModelMeta.id)
    return session.execute(statement).scalar_one()


def for_run(run_id: uuid.UUID, *, session: Session) -> list[ModelMeta]:
    return list(session.scalars(select(ModelMeta).where(ModelMeta.run_id == run_id)).all())


def set_ranks(run_id: uuid.UUID, ranked_names: list[str], *, session: Session) -> None:
    """Rank 1 = best; models not in the list lose any earlier rank."""
    session.execute(update(ModelMeta).where(ModelMeta.run_id == run_id).values(rank=None))
    for rank, name in enumerate(ranked_names, start=1):
        session.execute(
            update(ModelMeta)
            .where(ModelMeta.run_id == run_id, ModelMeta.name == name)
            .values(rank=rank)
        )
