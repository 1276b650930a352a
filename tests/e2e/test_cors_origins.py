"""The console at /console is served by the API, so its origin is the API's own: the API, the
uploads bucket and the artifacts bucket must each let that origin in, and no other."""

import httpx
import pytest

from tests.e2e.conftest import FinishedRun, RunningStack
from tests.e2e.test_datasets_over_http import PENGUINS, signed_up

pytestmark = pytest.mark.e2e
EVIL = "http://evil.example"
ACAO = "access-control-allow-origin"


def preflight(url: str, origin: str, method: str, headers: str | None = None) -> httpx.Response:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return httpx.options(url, headers=asked, timeout=30)


@pytest.fixture(scope="module")
def presigned_post(stack: RunningStack) -> dict:
    """A real presigned POST, as the console gets it (url and form fields)."""
    with stack.http() as http:
        headers, project_id = signed_up(http)
        body = {
            "project_id": project_id,
            "filename": "penguins.csv",
            "size": PENGUINS.stat().st_size,
        }
        presigned = http.post("/datasets/presign", json=body, headers=headers)
    assert presigned.status_code == 201, presigned.text
    return presigned.json()["upload"]


@pytest.fixture(scope="module")
def profile_url(penguins_run: FinishedRun) -> str:
    """The presigned link the console fetch()es for a run's profile."""
    return next(
        a["download_url"] for a in penguins_run.artifacts if a["filename"] == "profile.json"
    )


def test_the_api_answers_cors_for_the_console_origin_only(stack: RunningStack) -> None:
    console = stack.api_url
    asked = ("POST", "authorization,content-type")
    allowed = preflight(f"{console}/projects", console, *asked)
    assert allowed.status_code == 200 and allowed.headers[ACAO] == console
    refused = preflight(f"{console}/projects", EVIL, *asked)
    assert refused.status_code == 400 and ACAO not in refused.headers
    with stack.http() as http:
        assert http.get("/health", headers={"Origin": console}).headers[ACAO] == console
        assert ACAO not in http.get("/health", headers={"Origin": EVIL}).headers


def test_the_uploads_bucket_takes_the_consoles_post_only(
    stack: RunningStack, presigned_post: dict
) -> None:
    console = stack.api_url
    allowed = preflight(presigned_post["url"], console, "POST")
    assert allowed.status_code == 200 and allowed.headers[ACAO] == console
    # S3 refuses a preflight from an origin no rule names with a 403: the browser stops there.
    assert preflight(presigned_post["url"], EVIL, "POST").status_code == 403
    with PENGUINS.open("rb") as fh:
        posted = httpx.post(
            presigned_post["url"],
            data=presigned_post["fields"],
            files={"file": ("penguins.csv", fh)},
            headers={"Origin": console},
            timeout=30,
        )
    assert posted.status_code in (200, 201, 204), posted.text
    assert posted.headers[ACAO] == console  # else the XHR's success is unreadable


def test_the_artifacts_bucket_lets_the_console_read(stack: RunningStack, profile_url: str) -> None:
    console = stack.api_url
    fetched = httpx.get(profile_url, headers={"Origin": console}, timeout=30)
    assert fetched.status_code == 200 and fetched.headers[ACAO] == console
    assert fetched.json()  # the profile itself, not an error document
    allowed = preflight(profile_url, console, "GET")
    assert allowed.status_code == 200 and allowed.headers[ACAO] == console
    assert preflight(profile_url, EVIL, "GET").status_code == 403


def test_s3_gives_another_origin_no_cors_header(presigned_post: dict, profile_url: str) -> None:
    # A simple GET is not preflighted: this header alone decides whether the page may read it.
    assert ACAO not in httpx.get(profile_url, headers={"Origin": EVIL}, timeout=30).headers
    assert ACAO not in preflight(profile_url, EVIL, "GET").headers
    assert ACAO not in preflight(presigned_post["url"], EVIL, "POST").headers
