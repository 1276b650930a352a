"""One structured log line per request, and the ids in its path on every line it logs.

Installed by `create_app` when a Lambda function passes its Powertools logger, whose handler
already carries API Gateway's request id as the correlation id (`uam.observability.api`).

- A dependency of every route puts the ids of the matched path (run_id, dataset_id, ...) in
  Powertools' thread-safe keys, a contextvar: the sync route's worker thread inherits them,
  and no other request's lines ever see them.
- A middleware times the request and logs it: method, route template, path, status and
  duration, then drops the ids.
"""

import time
from typing import Any

from aws_lambda_powertools import Logger
from fastapi import Depends, FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def install(app: FastAPI, logger: Logger) -> None:
    """Before the routers are included, so that every route gets the dependency."""

    async def path_ids_in_log_keys(request: Request) -> None:
        logger.thread_safe_append_keys(**_ids(request.path_params))

    app.router.dependencies.append(Depends(path_ids_in_log_keys))
    app.add_middleware(RequestLogging, logger=logger)


class RequestLogging:
    def __init__(self, app: ASGIApp, *, logger: Logger) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets if the app raises before answering
        started = time.perf_counter()

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        def line() -> dict[str, Any]:
            return {
                "method": scope["method"],
                # The template the router matched (set on the scope as it routes).
                "route": getattr(scope.get("route"), "path", None),
                "path": scope["path"],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }

        try:
            await self.app(scope, receive, send_and_note_status)
        except Exception:
            self.logger.exception("request failed", **line())
            raise
        else:
            self.logger.info("request", **line())
        finally:
            self.logger.thread_safe_remove_keys(_ids(scope.get("path_params") or {}))


def _ids(path_params: dict[str, Any]) -> dict[str, str]:
    return {name: str(value) for name, value in path_params.items() if name.endswith("_id")}
