"""Fault injection for chaos tests: UAM_FAULT_INJECTION="<stage>:<action>[,<stage>:<action>]".

Off unless that variable is set (never in a deployed template). It exists so tests can prove,
on the real workflow, that a stage that raises, hangs or is killed ends the run FAILED and never
leaves it RUNNING. <stage> is the task a stage enters (preprocess, eda, train, report, finalize,
run_failed) or its function's stage name (train_candidate, select_model: both enter "train").
<action> is one of:

- raise: the stage raises InjectedFault as it begins;
- sleep: the stage hangs until its timeout ends it;
- exit: the stage goes on until it has written its first object to S3, then its process dies
  at once (os._exit(137), as the OOM killer would): no exception, no cleanup, no artifact row.
"""

import os
import re
import time
from typing import Any

from uam.config import get_run_settings
from uam.runs.exceptions import InjectedFault

SLEEP_SECONDS = 3600
KILLED_EXIT_STATUS = 137  # 128 + SIGKILL, what a process killed for memory reports


def _function_stage() -> str | None:
    """select_model for uam-SelectModelFunction (the Lambda's own name), if it is a stage's."""
    found = re.search(r"([A-Z][A-Za-z]*)Function", os.environ.get("AWS_LAMBDA_FUNCTION_NAME", ""))
    if found is None:
        return None
    return re.sub(r"(?<!^)(?=[A-Z])", "_", found.group(1)).lower()


def maybe_inject(stage: str) -> None:
    spec = get_run_settings().uam_fault_injection
    if not spec:
        return
    names = {stage, _function_stage()}
    for item in spec.split(","):
        target, _, action = item.strip().partition(":")
        if target not in names:
            continue
        if action == "raise":
            raise InjectedFault(f"fault injected into the {target} stage")
        if action == "sleep":
            time.sleep(SLEEP_SECONDS)  # the function's timeout ends this
        if action == "exit":
            _exit_after_first_write()


def _exit_after_first_write() -> None:
    """Kill this process right after its next S3 write is acknowledged (mid-stage)."""
    from uam.aws import s3 as storage

    def killing(write: Any) -> Any:
        def after_write(*args: Any, **kwargs: Any) -> Any:
            write(*args, **kwargs)
            os._exit(KILLED_EXIT_STATUS)

        return after_write

    # Module attributes: the stage's context calls storage.upload / storage.put_bytes. The
    # process dies, so the patch never outlives this one call (the next call gets a new worker).
    storage.upload = killing(storage.upload)  # type: ignore[method-assign]
    storage.put_bytes = killing(storage.put_bytes)  # type: ignore[method-assign]
