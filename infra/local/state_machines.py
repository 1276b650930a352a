"""Run Step Functions on moto's ASL interpreter and publish execution status-change events.

moto only interprets state machines when `execute_state_machine` is set in its user config;
Task states then call back into the server at `localhost:$MOTO_PORT` (so Lambda tasks reach
our executor). moto emits no EventBridge event when an execution ends, so a watcher thread
polls ListExecutions and puts the "Step Functions Execution Status Change" event itself.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from datetime import datetime
from typing import Any

from infra.local.resources import client
from infra.local.stack_model import ResolvedStack

log = logging.getLogger("infra.local")
TERMINAL = ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")


def enable_interpreter(port: int) -> dict[str, Any]:
    """Switch moto to executing state machines; returns what `restore_interpreter` needs."""
    from moto.core.config import default_user_config

    previous = {
        "config": dict(default_user_config.get("stepfunctions", {})),
        "MOTO_PORT": os.environ.get("MOTO_PORT"),
    }
    default_user_config["stepfunctions"] = {"execute_state_machine": True}
    os.environ["MOTO_PORT"] = str(port)  # read by moto's Task states to find the server
    _patch_unnamed_executions()
    return previous


def _patch_unnamed_executions() -> None:
    """moto 5.2.5's interpreter builds the ARN of an execution started without `name` as
    `...:execution:<machine>:None`, so every unnamed execution collides. AWS uses a UUID."""
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    original = StepFunctionsParserBackend.start_execution
    if getattr(original, "_uam_local_patched", False):
        return

    def start_execution(
        self: Any, state_machine_arn: str, name: Any = None, *args: Any, **kwargs: Any
    ) -> Any:
        return original(self, state_machine_arn, name or str(uuid.uuid4()), *args, **kwargs)

    start_execution._uam_local_patched = True  # type: ignore[attr-defined]
    StepFunctionsParserBackend.start_execution = start_execution  # type: ignore[method-assign]


def restore_interpreter(previous: dict[str, Any]) -> None:
    from moto.core.config import default_user_config

    default_user_config["stepfunctions"] = previous["config"]  # type: ignore[typeddict-item]
    if previous["MOTO_PORT"] is None:
        os.environ.pop("MOTO_PORT", None)
    else:
        os.environ["MOTO_PORT"] = previous["MOTO_PORT"]


def status_change_event(execution: dict[str, Any]) -> dict[str, Any]:
    """Event shape of EventBridge's Step Functions status change (times as epoch millis)."""

    def millis(value: Any) -> int | None:
        return int(value.timestamp() * 1000) if isinstance(value, datetime) else None

    detail = {
        "executionArn": execution["executionArn"],
        "stateMachineArn": execution["stateMachineArn"],
        "name": execution.get("name") or execution["executionArn"].rsplit(":", 1)[-1],
        "status": execution["status"],
        "startDate": millis(execution.get("startDate")),
        "stopDate": millis(execution.get("stopDate")),
        "input": execution.get("input"),
        "output": execution.get("output"),
        "inputDetails": {"included": True},
        "outputDetails": {"included": True},
        "error": execution.get("error"),
        "cause": execution.get("cause"),
    }
    return {
        "Source": "aws.states",
        "DetailType": "Step Functions Execution Status Change",
        "Resources": [execution["executionArn"]],
        "Detail": json.dumps(detail),
    }


class ExecutionEventEmitter(threading.Thread):
    def __init__(self, stack: ResolvedStack, interval: float = 0.5) -> None:
        super().__init__(daemon=True, name="sfn-status-events")
        self._sfn = client("stepfunctions", stack.endpoint_url, stack.region)
        self._events = client("events", stack.endpoint_url, stack.region)
        self._interval = interval
        self._announced: set[str] = set()
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)

    def run(self) -> None:
        while not self._halt.wait(self._interval):
            try:
                self.poll_once()
            except Exception:
                if not self._halt.is_set():
                    log.exception("execution watcher failed; retrying")

    def poll_once(self) -> None:
        machines = self._sfn.list_state_machines()["stateMachines"]
        for machine in machines:
            pages = self._sfn.get_paginator("list_executions").paginate(
                stateMachineArn=machine["stateMachineArn"]
            )
            for page in pages:
                for summary in page["executions"]:
                    arn = summary["executionArn"]
                    if summary["status"] in TERMINAL and arn not in self._announced:
                        execution = self._sfn.describe_execution(executionArn=arn)
                        self._events.put_events(Entries=[status_change_event(execution)])
                        self._announced.add(arn)
