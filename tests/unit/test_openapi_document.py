"""docs/openapi.json and the Postman collection are what the app produces today."""

import json

import pytest

from infra import openapi as export
from infra import postman_runner

pytestmark = pytest.mark.unit

STALE = "is stale: run `python -m infra.openapi` and commit docs/"
ERROR_CODES = {"401", "403", "404", "409", "413", "415", "422", "429"}


@pytest.fixture(scope="module")
def schema() -> dict:
    return export.app_schema()


def operations(schema: dict) -> dict[tuple[str, str], dict]:
    return {
        (method.upper(), path): op
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }


def test_the_committed_openapi_document_is_the_apps(schema: dict) -> None:
    committed = json.loads(export.OPENAPI_PATH.read_text())
    assert committed == schema, f"docs/openapi.json {STALE}"
    assert export.OPENAPI_PATH.read_text() == export.dumps(schema), f"docs/openapi.json {STALE}"


def test_the_committed_postman_collection_is_generated_from_it(schema: dict) -> None:
    text = export.COLLECTION_PATH.read_text()
    assert text == export.dumps(export.collection(schema)), (
        f"docs/uam.postman_collection.json {STALE}"
    )


def test_the_document_lists_every_route(schema: dict) -> None:
    ops = operations(schema)
    assert len(schema["paths"]) >= 25 and len(ops) >= 30, sorted(ops)
    for needed in [
        ("POST", "/models/{model_id}/predict"),
        ("POST", "/nlq"),
        ("POST", "/reports/generate"),
        ("GET", "/admin/users"),
        ("POST", "/runs/start"),
        ("POST", "/datasets/presign"),
    ]:
        assert needed in ops


def test_every_route_documents_the_errors_it_can_answer(schema: dict) -> None:
    ops = operations(schema)
    for (method, path), op in ops.items():
        responses = op["responses"]
        secured = (path != "/health" and not path.startswith("/auth/")) or path == "/auth/me"
        if secured:
            assert "401" in responses, (method, path)  # derived from the CurrentUser dependency
        if "{" in path:
            assert "404" in responses, (method, path)  # derived from the path id
        if path.startswith("/admin/"):
            assert "not an admin" in responses["403"]["description"], (method, path)
        for code in set(responses) & ERROR_CODES:
            body = responses[code]["content"]["application/json"]["schema"]
            refs = [body.get("$ref")] + [x["$ref"] for x in body.get("anyOf", [])]
            assert "#/components/schemas/Error" in refs or code == "422", (method, path, code)
            assert responses[code]["description"], (method, path, code)
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    # The domain errors each route raises, with their statuses from STATUS_BY_EXCEPTION.
    assert {"400", "404", "409", "429", "503"} <= set(ops["POST", "/runs/start"]["responses"])
    assert "Retry-After" in ops["POST", "/runs/start"]["responses"]["429"]["headers"]
    predict = ops["POST", "/models/{model_id}/predict"]["responses"]
    assert {"401", "404", "409", "413", "415", "422"} <= set(predict)
    assert "disabled" in predict["401"]["description"]
    assert {"413", "415", "422"} <= set(ops["POST", "/datasets/upload"]["responses"])
    assert "409" in ops["POST", "/auth/register"]["responses"]
    assert "503" in ops["GET", "/health"]["responses"]
    covered = {code for op in ops.values() for code in op["responses"]}
    assert covered >= ERROR_CODES


def test_the_collection_stores_the_token_and_covers_every_operation(schema: dict) -> None:
    collection = json.loads(export.COLLECTION_PATH.read_text())
    assert collection["info"]["schema"].endswith("/v2.1.0/collection.json")
    assert "baseUrl" in {v["key"] for v in collection["variable"]}
    register = collection["item"][1]
    assert register["request"]["url"]["raw"] == "{{baseUrl}}/auth/register"
    script = register["event"][0]["script"]["exec"]
    assert 'pm.collectionVariables.set("accessToken", body.access_token);' in script
    assert collection["auth"]["bearer"][0]["value"] == "{{accessToken}}"
    sent = {
        (item["request"]["method"], "/" + "/".join(item["request"]["url"]["path"]))
        for item in collection["item"]
    }
    for method, path in operations(schema):
        assert any(m == method and _same_shape(p, path) for m, p in sent), (
            f"{method} {path} has no request in the collection"
        )
    names = [item["name"] for item in collection["item"]]
    assert "Admin stats as a normal user (403)" in names


def _same_shape(sent: str, template: str) -> bool:
    a, b = sent.split("/"), template.split("/")
    return len(a) == len(b) and all(
        x == y or (x.startswith("{{") and y.startswith("{")) for x, y in zip(a, b, strict=True)
    )


def test_the_runner_evaluates_the_scripts_the_generator_writes() -> None:
    import httpx

    response = httpx.Response(201, json={"access_token": "abc", "user": {"email": "a@example.com"}})
    variables: dict[str, str] = {}
    lines = export._tests(
        201, {"store": {"accessToken": "access_token"}, "store_more": {"email": "user.email"}}
    )
    assert postman_runner.run_tests(lines, response, variables) == []
    assert variables == {"accessToken": "abc", "email": "a@example.com"}
    failures = postman_runner.run_tests(export._tests(200, {}), response, variables)
    assert failures and "expected status 200, got 201" in failures[0]
    with pytest.raises(postman_runner.UnsupportedScript):
        postman_runner.run_tests(["pm.expect(1).to.eql(1);"], response, variables)
    assert postman_runner.substitute("{{baseUrl}}/x", {"baseUrl": "http://h"}) == "http://h/x"
    assert len(postman_runner.substitute("{{$guid}}", {})) == 36
