"""Each call's predictions kept as a `prediction` artifact: the rows as the model read them,
then what it answered, so the CSV stands on its own when downloaded later."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
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
    table = checked.frame.copy()
    for name in table.columns[table.dtypes == "datetime64[ns]"]:
        table[name] = table[name].dt.strftime("%Y-%m-%dT%H:%M:%S")  # NaT stays empty
    table.insert(0, "row", np.arange(1, len(table) + 1))
    table[f"predicted_{model.target}"] = answer["predictions"]
    if answer.get("probabilities") is not None:
        proba = np.array(answer["probabilities"], dtype=np.float64)
        for j, label in enumerate(answer["classes"]):
            table[f"probability_{label}"] = proba[:, j]
    flags: dict[int, list[str]] = {}
    for flag in checked.flags:
        flags.setdefault(flag.row, []).append(f"{flag.column}: {flag.kind}")
    table["flags"] = ["; ".join(flags.get(i, [])) for i in range(1, len(table) + 1)]
    out = io.BytesIO()
    # pyarrow's writer: C++, so a thousand rows cost what one does with pandas' to_csv.
    pacsv.write_csv(
        pa.Table.from_pandas(table, preserve_index=False),
        out,
        write_options=pacsv.WriteOptions(quoting_style="needed"),
    )
    return out.getvalue()
