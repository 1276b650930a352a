"""Finalize: the manifest of every artifact (key, type, size, sha256), then SUCCEEDED."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from uam.db.engine import session_scope
from uam.observability.metrics import RUNS_SUCCEEDED, count
from uam.runs import keys, lifecycle
from uam.runs.exceptions import RunNoLongerActive
from uam.runs.models import Artifact
from uam.runs.stages.context import StageContext


def run(run_id: str, *, s3: Any) -> dict[str, Any]:
    ctx = StageContext.load(run_id, s3=s3)
    ctx.begin("finalize", 96)
    manifest_key = ctx.key(*keys.MANIFEST)
    with session_scope() as session:
        artifacts = session.scalars(
            select(Artifact)
            .where(Artifact.run_id == ctx.run_id, Artifact.storage_key != manifest_key)
            .order_by(Artifact.storage_key)
        ).all()
        listed = [
            {
                "key": a.storage_key,
                "type": a.type,
                "filename": a.filename,
                "size_bytes": a.size_bytes,
                "sha256": a.metadata_json.get("sha256"),
            }
            for a in artifacts
        ]
    manifest = {
        "run_id": str(ctx.run_id),
        "generated_at": datetime.now(UTC).isoformat(),
        "artifacts": listed,
    }
    with tempfile.TemporaryDirectory(prefix="uam-finalize-") as tmp:
        path = Path(tmp) / "artifacts_manifest.json"
        path.write_text(_json(manifest), encoding="utf-8")
        ctx.store_artifact(path, manifest_key, type="manifest", metadata={"count": len(listed)})
    with session_scope() as session:
        if not lifecycle.succeed(ctx.run_id, session=session):
            raise RunNoLongerActive(f"run {ctx.run_id} ended before it could be finalized")
        lifecycle.log(ctx.run_id, f"run succeeded: {len(listed) + 1} artifacts", session=session)
    count(RUNS_SUCCEEDED)
    return {"artifacts": len(listed) + 1}


def _json(value: Any) -> str:
    import json

    return json.dumps(value, indent=2)
