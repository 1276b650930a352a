"""POST /models/{id}/predict: JSON rows or a CSV file in, predictions out.

In AWS this route belongs to the predict function (template.yaml), which has the analytics
libraries; the API function only lists it in /docs. Nothing heavy is imported here: the
prediction service is imported when a request arrives.
"""

import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from uam.api.deps import CurrentUser, SessionDep
from uam.api.responses import raises
from uam.aws.clients import client
from uam.config import get_prediction_settings
from uam.predictions.exceptions import (
    ModelFileRejected,
    PredictionRejected,
    PredictionTooLarge,
    UnsupportedPredictionBody,
)
from uam.predictions.schemas import PredictionResponse, PredictRequest

router = APIRouter(prefix="/models", tags=["models"])

REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": PredictRequest.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
    },
}


@router.post(
    "/{model_id}/predict",
    openapi_extra={"requestBody": REQUEST_BODY},
    responses=raises(
        ModelFileRejected, PredictionTooLarge, UnsupportedPredictionBody, PredictionRejected
    ),
)
async def predict(
    model_id: uuid.UUID, request: Request, user: CurrentUser, session: SessionDep
) -> PredictionResponse:
    """Predict for JSON `{rows: [...]}` or a multipart CSV `file`, checked against the
    model's training schema. A missing column or a wrong type is a 422 naming column and row;
    extra columns are ignored (`warnings`); unseen categories and numbers outside the training
    range are predicted but flagged (`flags`). The answer is also stored as a `prediction`
    artifact of the model's run."""
    from uam.predictions import service  # the analytics stack: only in the predict function

    limit = get_prediction_settings().max_predict_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    s3 = client("s3")
    if kind == "application/json":
        body = await request.body()
        if len(body) > limit:
            raise _too_large(len(body), limit)
        rows = _rows(body)
        return await run_in_threadpool(
            service.predict_rows, model_id, rows, owner_id=user.id, s3=s3, session=session
        )
    if kind == "multipart/form-data":
        data = await _csv_file(request, limit)
        return await run_in_threadpool(
            service.predict_csv, model_id, data, owner_id=user.id, s3=s3, session=session
        )
    raise UnsupportedPredictionBody(
        'send JSON {"rows": [{...}, ...]} (application/json) or a CSV file in the multipart '
        f"field 'file' (multipart/form-data); got {kind or 'no content type'}"
    )


def _rows(body: bytes) -> list[Any]:
    try:
        return PredictRequest.model_validate(json.loads(body)).rows
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PredictionRejected(f"the body is not valid JSON: {exc}") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise PredictionRejected(f"the body has a value that cannot be read: {exc}") from None
    except ValidationError:
        raise PredictionRejected(
            'the body must be a JSON object {"rows": [...]} with a list of row objects'
        ) from None


async def _csv_file(request: Request, limit: int) -> bytes:
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise PredictionRejected("the multipart body has no file field 'file' with the CSV")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def _too_large(size: int, limit: int) -> PredictionTooLarge:
    return PredictionTooLarge(
        f"the request is {size:,} bytes; predictions take at most {limit:,} bytes per request: "
        "split the rows"
    )
