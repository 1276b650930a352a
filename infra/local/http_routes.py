"""API Gateway's part of the local stack: template routes of other functions become invocations.

In the cloud, API Gateway sends each HttpApi route of template.yaml to the function that owns
it (the most specific route wins) and `/{proxy+}` catches the rest for the API function.
Locally the API function's app is served in-process by uvicorn; this ASGI app sits in front
of it and, when the most specific template route of a request belongs to another function,
builds the payload 2.0 event, invokes that function as Lambda would and turns its reply back
into HTTP, with API Gateway's size limits and error answers.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import re
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from infra.local.event_sources import Invoke
from infra.local.stack_model import ResolvedStack

log = logging.getLogger("infra.local.http")

MAX_REQUEST_BYTES = 10 * 1024 * 1024  # API Gateway's HTTP API payload limit
MAX_INVOKE_BYTES = 6 * 1024 * 1024  # Lambda's limit on a synchronous event and on its reply
_VARIABLE = re.compile(r"\{([^{}/]+?)(\+?)\}")

Reply = tuple[int, list[tuple[bytes, bytes]], bytes]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function_name: str | None  # None: the in-process API app serves it

    @property
    def key(self) -> str:
        """API Gateway's routeKey, e.g. "POST /models/{model_id}/predict"."""
        return f"{self.method} {self.path}"

    def specificity(self) -> tuple[bool, bool, int, bool]:
        """Sort key, most specific first: literal segments beat variables, greedy and ANY last."""
        segments = self.path.strip("/").split("/")
        literals = sum(not _VARIABLE.fullmatch(s) for s in segments)
        return self.path == "$default", "+}" in self.path, -literals, self.method == "ANY"

    @cached_property
    def _pattern(self) -> tuple[re.Pattern[str], list[str]]:
        names, parts = [], []
        for segment in self.path.strip("/").split("/"):
            variable = _VARIABLE.fullmatch(segment)
            if variable is None:
                parts.append(re.escape(segment))
            else:
                names.append(variable[1])
                parts.append("(.+)" if variable[2] else "([^/]+)")
        return re.compile("/" + "/".join(parts)), names

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """The path parameters if this route takes the request, else None."""
        if self.method not in ("ANY", method):
            return None
        if self.path == "$default":
            return {}
        pattern, names = self._pattern
        found = pattern.fullmatch(path)
        return dict(zip(names, found.groups(), strict=True)) if found else None


def routes(stack: ResolvedStack) -> list[Route]:
    """Every template route, most specific first. The function owning a catch-all (the API
    function's `/{proxy+}`) is the app uvicorn serves, so its routes are not invoked."""

    def catch_all(path: str) -> bool:
        return path == "$default" or bool(re.fullmatch(r"/\{[^{}/]+\+\}", path))

    in_process = {r.function_logical_id for r in stack.http_routes if catch_all(r.path)}

    def owner(logical_id: str) -> str | None:
        return None if logical_id in in_process else stack.functions[logical_id].name

    table = [Route(r.method, r.path, owner(r.function_logical_id)) for r in stack.http_routes]
    return sorted(table, key=Route.specificity)


def find(table: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in table:
        params = route.match(method, path)
        if params is not None:
            return route, params
    return None


def build_event(
    scope: Scope,
    body: bytes,
    route: Route,
    path_parameters: dict[str, str],
    *,
    account_id: str,
    request_id: str,
    epoch_ms: int,
) -> dict[str, Any]:
    """The API Gateway HTTP API payload 2.0 event for one request."""
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    cookies = [c.strip() for c in headers.pop("cookie", "").split(";") if c.strip()]
    source_ip = (scope.get("client") or ("127.0.0.1", 0))[0]
    headers["x-forwarded-for"] = ",".join(filter(None, [headers.get("x-forwarded-for"), source_ip]))
    headers["x-forwarded-port"] = str((scope.get("server") or ("", 80))[1])
    headers["x-forwarded-proto"] = scope.get("scheme", "http")
    raw_query = scope.get("query_string", b"").decode("latin-1")
    query: dict[str, str] = {}
    for key, value in parse_qsl(raw_query, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    domain = headers.get("host", "localhost").split(":")[0]
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.key,
        "rawPath": (scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": account_id,
            "apiId": "local",
            "domainName": domain,
            "domainPrefix": domain.split(".")[0],
            "http": {
                "method": scope["method"],
                "path": scope["path"],
                "protocol": f"HTTP/{scope.get('http_version', '1.1')}",
                "sourceIp": source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": route.key,
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms / 1000)),
            "timeEpoch": epoch_ms,
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body:
        text = _as_text(body, headers.get("content-type", ""))
        event["isBase64Encoded"] = text is None
        event["body"] = base64.b64encode(body).decode() if text is None else text
    return event


def _as_text(body: bytes, content_type: str) -> str | None:
    """The body as text when API Gateway passes it as text (text/*, JSON), else None."""
    media = content_type.split(";")[0].strip().lower()
    if not (media.startswith("text/") or media == "application/json" or media.endswith("+json")):
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def to_http(reply: Any) -> Reply:
    """API Gateway's reading of a payload 2.0 reply; ValueError/TypeError if malformed."""
    if not (isinstance(reply, dict) and "statusCode" in reply):
        # Without a statusCode, API Gateway answers 200 with the reply itself as JSON.
        body = reply if isinstance(reply, str) else json.dumps(reply)
        return 200, [(b"content-type", b"application/json")], body.encode()
    status = reply["statusCode"]
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError(f"statusCode {status!r} is not an HTTP status")
    headers = [
        (name.lower().encode("latin-1"), str(value).encode("latin-1"))
        for name, value in (reply.get("headers") or {}).items()
        if name.lower() not in ("content-length", "transfer-encoding")
    ]
    headers += [(b"set-cookie", c.encode("latin-1")) for c in reply.get("cookies") or []]
    body = reply.get("body") or ""
    if not isinstance(body, str):
        raise TypeError("body is not a string")
    raw = base64.b64decode(body, validate=True) if reply.get("isBase64Encoded") else body.encode()
    return status, headers, raw


def _message(status: int, message: str) -> Reply:
    body = json.dumps({"message": message}).encode()
    return status, [(b"content-type", b"application/json")], body


class FunctionRoutes:
    """ASGI app: a request whose template route belongs to another function invokes that
    function; everything else (and every non-HTTP scope) goes to `app`."""

    def __init__(self, app: ASGIApp, table: list[Route], invoke: Invoke, *, account_id: str):
        self.app = app
        self.table = table
        self.invoke = invoke
        self.account_id = account_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = (
            find(self.table, scope["method"], scope["path"]) if scope["type"] == "http" else None
        )
        function_name = found[0].function_name if found else None
        if found is None or function_name is None:
            await self.app(scope, receive, send)
            return
        route, params = found
        request_id = base64.b64encode(os.urandom(11)).decode()
        try:
            body = await _read_body(Request(scope, receive))
        except ClientDisconnect:
            return
        if body is None:
            status, headers, content = _message(413, "Request Entity Too Large")
        else:
            event = build_event(
                scope,
                body,
                route,
                params,
                account_id=self.account_id,
                request_id=request_id,
                epoch_ms=int(time.time() * 1000),
            )
            status, headers, content = await self._call(function_name, event)
        headers += [
            (b"content-length", str(len(content)).encode()),
            (b"apigw-requestid", request_id.encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _call(self, function_name: str, event: dict[str, Any]) -> Reply:
        if len(json.dumps(event)) > MAX_INVOKE_BYTES:
            return _message(413, "Request Entity Too Large")
        payload, errored = await anyio.to_thread.run_sync(self.invoke, function_name, event)
        if errored:
            log.warning("%s failed: %s", function_name, _error_message(payload))
            return _message(502, "Internal Server Error")
        try:
            if len(payload) > MAX_INVOKE_BYTES:
                raise ValueError(f"reply of {len(payload)} bytes is over Lambda's 6 MB")
            return to_http(json.loads(payload))
        except (ValueError, TypeError, AttributeError, binascii.Error) as exc:
            log.warning("%s returned a malformed response: %s", function_name, exc)
            return _message(502, "Internal Server Error")


async def _read_body(request: Request) -> bytes | None:
    """The request body, or None once it passes API Gateway's limit (not read any further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_REQUEST_BYTES:
            return None
    return bytes(body)


def _error_message(payload: str) -> str:
    try:
        return str(json.loads(payload).get("errorMessage", payload))
    except (ValueError, AttributeError):
        return payload
