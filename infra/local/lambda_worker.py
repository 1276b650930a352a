"""Bootstrap of one warm local Lambda worker process (the runtime side of lambda_executor).

Started as `python -P lambda_worker.py <request_fd> <response_fd>` with the function's own
environment, whose PYTHONPATH lists the code dir and layer dirs as Lambda's /var/task and
/opt/python would. Requests and responses are JSON lines on dedicated pipes so the handler's
own prints on stdout/stderr never corrupt the protocol. Stdlib only: it runs before the
function's imports and must not depend on this repository being importable.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any


class LambdaContext:
    """The attributes and method of Lambda's Python context object that handlers use."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.aws_request_id: str = data["aws_request_id"]
        self.function_name: str = data["function_name"]
        self.function_version: str = data["function_version"]
        self.invoked_function_arn: str = data["invoked_function_arn"]
        self.memory_limit_in_mb: int = int(data["memory_limit_in_mb"])
        self.log_group_name: str = data["log_group_name"]
        self.log_stream_name: str = data["log_stream_name"]
        self.identity = None
        self.client_context = None
        self._deadline_ms: int = int(data["deadline_ms"])

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def error_payload(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    return {
        "errorMessage": str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        "stackTrace": traceback.format_list(traceback.extract_tb(exc.__traceback__)),
    }


def load_handler() -> tuple[Callable[..., Any] | None, dict[str, Any] | None]:
    module_name, _, func_name = os.environ["_HANDLER"].rpartition(".")
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except Exception as exc:  # Lambda reports init failures on every invoke, so keep them
        return None, error_payload(exc, "Runtime.ImportModuleError")
    handler = getattr(module, func_name, None)
    if handler is None:
        msg = f"Handler '{func_name}' missing on module '{module_name}'"
        return None, {"errorMessage": msg, "errorType": "Runtime.HandlerNotFound"}
    return handler, None


def serve(request_fd: int, response_fd: int) -> None:
    handler, init_error = load_handler()
    requests = os.fdopen(request_fd, "r", encoding="utf-8")
    responses = os.fdopen(response_fd, "w", encoding="utf-8")
    for line in requests:
        request = json.loads(line)
        context = LambdaContext(request["context"])
        if handler is None:
            reply: dict[str, Any] = {"ok": False, "payload": init_error}
        else:
            try:
                result = handler(request["event"], context)
                reply = {"ok": True, "payload": json.dumps(result)}
            except Exception as exc:
                traceback.print_exc()
                reply = {"ok": False, "payload": error_payload(exc)}
        if not reply["ok"]:
            reply["payload"]["requestId"] = context.aws_request_id
            reply["payload"] = json.dumps(reply["payload"])
        sys.stdout.flush()
        sys.stderr.flush()
        responses.write(json.dumps(reply) + "\n")
        responses.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
