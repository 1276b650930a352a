"""The emulator's S3 answers CORS from the bucket's own rules, as S3 does: no Origin echoed to
a page the rules do not name (moto's server alone echoes any), and the presigned POST upload
answered with the allowed Origin (moto alone, once its global CORS is off, sends none).

Real HTTP against the stack's own moto server; no mocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.local.resources import client, reset_emulator
from infra.local.s3_persistence import S3Persistence, WriteThroughMotoServer
from tests.integration.local_stack.helpers import free_port

pytestmark = pytest.mark.integration
CONSOLE = "http://localhost:8123"
EVIL = "http://evil.example"
ACAO = "access-control-allow-origin"
UPLOADS, ARTIFACTS, NO_CORS = "cors-uploads", "cors-artifacts", "cors-none"


def preflight(url: str, origin: str, method: str, headers: str | None = None) -> httpx.Response:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return httpx.options(url, headers=asked, timeout=10)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    persistence = S3Persistence(Path(tmp_path_factory.mktemp("s3-cors")), url, "us-east-1")
    persistence.install()
    server = WriteThroughMotoServer(persistence, port)
    server.start()
    try:
        s3 = client("s3", url)
        for bucket in (UPLOADS, ARTIFACTS, NO_CORS):
            s3.create_bucket(Bucket=bucket)
        rule = {"AllowedOrigins": [CONSOLE], "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"]}
        s3.put_bucket_cors(  # as template.yaml's UploadsBucket and ArtifactsBucket
            Bucket=UPLOADS,
            CORSConfiguration={"CORSRules": [{**rule, "AllowedMethods": ["POST", "PUT"]}]},
        )
        s3.put_bucket_cors(
            Bucket=ARTIFACTS,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": [CONSOLE],
                        "AllowedMethods": ["GET", "HEAD"],
                        "ExposeHeaders": ["Content-Disposition", "ETag"],
                        "MaxAgeSeconds": 3000,
                    }
                ]
            },
        )
        for bucket in (ARTIFACTS, NO_CORS):
            s3.put_object(Bucket=bucket, Key="profile.json", Body=b'{"rows": 3}')
        yield url
    finally:
        persistence.close()
        reset_emulator(url)  # moto's backends are process-global
        server.stop()
        persistence.uninstall()


def test_a_preflight_from_an_allowed_origin_gets_the_rule(endpoint: str) -> None:
    allowed = preflight(f"{endpoint}/{UPLOADS}", CONSOLE, "POST", "content-type")
    assert allowed.status_code == 200
    assert allowed.headers[ACAO] == CONSOLE
    assert allowed.headers["access-control-allow-methods"] == "POST, PUT"
    assert allowed.headers["access-control-allow-headers"] == "content-type"
    assert allowed.headers["access-control-expose-headers"] == "ETag"
    assert "Origin" in allowed.headers["vary"]


@pytest.mark.parametrize(
    ("origin", "method", "headers"),
    [
        (EVIL, "POST", None),  # an origin no rule names
        (f"{CONSOLE}.evil.example", "POST", None),  # the whole origin must match, not a prefix
        (CONSOLE, "DELETE", None),  # a method the rule does not allow
    ],
)
def test_a_preflight_no_rule_allows_is_refused(
    endpoint: str, origin: str, method: str, headers: str | None
) -> None:
    refused = preflight(f"{endpoint}/{UPLOADS}", origin, method, headers)
    assert refused.status_code == 403
    assert not any(name.startswith("access-control-") for name in refused.headers)


def test_preflights_need_a_rule_for_every_asked_header_and_a_cors_configuration(
    endpoint: str,
) -> None:
    profile = f"{endpoint}/{ARTIFACTS}/profile.json"
    assert preflight(profile, CONSOLE, "GET").status_code == 200
    assert preflight(profile, CONSOLE, "GET", "x-custom").status_code == 403  # no AllowedHeaders
    assert preflight(f"{endpoint}/{NO_CORS}/profile.json", CONSOLE, "GET").status_code == 403


def upload(endpoint: str, origin: str, key: str) -> httpx.Response:
    s3 = client("s3", endpoint)
    post = s3.generate_presigned_post(Bucket=UPLOADS, Key=key, ExpiresIn=300)
    return httpx.post(
        post["url"],
        data=post["fields"],
        files={"file": ("data.csv", b"a,b\n1,2\n")},
        headers={"Origin": origin},
        timeout=10,
    )


def test_a_presigned_post_upload_answers_the_allowed_origin(endpoint: str) -> None:
    posted = upload(endpoint, CONSOLE, "uploads/console.csv")
    assert posted.status_code in (200, 201, 204), posted.text
    assert posted.headers[ACAO] == CONSOLE  # else the page cannot read that it succeeded
    assert posted.headers["access-control-expose-headers"] == "ETag"
    assert "Origin" in posted.headers["vary"]
    body = client("s3", endpoint).get_object(Bucket=UPLOADS, Key="uploads/console.csv")["Body"]
    assert body.read() == b"a,b\n1,2\n"


def test_a_presigned_post_upload_from_another_origin_gets_no_cors_header(endpoint: str) -> None:
    posted = upload(endpoint, EVIL, "uploads/evil.csv")
    assert ACAO not in posted.headers


def presigned(endpoint: str, method: str, bucket: str, key: str) -> str:
    params = {"Bucket": bucket, "Key": key}
    return client("s3", endpoint).generate_presigned_url(method, Params=params, ExpiresIn=300)


def test_a_get_is_readable_by_the_allowed_origin_only(endpoint: str) -> None:
    link = presigned(endpoint, "get_object", ARTIFACTS, "profile.json")
    fetched = httpx.get(link, headers={"Origin": CONSOLE}, timeout=10)
    assert fetched.status_code == 200 and fetched.json() == {"rows": 3}
    assert fetched.headers[ACAO] == CONSOLE
    assert fetched.headers["access-control-expose-headers"] == "Content-Disposition, ETag"
    assert ACAO not in httpx.get(link, headers={"Origin": EVIL}, timeout=10).headers
    # S3's errors carry the rule's headers too: the console shows their message.
    missing = presigned(endpoint, "get_object", ARTIFACTS, "missing.json")
    answer = httpx.get(missing, headers={"Origin": CONSOLE}, timeout=10)
    assert answer.status_code == 404 and answer.headers[ACAO] == CONSOLE
    # The artifacts rule allows GET and HEAD only: a PUT from the console's origin gets none.
    put = presigned(endpoint, "put_object", ARTIFACTS, "x.json")
    answer = httpx.put(put, content=b"{}", headers={"Origin": CONSOLE}, timeout=10)
    assert answer.status_code == 200 and ACAO not in answer.headers


def test_a_bucket_without_cors_and_requests_without_origin_get_no_cors_header(
    endpoint: str,
) -> None:
    link = presigned(endpoint, "get_object", NO_CORS, "profile.json")
    no_cors = httpx.get(link, headers={"Origin": CONSOLE}, timeout=10)
    assert no_cors.status_code == 200 and ACAO not in no_cors.headers
    link = presigned(endpoint, "get_object", ARTIFACTS, "profile.json")
    assert ACAO not in httpx.get(link, timeout=10).headers
