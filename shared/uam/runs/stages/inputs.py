"""Inputs several stages read: the dataset frame, the preparation, the prepared splits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from uam.runs import keys
from uam.runs.exceptions import StageInputMissing
from uam.runs.stages.context import StageContext

if TYPE_CHECKING:
    import pandas as pd

    from uam.analysis.modeling import Preparation


def dataset_frame(ctx: StageContext, workdir: Path) -> pd.DataFrame:
    from uam.analysis.frame import load_frame

    if not ctx.dataset_parquet_key:
        raise StageInputMissing("the dataset was deleted or never became READY")
    source = ctx.download_dataset(ctx.dataset_parquet_key, workdir / "dataset.parquet")
    return load_frame(source, ctx.column_types)


def preparation(ctx: StageContext) -> Preparation | None:
    """The preparation preprocess recorded, without the columns EDA excluded; None: no target."""
    from uam.analysis.modeling import Preparation

    if not ctx.options.get("target"):
        return None
    prep = Preparation.from_dict(ctx.get_json(ctx.key(*keys.PREPARATION)))
    profile = ctx.get_json(ctx.key(*keys.PROFILE))
    return prep.without(profile.get("excluded_from_training") or {})


def split(ctx: StageContext, workdir: Path, part: tuple[str, ...]) -> pd.DataFrame:
    import pandas as pd

    path = ctx.download(ctx.key(*part), workdir / part[-1])
    return pd.read_parquet(path)
