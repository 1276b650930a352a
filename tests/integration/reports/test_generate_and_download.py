"""POST /reports/generate and GET /reports/{id}/download: a finished run's report rendered
again by RenderReportFunction (fed its queue's messages in-process), handed to its owner."""

import hashlib
import io
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlparse

import boto3
import httpx
import pytest
import requests
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import make_url, select

from tests.factories import Account, register
from tests.integration.datasets.conftest import ARTIFACTS_BUCKET, keys, reset_settings
from tests.integration.reports.conftest import deliver, succeed_without_outputs, take_requests
from tests.integration.runs.conftest import start
from tests.links import CONTENT_TYPES, PDF, link_lifetime
from uam.db.engine import dispose_engine, session_scope
from uam.runs import lifecycle
from uam.runs.models import Artifact

pytestmark = pytest.mark.integration


def generate(client: TestClient, account: Account, run_id: str) -> httpx.Response:
    return client.post("/reports/generate", json={"run_id": run_id}, headers=account.headers)


def download(
    client: TestClient, account: Account, report_id: str, **params: object
) -> httpx.Response:
    return client.get(
        f"/reports/{report_id}/download",
        params=params,
        headers=account.headers,
        follow_redirects=False,
    )


def artifacts(client: TestClient, account: Account, run_id: str) -> dict[str, dict]:
    response = client.get(f"/runs/{run_id}/artifacts", headers=account.headers)
    assert response.status_code == 200, response.text
    return {a["id"]: a for a in response.json()}


def report_rows(run_id: str) -> list[Artifact]:
    with session_scope() as session:
        return list(
            session.scalars(
                select(Artifact).where(Artifact.run_id == run_id, Artifact.type == "report")
            )
        )


def report_objects(run_id: str) -> list[str]:
    s3 = boto3.client("s3", region_name="us-east-1")
    return [k.rsplit("/", 1)[-1] for k in keys(s3, ARTIFACTS_BUCKET, "runs/") if "/report/" in k]


@contextmanager
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The database unreachable for a moment: what a transient failure looks like."""
    url = os.environ["DATABASE_URL"]
    missing = make_url(url).set(database="no_such_database")
    monkeypatch.setenv("DATABASE_URL", missing.render_as_string(hide_password=False))
    dispose_engine()
    reset_settings()
    try:
        yield
    finally:
        monkeypatch.setenv("DATABASE_URL", url)
        dispose_engine()
        reset_settings()


def test_a_generated_report_renders_once_and_downloads_as_a_pdf(
    client: TestClient, owner: Account, finished_run: str, report_queue: str
) -> None:
    response = generate(client, owner, finished_run)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "rendering"
    report_id = response.json()["report_id"]

    # Asked for, not written yet: say so, and when to look again.
    for params in ({}, {"inline": 1}):
        waiting = download(client, owner, report_id, **params)
        assert waiting.status_code == 409, waiting.text
        assert "still being rendered" in waiting.json()["detail"]
        assert waiting.headers["Retry-After"] == "5"
    pending = artifacts(client, owner, finished_run)[report_id]
    assert pending["type"] == "report" and pending["size_bytes"] is None
    assert pending["metadata"]["status"] == "rendering"
    assert pending["filename"] == f"penguins-report-{uuid.UUID(report_id).hex[:8]}.pdf"

    bodies = take_requests(report_queue)
    assert len(bodies) == 1 and report_id in bodies[0]
    assert deliver(bodies[0]) == {"batchItemFailures": []}

    redirect = download(client, owner, report_id)
    assert redirect.status_code == 307, redirect.text
    location = redirect.headers["location"]
    assert 240 < link_lifetime(location) <= 300
    fetched = requests.get(location, timeout=30)
    assert fetched.status_code == 200
    assert fetched.headers["Content-Type"] == PDF
    assert fetched.headers["Content-Disposition"] == f'attachment; filename="{pending["filename"]}"'
    pages = len(PdfReader(io.BytesIO(fetched.content)).pages)
    assert pages >= 3

    inline = download(client, owner, report_id, inline=1)
    assert inline.status_code == 200
    assert inline.headers["content-type"] == PDF
    assert inline.headers["content-disposition"] == f'inline; filename="{pending["filename"]}"'
    assert inline.content == fetched.content

    ready = artifacts(client, owner, finished_run)[report_id]
    assert ready["size_bytes"] == len(fetched.content)
    metadata = ready["metadata"]
    assert metadata["status"] == "ready" and metadata["pages"] == pages
    assert metadata["sha256"] == hashlib.sha256(fetched.content).hexdigest()
    assert metadata["best_model"] == "logistic_regression"
    assert metadata["metric"] == "balanced_accuracy" and metadata["holdout_score"] > 0.5
    assert metadata["requested_at"] == pending["metadata"]["requested_at"]
    assert metadata["rendered_at"] > metadata["requested_at"]

    # SQS delivers at least once: the same request again changes nothing.
    assert deliver(bodies[0]) == {"batchItemFailures": []}
    again = artifacts(client, owner, finished_run)[report_id]
    # Links are signed afresh per listing (SigV4 stamps the second): compare everything else.
    assert again | {"download_url": None} == ready | {"download_url": None}
    assert len(report_rows(finished_run)) == 2  # the run's own report and this one
    assert sorted(report_objects(finished_run)) == sorted(["report.pdf", f"report-{report_id}.pdf"])


def test_a_runs_artifacts_and_reports_download_for_their_owner_only(
    client: TestClient, owner: Account, finished_run: str
) -> None:
    listed = artifacts(client, owner, finished_run)
    # Every link: the stored bytes, a type a browser can open, saved under its name, briefly.
    s3 = boto3.client("s3", region_name="us-east-1")
    for artifact in listed.values():
        with session_scope() as session:
            key = session.get(Artifact, uuid.UUID(artifact["id"])).storage_key
        expected_type = CONTENT_TYPES[PurePosixPath(artifact["filename"]).suffix]
        url = artifact["download_url"]
        assert parse_qs(urlparse(url).query)["response-content-type"] == [expected_type]
        assert 840 < link_lifetime(url) <= 900
        fetched = requests.get(url, timeout=30)
        assert fetched.status_code == 200, artifact
        assert fetched.headers["Content-Type"] == expected_type
        assert fetched.headers["Content-Disposition"] == (
            f'attachment; filename="{artifact["filename"]}"'
        )
        stored = s3.get_object(Bucket=ARTIFACTS_BUCKET, Key=key)["Body"].read()
        assert fetched.content == stored and len(stored) == artifact["size_bytes"]
    assert {a["type"] for a in listed.values()} >= {"chart", "model", "report", "manifest"}

    own = next(a for a in listed.values() if a["type"] == "report")
    assert own["filename"] == "report.pdf"
    # The report stage's own PDF is a report as well: its artifact id downloads.
    redirect = download(client, owner, own["id"])
    assert redirect.status_code == 307, redirect.text
    fetched = requests.get(redirect.headers["location"], timeout=30)
    assert fetched.status_code == 200 and fetched.headers["Content-Type"] == PDF
    assert hashlib.sha256(fetched.content).hexdigest() == own["metadata"]["sha256"]
    inline = download(client, owner, own["id"], inline=1)
    assert inline.status_code == 200 and inline.content == fetched.content
    assert len(PdfReader(io.BytesIO(inline.content)).pages) == own["metadata"]["pages"]

    generated = generate(client, owner, finished_run).json()["report_id"]
    stranger = register(client)
    refused = generate(client, stranger, finished_run)
    assert refused.status_code == 404 and refused.json() == {"detail": "run not found"}
    for report_id in (own["id"], generated):
        for params in ({}, {"inline": 1}):
            response = download(client, stranger, report_id, **params)
            assert response.status_code == 404
            assert response.json() == {"detail": "report not found"}
    assert (
        client.get(f"/runs/{finished_run}/artifacts", headers=stranger.headers).status_code == 404
    )

    # Another artifact of the run, or an id that is nobody's, is no report either.
    chart = next(a for a in listed.values() if a["type"] == "chart")
    for report_id in (chart["id"], str(uuid.uuid4())):
        response = download(client, owner, report_id)
        assert response.status_code == 404 and response.json() == {"detail": "report not found"}
    assert len(report_rows(finished_run)) == 2


def test_a_run_that_did_not_succeed_has_no_report_to_generate(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    report_queue: str,
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    response = generate(client, owner, run_id)
    assert response.status_code == 409
    assert response.json() == {"detail": "run is PENDING: its report is written when it finishes"}
    with session_scope() as session:
        lifecycle.advance(uuid.UUID(run_id), task="eda", progress=30, session=session)
    assert generate(client, owner, run_id).json()["detail"].startswith("run is RUNNING: its report")
    with session_scope() as session:
        lifecycle.fail(uuid.UUID(run_id), error="eda failed", session=session)
    response = generate(client, owner, run_id)
    assert response.status_code == 409
    assert "run is FAILED" in response.json()["detail"]
    missing = generate(client, owner, str(uuid.uuid4()))
    assert missing.status_code == 404 and missing.json() == {"detail": "run not found"}
    assert report_rows(run_id) == [] and take_requests(report_queue) == []


def test_a_render_that_cannot_work_fails_once_and_says_how_to_recover(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    report_queue: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    succeed_without_outputs(run_id)  # SUCCEEDED, but its profile and charts are not stored
    report_id = generate(client, owner, run_id).json()["report_id"]
    [body] = take_requests(report_queue)

    # A transient failure (the database is unreachable) fails the invocation: SQS retries...
    with database_down(monkeypatch), pytest.raises(BatchProcessingError, match="no_such_database"):
        deliver(body)
    assert download(client, owner, report_id).status_code == 409  # still rendering

    # ...a permanent one is recorded once, not retried, and the download says what to do.
    assert deliver(body) == {"batchItemFailures": []}
    for params in ({}, {"inline": 1}):
        failed = download(client, owner, report_id, **params)
        assert failed.status_code == 409 and "Retry-After" not in failed.headers
        detail = failed.json()["detail"]
        assert "could not be rendered: profile.json is missing" in detail
        assert "POST /reports/generate" in detail
    assert deliver(body) == {"batchItemFailures": []}  # a late duplicate changes nothing
    [row] = report_rows(run_id)
    assert row.metadata_json["status"] == "failed" and row.size_bytes is None
    assert report_objects(run_id) == []


def test_a_request_the_queue_refuses_is_a_503_and_not_left_rendering(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    succeed_without_outputs(run_id)
    gone = "https://sqs.us-east-1.amazonaws.com/123456789012/uam-no-such-queue"
    monkeypatch.setenv("REPORT_REQUESTS_QUEUE_URL", gone)
    reset_settings()
    response = generate(client, owner, run_id)
    assert response.status_code == 503
    assert "try POST /reports/generate again" in response.json()["detail"]
    [row] = report_rows(run_id)
    failed = download(client, owner, str(row.id))
    assert failed.status_code == 409
    assert "the request could not be queued" in failed.json()["detail"]
