"""The AWS side of the local stack: moto in server mode, wired only from `template.yaml`.

Start order matters: the executor seam and Step Functions interpreter are switched on before
anything can invoke; buckets get their objects back before notifications are configured, so a
restart does not replay uploads; pollers start last, once queues and functions exist.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from infra.local import event_sources, resources, state_machines
from infra.local.lambda_executor import LambdaExecutor
from infra.local.resolve import resolve_stack
from infra.local.s3_persistence import S3Persistence, WriteThroughMotoServer
from infra.local.stack_model import ResolvedStack

log = logging.getLogger("infra.local")

__all__ = ["LocalAws", "ResolvedStack"]


class LocalAws:
    """One per process: moto's backends and the patched Lambda seam are process-global."""

    _running: LocalAws | None = None

    def __init__(
        self,
        *,
        template_path: Path,
        port: int = 4566,
        data_dir: Path,
        parameters: dict[str, str] | None = None,
        function_env: dict[str, str] | None = None,
        stack_name: str = "uam",
    ) -> None:
        self._template_path = Path(template_path)
        self._port = port
        self._data_dir = Path(data_dir)
        self._parameters = dict(parameters or {})
        self._function_env = dict(function_env or {})
        self._stack_name = stack_name
        self._server: WriteThroughMotoServer | None = None
        self._stack: ResolvedStack | None = None
        self._executor: LambdaExecutor | None = None
        self._persistence: S3Persistence | None = None
        self._pollers: list[event_sources.SqsPoller] = []
        self._emitter: state_machines.ExecutionEventEmitter | None = None
        self._sfn_previous: dict[str, Any] | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def executor(self) -> LambdaExecutor:
        if self._executor is None:
            raise RuntimeError("LocalAws is not started")
        return self._executor

    def resolved(self) -> ResolvedStack:
        if self._stack is None:  # resolving needs no server, so allow it before start()
            self._stack = self._resolve()
        return self._stack

    def _resolve(self) -> ResolvedStack:
        return resolve_stack(
            self._template_path,
            stack_name=self._stack_name,
            endpoint_url=self.endpoint_url,
            parameters=self._parameters,
            function_env=self._function_env,
        )

    def start(self) -> None:
        if LocalAws._running is not None:
            raise RuntimeError("a LocalAws is already running in this process; stop it first")
        LocalAws._running = self
        stack = self._stack = self._resolve()  # re-read: the template may have changed
        self._data_dir.mkdir(parents=True, exist_ok=True)
        self._executor = LambdaExecutor(stack.functions, self.endpoint_url, stack.region)
        self._executor.install()
        self._sfn_previous = state_machines.enable_interpreter(self._port)
        # S3 writes are on disk before moto answers them (write-through), so the server is
        # built around the persistence; its backend hooks go in before the first request.
        self._persistence = S3Persistence(self._data_dir, self.endpoint_url, stack.region)
        self._persistence.install()
        self._server = WriteThroughMotoServer(self._persistence, self._port)
        try:
            self._server.start()
            resources.reset_emulator(self.endpoint_url)
            resources.create_all(stack)
            restored = self._persistence.restore()
            resources.apply_bucket_notifications(stack)
            self._pollers = event_sources.start_pollers(stack, self._executor.invoke)
            self._emitter = state_machines.ExecutionEventEmitter(stack)
            self._emitter.start()
        except BaseException:
            self.stop()
            raise
        log.info(
            "local AWS on %s: %d functions, %d queues, %d buckets (%d objects restored)",
            self.endpoint_url,
            len(stack.functions),
            len(stack.queues),
            len(stack.buckets),
            restored,
        )

    def stop(self) -> None:
        """Idempotent; each step runs even if an earlier one failed."""
        steps = [
            lambda: event_sources.stop_pollers(self._pollers),
            lambda: self._emitter and self._emitter.stop(),
            lambda: self._executor and self._executor.shutdown(),
            lambda: self._executor and self._executor.uninstall(),
            lambda: self._persistence and self._persistence.close(),
            lambda: self._server and resources.reset_emulator(self.endpoint_url),
            lambda: self._server and self._server.stop(),
            lambda: self._persistence and self._persistence.uninstall(),
            lambda: self._sfn_previous and state_machines.restore_interpreter(self._sfn_previous),
        ]
        for step in steps:
            try:
                step()
            except Exception:
                log.exception("error while stopping the local AWS stack")
        self._pollers, self._emitter, self._persistence = [], None, None
        self._server, self._sfn_previous = None, None
        if LocalAws._running is self:
            LocalAws._running = None

    def __enter__(self) -> LocalAws:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
