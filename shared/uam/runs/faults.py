"""Fault injection for chaos tests: UAM_FAULT_INJECTION="<stage>:raise" or "<stage>:sleep".

Off unless that variable is set (never in a deployed template). It exists so tests can prove,
on the real workflow, that a stage that raises or hangs ends the run FAILED and never leaves
it RUNNING.
"""

import time

from uam.config import get_run_settings
from uam.runs.exceptions import InjectedFault

SLEEP_SECONDS = 3600


def maybe_inject(stage: str) -> None:
    spec = get_run_settings().uam_fault_injection
    if not spec:
        return
    for item in spec.split(","):
        target, _, action = item.strip().partition(":")
        if target != stage:
            continue
        if action == "raise":
            raise InjectedFault(f"fault injected into the {stage} stage")
        if action == "sleep":
            time.sleep(SLEEP_SECONDS)  # the function's timeout ends this
