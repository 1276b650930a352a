"""EDA: the profile (statistics, associations, data-quality alerts) and the data charts."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from uam.config import get_run_settings
from uam.runs import keys
from uam.runs.stages.context import StageContext
from uam.runs.stages.inputs import dataset_frame


def run(run_id: str, *, s3: Any) -> dict[str, Any]:
    from uam.analysis.charts import data_charts
    from uam.analysis.profiling import profile_table

    ctx = StageContext.load(run_id, s3=s3)
    ctx.begin("eda", 12)
    target, task = _target_and_task(ctx)
    with tempfile.TemporaryDirectory(prefix="uam-eda-") as tmp:
        workdir = Path(tmp)
        frame = dataset_frame(ctx, workdir)
        profile = profile_table(
            frame,
            ctx.column_types,
            target=target,
            task=task,
            exact_row_limit=get_run_settings().eda_exact_row_limit,
        )
        path = workdir / "profile.json"
        path.write_text(json.dumps(profile, allow_nan=False), encoding="utf-8")
        ctx.store_artifact(
            path,
            ctx.key(*keys.PROFILE),
            type="eda",
            metadata={"rows": profile["rows"], "alerts": len(profile["alerts"])},
        )
        ctx.advance("eda", 20)
        charts = data_charts(frame, profile, workdir / "charts")
        listed = []
        for chart in charts:
            info = {"title": chart.title, "kind": chart.kind, "column": chart.column}
            key = ctx.key(*keys.chart(chart.filename))
            ctx.store_artifact(chart.path, key, type="chart", metadata=info)
            listed.append({**info, "filename": chart.filename, "key": key})
        ctx.put_json(ctx.key(*keys.CHARTS), listed)
    _log_findings(ctx, profile, len(charts))
    ctx.advance("eda", 30)
    return {"alerts": len(profile["alerts"]), "charts": len(charts)}


def _target_and_task(ctx: StageContext) -> tuple[str | None, str | None]:
    if not ctx.options.get("target"):
        return None, None
    prep = ctx.get_json(ctx.key(*keys.PREPARATION))
    return prep["target"], prep["task"]


def _log_findings(ctx: StageContext, profile: dict[str, Any], charts: int) -> None:
    sample = profile.get("sample") or {}
    ctx.log(
        f"profiled {profile['rows']:,} rows x {profile['columns']} columns"
        + (f" ({sample.get('note')})" if sample.get("sampled") else "")
        + f"; {charts} charts"
    )
    for alert in profile["alerts"]:
        level = "WARNING" if alert.get("severity") in ("warning", "critical") else "INFO"
        ctx.log(f"data alert: {alert['message']}", level=level)
    excluded = profile.get("excluded_from_training") or {}
    if excluded and ctx.options.get("target"):
        reasons = ", ".join(f"{name} ({why.replace('_', ' ')})" for name, why in excluded.items())
        ctx.log(f"left out of training: {reasons}", level="WARNING")
