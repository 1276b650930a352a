"""Reports and artifact links over the running local stack: POST /reports/generate is
rendered by RenderReportFunction through its queue, and every link a client gets opens
(no token needed) with the stored bytes and a type a browser understands."""

import hashlib
import io
import time
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

import httpx
import pytest
from pypdf import PdfReader

from tests.e2e.conftest import FinishedRun, RunningStack
from tests.links import CONTENT_TYPES, PDF, link_lifetime
from tests.run_flows import Client, sign_up

pytestmark = pytest.mark.e2e
RENDER_TIMEOUT_S = 180


def download(client: Client, report_id: str, **params: object) -> httpx.Response:
    return client.http.get(
        f"/reports/{report_id}/download", params=params, headers=client.headers
    )  # httpx does not follow redirects unless told to


def generate(client: Client, run_id: str) -> httpx.Response:
    return client.http.post("/reports/generate", json={"run_id": run_id}, headers=client.headers)


def artifacts(client: Client, run_id: str) -> httpx.Response:
    return client.http.get(f"/runs/{run_id}/artifacts", headers=client.headers)


@pytest.fixture(scope="module")
def generated(penguins_run: FinishedRun) -> tuple[str, httpx.Response]:
    """A report asked for over HTTP, polled until its download redirects."""
    owner = penguins_run.owner
    response = generate(owner, penguins_run.run_id)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "rendering"
    report_id = response.json()["report_id"]
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while time.monotonic() < deadline:
        answer = download(owner, report_id)
        if answer.status_code == 307:
            return report_id, answer
        assert answer.status_code == 409, answer.text
        assert answer.headers["Retry-After"] == "5"
        time.sleep(0.5)
    raise AssertionError(f"report {report_id} was not rendered in {RENDER_TIMEOUT_S} s")


def test_a_generated_report_is_rendered_through_the_queue_and_downloads(
    penguins_run: FinishedRun, generated: tuple[str, httpx.Response]
) -> None:
    report_id, redirect = generated
    owner = penguins_run.owner
    location = redirect.headers["location"]
    assert 240 < link_lifetime(location) <= 300
    fetched = httpx.get(location, timeout=30)  # a browser following the redirect: no token
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == PDF
    assert fetched.headers["content-disposition"].startswith('attachment; filename="penguins-')
    assert len(PdfReader(io.BytesIO(fetched.content)).pages) >= 3

    inline = download(owner, report_id, inline=1)
    assert inline.status_code == 200
    assert inline.headers["content-type"] == PDF
    assert inline.headers["content-disposition"].startswith('inline; filename="penguins-')
    assert inline.content == fetched.content

    listed = {a["id"]: a for a in artifacts(owner, penguins_run.run_id).json()}
    report = listed[report_id]
    assert report["type"] == "report" and report["size_bytes"] == len(fetched.content)
    assert report["metadata"]["status"] == "ready"
    assert report["metadata"]["sha256"] == hashlib.sha256(fetched.content).hexdigest()
    # The same run rendered again: the same headline as the report the run wrote itself.
    own = next(a for a in penguins_run.artifacts if a["type"] == "report")
    for field in ("pages", "best_model", "metric", "holdout_score", "baseline_score"):
        assert report["metadata"][field] == own["metadata"][field], field


def test_every_artifact_link_opens_with_the_stored_bytes_and_type(
    penguins_run: FinishedRun, stack: RunningStack
) -> None:
    owner = penguins_run.owner
    s3 = stack.aws("s3")
    listed = artifacts(owner, penguins_run.run_id).json()
    assert {a["type"] for a in listed} >= {"chart", "model", "report", "manifest", "eda"}
    checked = 0
    for artifact in listed:
        if artifact["metadata"].get("status") in ("rendering", "failed"):
            continue  # a re-render not written (yet) has no bytes to compare
        url = artifact["download_url"]
        assert 840 < link_lifetime(url) <= 900, url
        bucket, _, key = unquote(urlparse(url).path).lstrip("/").partition("/")
        fetched = httpx.get(url, timeout=30)
        assert fetched.status_code == 200, (artifact["filename"], fetched.text[:300])
        stored = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert fetched.content == stored and len(stored) == artifact["size_bytes"]
        if artifact["metadata"].get("sha256"):
            assert hashlib.sha256(stored).hexdigest() == artifact["metadata"]["sha256"]
        suffix = PurePosixPath(artifact["filename"]).suffix
        assert fetched.headers["content-type"] == CONTENT_TYPES[suffix], artifact["filename"]
        assert fetched.headers["content-disposition"] == (
            f'attachment; filename="{artifact["filename"]}"'
        )
        checked += 1
    assert checked >= len(penguins_run.artifacts)


def test_another_user_reaches_none_of_a_runs_reports_or_artifacts(
    penguins_run: FinishedRun, generated: tuple[str, httpx.Response], stack: RunningStack
) -> None:
    stranger = sign_up(stack.http())
    run_id = penguins_run.run_id
    own_report = next(a["id"] for a in penguins_run.artifacts if a["type"] == "report")
    response = artifacts(stranger, run_id)
    assert response.status_code == 404 and response.json() == {"detail": "run not found"}
    response = generate(stranger, run_id)
    assert response.status_code == 404 and response.json() == {"detail": "run not found"}
    for report_id in (own_report, generated[0]):
        for params in ({}, {"inline": 1}):
            response = download(stranger, report_id, **params)
            assert response.status_code == 404, response.text
            assert response.json() == {"detail": "report not found"}
    # The owner downloads the run's own report (its artifact id) the same way.
    own = download(penguins_run.owner, own_report)
    assert own.status_code == 307
    assert httpx.get(own.headers["location"], timeout=30).content.startswith(b"%PDF")
