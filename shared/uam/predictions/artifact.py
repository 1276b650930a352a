"""Each call's predictions kept as a `prediction` artifact: the rows as the model read them,
then what it answered, so the CSV stands on its own when downloaded later."""

from __future__ import annotations

import csv
import io
import math
import uuid
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from uam.analysis.modeling import CheckedRows
from uam.aws import s3 as storage
from uam.config import get_aws_settings
from uam.models.models import ModelMeta
from uam.runs import keys
from uam.runs.models import Artifact


def store(
    model: ModelMeta,
    checked: CheckedRows,
    answer: dict[str, Any],
    *,
    owner_id: uuid.UUID,
    source: str,
    s3: Any,
    session: Session,
) -> uuid.UUID:
    artifact_id = uuid.uuid4()
    body = _csv(model, checked, answer)
    key = keys.key(owner_id, model.run_id, "predictions", f"{artifact_id}.csv")
    storage.put_bytes(
        s3,
        bucket=get_aws_settings().artifacts_bucket,
        key=key,
        body=body,
        content_type="text/csv; charset=utf-8",
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    session.add(
        Artifact(
            id=artifact_id,
            run_id=model.run_id,
            type="prediction",
            storage_key=key,
            filename=f"predictions-{model.name}-{stamp}.csv",
            size_bytes=len(body),
            metadata_json={
                "model_id": str(model.id),
                "model_name": model.name,
                "rows": len(checked.frame),
                "source": source,
                "flags": len(checked.flags),
                "warnings": checked.warnings,
            },
        )
    )
    return artifact_id


def _csv(model: ModelMeta, checked: CheckedRows, answer: dict[str, Any]) -> bytes:
    """With the csv module: pandas' writer costs milliseconds even for one row."""
    frame = checked.frame
    probabilities = answer.get("probabilities")
    classes = answer["classes"] if probabilities is not None else []
    flags: dict[int, list[str]] = {}
    for flag in checked.flags:
        flags.setdefault(flag.row, []).append(f"{flag.column}: {flag.kind}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["row", *frame.columns, f"predicted_{model.target}"]
        + [f"probability_{c}" for c in classes]
        + ["flags"]
    )
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        writer.writerow(
            [i + 1, *(_cell(v) for v in values), _cell(answer["predictions"][i])]
            + ([_cell(p) for p in probabilities[i]] if probabilities is not None else [])
            + ["; ".join(flags.get(i + 1, []))]
        )
    return out.getvalue().encode()


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value
