"""POST /models/{id}/predict: the owner's model, the rows checked, predictions answered and
kept. The route lives in the API package; this runs in the predict function's image."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from uam.analysis.modeling import CheckedRows, predict_checked
from uam.models import service as models
from uam.models.models import ModelMeta
from uam.predictions import artifact, inputs, loader
from uam.predictions.schemas import PredictionFlag, PredictionResponse


def predict_rows(
    model_id: uuid.UUID, rows: list[Any], *, owner_id: uuid.UUID, s3: Any, session: Session
) -> PredictionResponse:
    model = models.get(model_id, owner_id=owner_id, session=session)
    checked = inputs.from_records(rows, model.features_json, target=model.target)
    return _answer(model, checked, owner_id=owner_id, source="json", s3=s3, session=session)


def predict_csv(
    model_id: uuid.UUID, data: bytes, *, owner_id: uuid.UUID, s3: Any, session: Session
) -> PredictionResponse:
    model = models.get(model_id, owner_id=owner_id, session=session)
    checked = inputs.from_csv(data, model.features_json, target=model.target)
    return _answer(model, checked, owner_id=owner_id, source="csv", s3=s3, session=session)


def _answer(
    model: ModelMeta,
    checked: CheckedRows,
    *,
    owner_id: uuid.UUID,
    source: str,
    s3: Any,
    session: Session,
) -> PredictionResponse:
    bundle = loader.bundle_for(model, owner_id=owner_id, s3=s3)
    answer = predict_checked(bundle, checked)
    artifact_id = artifact.store(
        model, checked, answer, owner_id=owner_id, source=source, s3=s3, session=session
    )
    classes = answer["classes"]
    probabilities = answer["probabilities"]
    return PredictionResponse(
        model_id=model.id,
        artifact_id=artifact_id,
        task=bundle.task,
        target=bundle.target,
        predictions=answer["predictions"],
        probabilities=None
        if probabilities is None
        else [dict(zip(classes, row, strict=True)) for row in probabilities],
        classes=classes if probabilities is not None else None,
        warnings=answer["warnings"],
        flags=[PredictionFlag(**f) for f in answer["flags"]],
    )
