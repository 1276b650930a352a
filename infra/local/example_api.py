"""HTTP for the example: every expected failure becomes one sentence a person can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

TIMEOUT_S = 60


class ExampleFailed(Exception):
    """An expected failure: the message is the whole story, no traceback needed."""


class Api:
    """The UAM API at `base_url`, signed in once `sign_in` has run."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=TIMEOUT_S)

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def call(self, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kw: Any) -> Any:
        """The JSON answer, or ExampleFailed naming the request, the status and the detail."""
        response = self.request(method, path, **kw)
        if response.status_code not in ok:
            raise ExampleFailed(
                f"{method} {path} answered {_status(response)}: {_detail(response)}"
            )
        return response.json() if response.content else None

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            return self.http.request(method, path, **kw)
        except httpx.TransportError as exc:
            raise ExampleFailed(
                f"Could not reach the UAM API at {self.base_url} ({_reason(exc)}). "
                "Is the stack running there (`python -m infra.local up`)?"
            ) from exc

    def sign_in(self, name: str, email: str, password: str) -> None:
        """Register the user, or log in when the email is already taken."""
        body = {"name": name, "email": email, "password": password}
        answer = self.request("POST", "/auth/register", json=body)
        if answer.status_code == 409:
            answer = self.request(
                "POST", "/auth/login", json={"email": email, "password": password}
            )
        if answer.status_code not in (200, 201):
            raise ExampleFailed(f"Could not sign {email} in: {_status(answer)}: {_detail(answer)}")
        self.http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"


def upload(url: str, fields: dict[str, str], path: Path) -> None:
    """A presigned POST straight to S3, as a browser sends it."""
    try:
        with path.open("rb") as fh:
            response = httpx.post(url, data=fields, files={"file": fh}, timeout=TIMEOUT_S)
    except httpx.TransportError as exc:
        raise ExampleFailed(f"Could not upload to S3 at {url} ({_reason(exc)}).") from exc
    if response.status_code not in (200, 201, 204):
        raise ExampleFailed(f"S3 refused the upload: {_status(response)}: {_detail(response)}")


def download(url: str, dest: Path) -> Path:
    """Save a presigned download link's object at `dest`."""
    try:
        response = httpx.get(url, timeout=TIMEOUT_S)
    except httpx.TransportError as exc:
        raise ExampleFailed(f"Could not download {dest.name} ({_reason(exc)}).") from exc
    if response.status_code != 200:
        raise ExampleFailed(f"Downloading {dest.name} failed: {_status(response)}.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(response.content)
    return dest


def fetch_json(url: str) -> Any:
    try:
        response = httpx.get(url, timeout=TIMEOUT_S)
    except httpx.TransportError as exc:
        raise ExampleFailed(f"Could not download {url} ({_reason(exc)}).") from exc
    if response.status_code != 200:
        raise ExampleFailed(f"Downloading {url} failed: {_status(response)}.")
    return response.json()


def _status(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".strip()


def _detail(response: httpx.Response) -> str:
    """FastAPI's `detail` (a sentence, or validation errors), API Gateway's `message`, S3's
    XML `Message`, else the start of the body."""
    try:
        body = response.json()
    except ValueError:
        text = response.text
        if "<Message>" in text:
            return text.split("<Message>", 1)[1].split("</Message>", 1)[0]
        return text.strip()[:200] or "(no body)"
    if isinstance(body, dict):
        detail = body.get("detail", body.get("message", body))
        if isinstance(detail, list):  # 422: [{loc: [...], msg}]
            return "; ".join(
                f"{'.'.join(str(p) for p in item.get('loc', []))}: {item.get('msg')}"
                for item in detail
                if isinstance(item, dict)
            )
        return str(detail)
    return str(body)[:200]


def _reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {TIMEOUT_S} s"
    if isinstance(exc, httpx.ConnectError):
        return (
            "connection refused" if "refused" in str(exc).lower() else str(exc) or "cannot connect"
        )
    return str(exc) or type(exc).__name__
