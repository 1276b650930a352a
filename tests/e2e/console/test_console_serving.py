"""The console as the API serves it: its policy, its files, nothing else of the package."""

import re

import pytest

from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


def test_the_page_allows_only_its_own_scripts_and_the_storage_endpoint(stack: RunningStack):
    with stack.http() as http:
        assert http.get("/").headers["location"] == "/console"
        page = http.get("/console")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = directives(page.headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no other host
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'", stack.aws_url]  # the API and S3 uploads
    assert stack.aws_url in policy["img-src"]  # charts by presigned link
    assert policy["frame-ancestors"] == ["'none'"]
    # Every script of the page is a file of the console: nothing inline for the policy to allow.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, re.DOTALL)
    assert scripts and all(
        'src="/console/' in attrs and not body.strip() for attrs, body in scripts
    )
    assert "on" not in {m.lower()[:2] for m in re.findall(r"\s(on\w+)=", page.text)}


def test_only_the_console_files_are_served(stack: RunningStack):
    with stack.http() as http:
        script = http.get("/console/app.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        for name in ("../config.py", "..%2Fconfig.py", "policy.py", "static/app.js", "nope.js"):
            refused = http.get(f"/console/{name}")
            assert refused.status_code == 404, name
            assert "console has no file" in refused.json()["detail"] or name.startswith("..")
