"""Bounds on a request body, before any route reads it: a pure ASGI middleware.

- Size: a declared Content-Length over the route's limit is refused without reading a byte;
  a body streamed without one is counted and refused once it passes the limit. The limit is
  MAX_BODY_BYTES for every route but two: a prediction (MAX_PREDICT_BYTES) and a small
  multipart upload (MAX_MULTIPART_BYTES), each plus a little for the multipart envelope, so
  that the route's own check, with its own advice, answers a body just over its limit.
- Nesting: a JSON body nested deeper than MAX_JSON_DEPTH is refused (422). Python's json
  parser recurses, so a body of 10,000 `[` would otherwise end in a RecursionError.

Either way the answer is the API's error body, a sentence, and the route never runs. The
body read here is handed on to the app unchanged.
"""

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from uam.config import get_api_settings, get_dataset_settings, get_prediction_settings

# Boundaries, part headers and the other form fields around a multipart file.
MULTIPART_ENVELOPE = 64 * 1024
_PREDICT = re.compile(r"/models/[^/]+/predict/?")
_UPLOAD = re.compile(r"/datasets/upload/?")
# Strings (escapes included) first, so that a bracket inside a string is not counted.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class BodyTooLarge(Exception):
    pass


def limit_for(path: str) -> tuple[int, str]:
    """The most this route takes, in bytes, and what to do about a bigger body."""
    if _PREDICT.fullmatch(path):
        return get_prediction_settings().max_predict_bytes, "split the rows over several requests"
    if _UPLOAD.fullmatch(path):
        return (
            get_dataset_settings().max_multipart_bytes,
            "send bigger files through POST /datasets/presign (direct upload)",
        )
    return get_api_settings().max_body_bytes, "no request of this API needs a bigger one"


def json_depth_over(body: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit` (a malformed text
    is left to the parser, which says what is wrong with it)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = _JSON_STRING.sub(b"", body).translate(None, delete=_NOT_BRACKETS)
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


def _is_json(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


class BodyLimits:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers") or []}
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        limit, advice = limit_for(scope["path"])
        allowed = limit + (MULTIPART_ENVELOPE if content_type.startswith("multipart/") else 0)
        too_large = f"the request body is over this route's limit of {limit:,} bytes: {advice}"
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if declared.isdigit() and int(declared) > allowed:
            await _refuse(send, 413, too_large)
            return
        try:
            body = await _read(receive, allowed)
        except BodyTooLarge:
            await _refuse(send, 413, too_large)
            return
        depth = get_api_settings().max_json_depth
        if _is_json(content_type) and json_depth_over(body, depth):
            await _refuse(
                send,
                422,
                f"the JSON body nests arrays and objects more than {depth} levels deep; "
                f"at most {depth} are accepted",
            )
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # from now on only http.disconnect

        await self.app(scope, replay, send)


async def _read(receive: Receive, allowed: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break  # the app sees an empty body, then the disconnect, as it would have
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > allowed:
            raise BodyTooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _refuse(send: Send, status: int, sentence: str) -> None:
    body = json.dumps({"detail": sentence}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
