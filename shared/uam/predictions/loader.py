"""Model files in, ready models out: only files our pipeline wrote, only after their sha256
matches the one recorded at training (joblib runs code while loading), kept warm in memory."""

from __future__ import annotations

import logging
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, NoReturn

from uam.analysis.modeling import BundleIntegrityError, ModelBundle, load_bundle
from uam.aws import s3 as storage
from uam.config import get_aws_settings, get_prediction_settings
from uam.models.models import ModelMeta
from uam.predictions.exceptions import ModelFileRejected
from uam.runs import keys

log = logging.getLogger(__name__)
_cache: OrderedDict[tuple[str, str], ModelBundle] = OrderedDict()
_lock = threading.Lock()


def bundle_for(model: ModelMeta, *, owner_id: Any, s3: Any) -> ModelBundle:
    """The model's bundle, from memory when this warm function loaded it before."""
    cache_key = (str(model.id), model.sha256)
    with _lock:
        if cache_key in _cache:
            _cache.move_to_end(cache_key)
            return _cache[cache_key]
    bundle = _load(model, owner_id=owner_id, s3=s3)
    with _lock:
        _cache[cache_key] = bundle
        while len(_cache) > get_prediction_settings().model_cache_size:
            _cache.popitem(last=False)
    return bundle


def cached_models() -> int:
    return len(_cache)


def _load(model: ModelMeta, *, owner_id: Any, s3: Any) -> ModelBundle:
    # Only the key the train stage writes for this run: a row pointing anywhere else (the
    # uploads bucket, another run) is not a file our pipeline wrote for this model.
    expected = keys.key(owner_id, model.run_id, *keys.model(model.name))
    if model.storage_key != expected:
        _refuse(model, f"its file {model.storage_key!r} is not where training writes models")
    with tempfile.TemporaryDirectory(prefix="uam-model-") as tmp:
        path = Path(tmp) / "model.joblib"
        bucket = get_aws_settings().artifacts_bucket
        if storage.object_size(s3, bucket=bucket, key=model.storage_key) is None:
            _refuse(model, "its file is gone from storage")
        storage.download(s3, bucket=bucket, key=model.storage_key, dest=path)
        try:
            return load_bundle(path, sha256=model.sha256)
        except BundleIntegrityError as exc:
            _refuse(model, str(exc))


def _refuse(model: ModelMeta, reason: str) -> NoReturn:
    log.error(
        "model file refused",
        extra={"model_id": str(model.id), "key": model.storage_key, "reason": reason},
    )
    raise ModelFileRejected(
        f"model {model.name} cannot be used: {reason.rstrip('.')}. "
        "Run the analysis again to retrain it."
    )
