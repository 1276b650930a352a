"""A whole user journey over the local stack, then every line the stack logged is searched:
no password, no token, no presigned signature, no Authorization header may be in it.

The stack's output (RunningStack.output) is what an operator reads: the API's request
lines, uvicorn's, the emulated functions' (the predict and question functions among them)
and the emulator's. It is searched from the stack's start, so the session's shared run and
every other e2e test's traffic before this one is in it too.
"""

import re
import time
import uuid

import httpx
import pytest

from tests.e2e.conftest import PENGUINS, FinishedRun, RunningStack
from tests.e2e.test_datasets_over_http import browser_upload, wait_settled
from tests.run_flows import Client

pytestmark = pytest.mark.e2e

# A JWT: base64url header, payload, signature. Ours start with eyJ ({"...).
JWT = re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}")
NEVER = (
    "X-Amz-Signature=",
    "X-Amz-Credential=",
    "Signature=",  # an S3 POST policy's signature field and presigned GETs alike
    "x-amz-signature",
    "Authorization: Bearer",
    "'authorization': 'Bearer",
    '"authorization": "Bearer',
    "Bearer ey",
)


def test_a_whole_journey_leaves_no_secret_in_the_logs(
    stack: RunningStack, penguins_run: FinishedRun
) -> None:
    password = f"log-hygiene {uuid.uuid4().hex}"
    email = f"hygiene-{uuid.uuid4().hex[:8]}@example.com"
    secrets: list[str] = [password]
    with stack.http() as http:
        # Sign up, sign in three ways, rotate the refresh token; a wrong password too.
        registered = http.post(
            "/auth/register", json={"name": "Hy Giene", "email": email, "password": password}
        )
        assert registered.status_code == 201, registered.text
        secrets += [registered.json()["access_token"], registered.json()["refresh_token"]]
        assert (
            http.post("/auth/login", json={"email": email, "password": "wrong"}).status_code == 401
        )
        login = http.post("/auth/login", json={"email": email, "password": password})
        assert login.status_code == 200
        secrets += [login.json()["access_token"], login.json()["refresh_token"]]
        form = http.post("/auth/token", data={"username": email, "password": password})
        assert form.status_code == 200
        secrets.append(form.json()["access_token"])
        refreshed = http.post(
            "/auth/refresh", json={"refresh_token": login.json()["refresh_token"]}
        )
        assert refreshed.status_code == 200
        secrets += [refreshed.json()["access_token"], refreshed.json()["refresh_token"]]
        headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
        assert http.get("/auth/me", headers=headers).status_code == 200
        assert (
            http.get("/auth/me", headers={"Authorization": "Bearer eyJbad.eyJbad.x"}).status_code
            == 401
        )

        # A presigned browser upload, then the dataset's pages.
        project = http.post("/projects", json={"name": "Hygiene"}, headers=headers)
        assert project.status_code == 201, project.text
        project = project.json()
        presigned = http.post(
            "/datasets/presign",
            json={"project_id": project["id"], "filename": "p.csv", "size": 10},
            headers=headers,
        )
        assert presigned.status_code == 201, presigned.text
        presigned = presigned.json()
        secrets += [v for k, v in presigned["upload"]["fields"].items() if "signature" in k.lower()]
        secrets.append(presigned["upload"]["fields"].get("policy", "-" * 40))
        dataset_id = browser_upload(http, headers, project["id"], PENGUINS, "penguins.csv")
        assert wait_settled(http, headers, dataset_id)["status"] == "READY"
        assert http.get("/datasets", headers=headers).status_code == 200
        assert (
            http.get(f"/datasets/{dataset_id}/preview?rows=3", headers=headers).status_code == 200
        )

        # A question (the question function), with its chart's presigned link.
        answer = http.post(
            "/nlq",
            json={"dataset_id": dataset_id, "question": "average body_mass_g by species"},
            headers=headers,
        )
        assert answer.status_code == 200, answer.text
        if answer.json().get("chart"):
            link = answer.json()["chart"]["download_url"]
            secrets.append(_signature(link))
            assert httpx.get(link).status_code == 200

    # The shared run's owner: artifacts (presigned links, one downloaded), a prediction.
    owner: Client = penguins_run.owner
    secrets.append(owner.headers["Authorization"].removeprefix("Bearer "))
    artifacts = owner.http.get(f"/runs/{penguins_run.run_id}/artifacts", headers=owner.headers)
    assert artifacts.status_code == 200
    links = [a["download_url"] for a in artifacts.json()]
    secrets += [_signature(link) for link in links]
    assert httpx.get(links[0]).status_code == 200
    (best, *_) = owner.http.get(
        f"/models?run_id={penguins_run.run_id}", headers=owner.headers
    ).json()
    files = {"file": ("penguins.csv", PENGUINS.read_bytes(), "text/csv")}
    predicted = owner.http.post(f"/models/{best['id']}/predict", files=files, headers=owner.headers)
    assert predicted.status_code == 200, predicted.text
    (report,) = [a for a in artifacts.json() if a["type"] == "report"]
    redirect = owner.http.get(f"/reports/{report['id']}/download", headers=owner.headers)
    assert redirect.status_code == 307, redirect.text
    secrets.append(_signature(redirect.headers["location"]))
    pdf = owner.http.get(f"/reports/{report['id']}/download?inline=1", headers=owner.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert pdf.headers["cache-control"] == "no-store"

    time.sleep(1)  # the functions' and the API's last lines reach the pipe
    logged = "".join(stack.output)
    # What is searched: uvicorn's lines and the functions' structured request lines.
    for expected in ('"POST /auth/login HTTP/1.1"', "[uam-PredictFunction]", "[uam-NlqFunction]"):
        assert expected in logged, f"nothing like {expected} in the logs: the search is blind"
    leaked = [s[:12] + "..." for s in secrets if s and s in logged]
    assert not leaked, f"secrets in the logs: {leaked}"
    found = [p for p in NEVER if p.lower() in logged.lower()]
    assert not found, f"in the logs: {found}: " + _context(logged, found[0])
    tokens = JWT.findall(logged)
    assert not tokens, f"a JWT in the logs: {tokens[0][:20]}...: " + _context(logged, tokens[0])


def _signature(url: str) -> str:
    found = re.search(r"X-Amz-Signature=([0-9a-f]+)", url)
    assert found, url
    return found[1]


def _context(text: str, needle: str) -> str:
    at = text.lower().find(needle.lower())
    return text[max(0, at - 200) : at + 200]
