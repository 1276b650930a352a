"""Run Lambda functions as local warm worker processes instead of moto's Docker containers.

moto invokes every function through `LambdaFunction._invoke_lambda(event) -> (payload,
errored, logs)`; that single method is replaced, so direct `lambda.invoke`, Step Functions
tasks and EventBridge targets all reach the same workers. One worker per function, spawned on
first call and reused (warm). Calls to one function are serialised, unlike Lambda's scale-out,
which keeps memory low on a laptop. A timeout or crash kills the worker; the next call spawns a
fresh one, like a new Lambda sandbox.
"""

from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Any

from infra.local.stack_model import FunctionSpec

log = logging.getLogger("infra.local.lambda")
_WORKER_SCRIPT = Path(__file__).with_name("lambda_worker.py")
_ACTIVE: LambdaExecutor | None = None


class _Worker:
    def __init__(self, spec: FunctionSpec, env: dict[str, str]) -> None:
        child_req, self._req = os.pipe()
        self._resp, child_resp = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-P", "-u", str(_WORKER_SCRIPT), str(child_req), str(child_resp)],
            env=env,
            cwd=spec.code_dir,
            pass_fds=(child_req, child_resp),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in a terminal must not kill workers mid-call
        )
        os.close(child_req)
        os.close(child_resp)
        self._buffer = b""
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(
                target=_pump, args=(spec.name, stream), daemon=True, name=f"log-{spec.name}"
            ).start()

    def call(self, request: dict[str, Any], timeout: float) -> dict[str, Any] | str:
        """The reply, or "timeout" / "exited" (the caller then kills the worker)."""
        try:
            os.write(self._req, (json.dumps(request) + "\n").encode())
        except OSError:
            return "exited"
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._resp], [], [], remaining)[0]:
                return "timeout"
            chunk = os.read(self._resp, 65536)
            if not chunk:  # EOF: the process died mid-call
                return "exited"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for fd in (self._req, self._resp):
            try:
                os.close(fd)
            except OSError:
                pass


def _pump(name: str, stream: IO[bytes] | None) -> None:
    if stream is None:
        return
    for raw in iter(stream.readline, b""):
        log.info("[%s] %s", name, raw.decode("utf-8", "replace").rstrip())
    stream.close()


class LambdaExecutor:
    def __init__(self, functions: dict[str, FunctionSpec], endpoint_url: str, region: str) -> None:
        self._specs = {spec.name: spec for spec in functions.values()}
        self._endpoint_url = endpoint_url
        self._region = region
        self._workers: dict[str, _Worker] = {}
        self._locks = {name: threading.Lock() for name in self._specs}
        self._closed = False

    def worker_pids(self) -> dict[str, int]:
        return {name: w.proc.pid for name, w in self._workers.items()}

    def environment(self, spec: FunctionSpec) -> dict[str, str]:
        """Lambda's reserved variables, then the template's variables for this function only."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "AWS_REGION": self._region,
            "AWS_DEFAULT_REGION": self._region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_CONFIG_FILE": os.devnull,  # never pick up a developer's real AWS profile
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_ENDPOINT_URL": self._endpoint_url,  # boto3 in the function talks to moto
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
            "AWS_LAMBDA_FUNCTION_NAME": spec.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_size),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{spec.name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": f"local/{spec.name}",
            "LAMBDA_TASK_ROOT": str(spec.code_dir),
            "_HANDLER": spec.handler,
            # No X-Ray daemon here: Tracer would report every boto3 call as a discarded segment.
            "POWERTOOLS_TRACE_DISABLED": "true",
        }
        env.update(spec.environment)
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in spec.python_path)
        return env

    def invoke(self, function_name: str, event: Any) -> tuple[str, bool]:
        """Returns (payload JSON text, errored) exactly as Lambda's Invoke would."""
        spec = self._specs.get(function_name)
        request_id = str(uuid.uuid4())
        if spec is None or self._closed:
            msg = f"No local code for function {function_name} (not in the template?)"
            return json.dumps({"errorMessage": msg, "errorType": "ResourceNotFound"}), True
        with self._locks[function_name]:
            worker = self._workers.get(function_name)
            if worker is None or worker.proc.poll() is not None:
                worker = self._workers[function_name] = _Worker(spec, self.environment(spec))
            context = {
                "aws_request_id": request_id,
                "function_name": spec.name,
                "function_version": "$LATEST",
                "invoked_function_arn": spec.arn,
                "memory_limit_in_mb": spec.memory_size,
                "log_group_name": f"/aws/lambda/{spec.name}",
                "log_stream_name": f"local/{spec.name}",
                "deadline_ms": int(time.time() * 1000) + spec.timeout * 1000,
            }
            reply = worker.call({"event": event, "context": context}, spec.timeout)
            if isinstance(reply, dict):
                return reply["payload"], not reply["ok"]
            if reply == "exited":
                try:  # give the dying process a moment so its exit status is known
                    worker.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
            worker.kill()
            self._workers.pop(function_name, None)
        if reply == "timeout":
            message = (
                f"RequestId: {request_id} Error: Task timed out after {spec.timeout:.2f} seconds"
            )
            error = {"errorMessage": message, "errorType": "Sandbox.Timedout"}
        else:
            status = worker.proc.returncode
            message = (
                f"RequestId: {request_id} Error: Runtime exited with error: exit status {status}"
            )
            error = {"errorMessage": message, "errorType": "Runtime.ExitError"}
        log.warning("[%s] %s", spec.name, message)
        return json.dumps(error), True

    def shutdown(self) -> None:
        self._closed = True
        # Kill first, lock after: a call in flight holds its function's lock until the worker
        # answers, which a hung stage would only do at its timeout (up to 15 minutes).
        for worker in list(self._workers.values()):
            if worker.proc.poll() is None:
                worker.proc.kill()
        for name in list(self._workers):
            with self._locks[name]:
                worker = self._workers.pop(name, None)
                if worker is not None:
                    worker.kill()

    def install(self) -> None:
        """Route moto's Lambda invocations to this executor (one executor per process)."""
        global _ACTIVE
        _ACTIVE = self
        _patch_moto()

    def uninstall(self) -> None:
        global _ACTIVE
        if _ACTIVE is self:
            _ACTIVE = None


def _patch_moto() -> None:
    from moto.awslambda.models import LambdaFunction

    if getattr(LambdaFunction, "_uam_local_patched", False):
        return
    original_invoke = LambdaFunction.invoke

    def _invoke_lambda(self: Any, event: Any = None) -> tuple[str, bool, str]:
        if _ACTIVE is None:
            return json.dumps({"errorMessage": "local executor stopped"}), True, ""
        # moto passes the literal string "{}" for an empty payload.
        payload, errored = _ACTIVE.invoke(self.function_name, {} if event == "{}" else event)
        return payload, errored, ""

    def invoke(self: Any, body: str, request_headers: Any, response_headers: Any) -> Any:
        # moto labels every error "Handled"; Lambda's Python runtime says "Unhandled" for
        # exceptions and timeouts, which Step Functions and SDK callers check.
        result = original_invoke(self, body, request_headers, response_headers)
        if response_headers.get("x-amz-function-error") == "Handled":
            response_headers["x-amz-function-error"] = "Unhandled"
        return result

    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]
    LambdaFunction.invoke = invoke  # type: ignore[method-assign]
    LambdaFunction._uam_local_patched = True  # type: ignore[attr-defined]
