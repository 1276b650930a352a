"""What a client does to get an analysis, over HTTP: shared by the local-stack and e2e tests."""

import itertools
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TERMINAL = ("SUCCEEDED", "FAILED", "CANCELLED")


@dataclass
class Client:
    http: httpx.Client
    headers: dict[str, str]
    project_id: str


@dataclass
class Followed:
    """A run watched until it ended: its last status and every progress value seen."""

    status: dict
    progress_seen: list[int] = field(default_factory=list)
    tasks_seen: list[str] = field(default_factory=list)


def sign_up(http: httpx.Client) -> Client:
    email = f"analyst-{uuid.uuid4().hex[:8]}@example.com"
    body = {"name": "Analyst", "email": email, "password": "a long enough password"}
    response = http.post("/auth/register", json=body)
    response.raise_for_status()
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    project = http.post("/projects", json={"name": "Runs"}, headers=headers)
    project.raise_for_status()
    return Client(http, headers, project.json()["id"])


def upload(client: Client, path: Path) -> str:
    """A READY dataset id (multipart upload, ingested before the answer)."""
    with path.open("rb") as fh:
        response = client.http.post(
            "/datasets/upload",
            data={"project_id": client.project_id},
            files={"file": (path.name, fh, "text/csv")},
            headers=client.headers,
        )
    response.raise_for_status()
    assert response.json()["status"] == "READY", response.json()
    return response.json()["dataset_id"]


def start(client: Client, dataset_id: str, **options: object) -> httpx.Response:
    return client.http.post(
        "/runs/start",
        json={"project_id": client.project_id, "dataset_id": dataset_id, "options": options},
        headers=client.headers,
    )


def follow(client: Client, run_id: str, timeout_s: float = 240) -> Followed:
    followed = Followed(status={})
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        response = client.http.get(f"/runs/{run_id}/status", headers=client.headers)
        response.raise_for_status()
        followed.status = response.json()
        followed.progress_seen.append(followed.status["progress"])
        if followed.status["current_task"]:
            followed.tasks_seen.append(followed.status["current_task"])
        if followed.status["status"] in TERMINAL:
            return followed
        time.sleep(0.25)
    raise AssertionError(f"run {run_id} did not end in {timeout_s} s: {followed.status}")


def never_backwards(values: list[int]) -> bool:
    return all(a <= b for a, b in itertools.pairwise(values))
