"""Security headers on every answer of the API: a pure ASGI middleware.

- Every answer: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
  `X-Frame-Options: DENY` (and `frame-ancestors 'none'` in its CSP).
- `Cache-Control: no-store` on the answer to any request that carried an Authorization
  header, and on the auth routes that hand out tokens (they carry none).
- `Content-Security-Policy`: `default-src 'none'; frame-ancestors 'none'` on JSON and
  every other non-HTML answer (a PDF report gets only `frame-ancestors 'none'`, which the
  browsers' built-in PDF viewers live with). The only HTML pages are /docs, /redoc and
  Swagger's OAuth2 redirect page: they load Swagger UI and ReDoc from cdn.jsdelivr.net (and
  ReDoc's fonts from Google Fonts), so their policy names those hosts, and allows each
  inline script of the page by its SHA-256 hash, never 'unsafe-inline' scripts.
- `Strict-Transport-Security` only when the request came over https (API Gateway passes
  x-forwarded-proto: https; Mangum makes it the scope's scheme): never over plain http,
  where browsers ignore it anyway, so the local stack on http://127.0.0.1 is not pinned.

A header the route set itself wins, except Cache-Control on an authenticated answer.
"""

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'"
PDF_CSP = "frame-ancestors 'none'"
HSTS = "max-age=31536000"
# Answers that carry tokens in their body while the request carries no Authorization header.
TOKEN_PATHS = frozenset({"/auth/login", "/auth/register", "/auth/refresh", "/auth/token"})
CDN = "https://cdn.jsdelivr.net"
DOCS_DIRECTIVES = (
    "default-src 'none'",
    "script-src {scripts}",
    # Swagger UI and ReDoc set style attributes, and ReDoc injects <style> elements.
    f"style-src {CDN} https://fonts.googleapis.com 'unsafe-inline'",
    "font-src https://fonts.gstatic.com",
    # FastAPI's favicon, Swagger's inline SVG icons and its spec-validator badge.
    "img-src 'self' data: https://fastapi.tiangolo.com https://validator.swagger.io",
    # Fetching /openapi.json and "Try it out".
    "connect-src 'self'",
    # ReDoc's search runs in a worker made from a blob.
    "worker-src blob:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
_INLINE_SCRIPT = re.compile(rb"<script(\s[^>]*)?>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC_ATTRIBUTE = re.compile(rb"\ssrc\s*=", re.IGNORECASE)


def base_headers() -> dict[str, str]:
    """The headers an answer gets whatever it is (the catch-all error handler uses them:
    its answer is sent outside of every middleware)."""
    return {**BASE_HEADERS, "content-security-policy": STRICT_CSP, "cache-control": "no-store"}


def docs_policy(html: bytes) -> str:
    """The page's CSP: the CDN hosts, and each inline script of this very page by hash."""
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if attributes and _SRC_ATTRIBUTE.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    scripts = " ".join([CDN, *hashes])
    return "; ".join(d.format(scripts=scripts) for d in DOCS_DIRECTIVES)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope.get("headers") or [])
        no_store = b"authorization" in request_headers or scope["path"] in TOKEN_PATHS
        https = scope.get("scheme") == "https" or (
            request_headers.get(b"x-forwarded-proto", b"").split(b",")[0].strip() == b"https"
        )
        held: Message | None = None  # an HTML start, until its body is known
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = _Headers(message.get("headers") or [])
                for name, value in BASE_HEADERS.items():
                    headers.set_default(name, value)
                if no_store:
                    headers.set("cache-control", "no-store")
                if https:
                    headers.set_default("strict-transport-security", HSTS)
                kind = headers.get("content-type").split(";")[0].strip().lower()
                message = {**message, "headers": headers.raw}
                if kind == "text/html":
                    held = message
                    return
                headers.set_default(
                    "content-security-policy", PDF_CSP if kind == "application/pdf" else STRICT_CSP
                )
                await send(message)
                return
            if held is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                headers = _Headers(held["headers"])
                headers.set_default("content-security-policy", docs_policy(body))
                await send({**held, "headers": headers.raw})
                held = None
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Headers:
    """The raw (name, value) list of an ASGI message, lowercased names."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.raw = list(raw)

    def get(self, name: str) -> str:
        key = name.encode()
        for k, v in self.raw:
            if k.lower() == key:
                return v.decode("latin-1")
        return ""

    def set_default(self, name: str, value: str) -> None:
        key = name.encode()
        if not any(k.lower() == key for k, _ in self.raw):
            self.raw.append((key, value.encode("latin-1")))

    def set(self, name: str, value: str) -> None:
        key = name.encode()
        self.raw = [(k, v) for k, v in self.raw if k.lower() != key]
        self.raw.append((key, value.encode("latin-1")))
