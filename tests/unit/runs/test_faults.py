"""UAM_FAULT_INJECTION: which stage a fault hits, and `exit` dying right after a write."""

from typing import Any

import pytest

from uam.aws import s3 as storage
from uam.config import clear_settings_cache
from uam.runs import faults
from uam.runs.exceptions import InjectedFault


class Killed(BaseException):
    """Stands in for os._exit in this process."""


@pytest.fixture
def inject(monkeypatch: pytest.MonkeyPatch):
    def set_fault(spec: str, function: str = "") -> None:
        monkeypatch.setenv("UAM_FAULT_INJECTION", spec)
        monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", function)
        clear_settings_cache()

    yield set_fault
    clear_settings_cache()


def test_a_fault_hits_its_task_or_its_functions_stage_only(inject: Any) -> None:
    inject("eda:raise")
    faults.maybe_inject("preprocess")
    with pytest.raises(InjectedFault, match="into the eda stage"):
        faults.maybe_inject("eda")
    # select_model enters the "train" task: its function's name tells it from a candidate.
    inject("select_model:raise", "uam-TrainCandidateFunction")
    faults.maybe_inject("train")
    inject("select_model:raise", "uam-SelectModelFunction")
    with pytest.raises(InjectedFault, match="into the select_model stage"):
        faults.maybe_inject("train")


def test_exit_lets_the_stage_run_until_its_first_write_is_stored_then_dies(
    inject: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    monkeypatch.setattr(storage, "put_bytes", lambda s3, **kw: written.append(kw["key"]))
    monkeypatch.setattr(storage, "upload", lambda s3, **kw: written.append(kw["key"]))
    statuses: list[int] = []

    def exit_now(status: int) -> None:
        statuses.append(status)
        raise Killed

    monkeypatch.setattr(faults.os, "_exit", exit_now)
    inject("report:exit")
    faults.maybe_inject("report")  # armed, nothing happens yet
    assert statuses == []
    with pytest.raises(Killed):
        storage.upload(None, bucket="b", key="runs/report.pdf", source=None, content_type="x")
    assert written == ["runs/report.pdf"] and statuses == [137]  # stored, then killed
