"""Template routes of functions other than the API function, served locally as API Gateway does."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, File, Request, Response, UploadFile
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from mangum import Mangum

from infra.local.http_routes import (
    MAX_INVOKE_BYTES,
    MAX_REQUEST_BYTES,
    FunctionRoutes,
    Route,
    find,
    routes,
    to_http,
)
from infra.local.lambda_executor import LambdaExecutor
from infra.local.resolve import resolve_stack
from infra.local.stack_model import FunctionSpec, HttpRouteSpec

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[3]
PREDICT = Route("POST", "/models/{model_id}/predict", "uam-PredictFunction")
TABLE = [PREDICT, Route("ANY", "/{proxy+}", None), Route("ANY", "/", None)]


def repo_stack():
    return resolve_stack(
        REPO / "template.yaml",
        stack_name="uam",
        endpoint_url="http://127.0.0.1:4566",
        parameters={"SecretKey": "k" * 40},
    )


# --- the route list comes from template.yaml ------------------------------------------------


def test_the_repo_template_routes_analytics_paths_to_their_functions_the_rest_in_process() -> None:
    stack = repo_stack()
    assert set(stack.http_routes) >= {
        HttpRouteSpec("ApiFunction", "ANY", "/{proxy+}"),
        HttpRouteSpec("ApiFunction", "ANY", "/"),
        HttpRouteSpec("PredictFunction", "POST", "/models/{model_id}/predict"),
        HttpRouteSpec("NlqFunction", "POST", "/nlq"),
    }
    table = routes(stack)
    invoked = {r for r in table if r.function_name is not None}
    assert invoked == {PREDICT, Route("POST", "/nlq", "uam-NlqFunction")}
    assert {r.key for r in table if r.function_name is None} >= {"ANY /{proxy+}", "ANY /"}


def test_sam_defaults_for_http_api_events(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        """
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: app.handler
      Events:
        NoMethod: {Type: HttpApi, Properties: {Path: /a}}
        Lower: {Type: HttpApi, Properties: {Path: /b, Method: get}}
        Bare: {Type: HttpApi}
"""
    )
    stack = resolve_stack(template, stack_name="s", endpoint_url="http://h:1")
    assert sorted(stack.http_routes, key=lambda r: r.path) == [
        HttpRouteSpec("Fn", "ANY", "$default"),
        HttpRouteSpec("Fn", "ANY", "/a"),
        HttpRouteSpec("Fn", "GET", "/b"),
    ]
    # A function owning the catch-all is the in-process app: nothing of it is invoked.
    assert all(r.function_name is None for r in routes(stack))


# --- matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "function", "params"),
    [
        ("POST", "/models/abc/predict", "uam-PredictFunction", {"model_id": "abc"}),
        ("GET", "/models/abc/predict", None, {"proxy": "models/abc/predict"}),
        ("POST", "/models/a/b/predict", None, {"proxy": "models/a/b/predict"}),
        ("POST", "/models/abc/predict/", None, {"proxy": "models/abc/predict/"}),
        ("POST", "/models//predict", None, {"proxy": "models//predict"}),
        ("GET", "/", None, {}),
    ],
)
def test_a_variable_is_one_segment_and_only_the_routed_method_is_invoked(
    method: str, path: str, function: str | None, params: dict[str, str]
) -> None:
    found = find(routes(repo_stack()), method, path)
    assert found is not None
    assert (found[0].function_name, found[1]) == (function, params)


def test_the_most_specific_route_wins_and_greedy_takes_the_rest() -> None:
    table = sorted(
        [
            Route("ANY", "/{proxy+}", None),
            Route("GET", "/files/{key+}", "files"),
            Route("ANY", "/files/{name}", "any-file"),
            Route("GET", "/files/{name}", "get-file"),
            Route("GET", "/files/readme", "readme"),
        ],
        key=Route.specificity,
    )
    assert [r.function_name for r in table][-2:] == ["files", None]  # greedy routes last

    def owner(method: str, path: str) -> tuple[str | None, dict[str, str]]:
        found = find(table, method, path)
        assert found is not None
        return found[0].function_name, found[1]

    assert owner("GET", "/files/readme") == ("readme", {})
    assert owner("GET", "/files/x.csv") == ("get-file", {"name": "x.csv"})
    assert owner("DELETE", "/files/x.csv") == ("any-file", {"name": "x.csv"})
    assert owner("GET", "/files/a/b/c") == ("files", {"key": "a/b/c"})
    assert owner("PUT", "/files/a/b") == (None, {"proxy": "files/a/b"})


# --- a real Mangum app behind the route -------------------------------------------------------


def predict_app() -> FastAPI:
    app = FastAPI()

    @app.post("/models/{model_id}/predict", status_code=201)
    async def predict(model_id: str, request: Request, response: Response) -> dict[str, Any]:
        response.set_cookie("seen", "yes")
        response.headers["x-model"] = model_id
        return {
            "model_id": model_id,
            "query": sorted(request.query_params.multi_items()),
            "cookies": dict(request.cookies),
            "json": await request.json(),
            "url": str(request.url),
        }

    @app.post("/models/{model_id}/files")
    async def upload(model_id: str, file: Annotated[UploadFile, File()]) -> Response:
        content = await file.read()
        digest = hashlib.sha256(content).hexdigest()
        # Bytes back, so Mangum base64-encodes the reply as well.
        return Response(content[::-1], media_type="image/png", headers={"x-sha256": digest})

    return app


class Recorder:
    """The invoke seam: runs the function's real Mangum handler on the JSON-serialised event,
    as the local Lambda worker does, and keeps what it was sent."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, function_name: str, event: Any) -> tuple[str, bool]:
        self.calls.append((function_name, event))
        # Lambda calls the handler on its process's main thread, where Mangum finds an event
        # loop; this is a worker thread, so it gets one of its own.
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            reply = self.handler(json.loads(json.dumps(event)), None)
        finally:
            asyncio.set_event_loop(None)
            loop.close()
        return json.dumps(reply), False


def in_process_app() -> FastAPI:
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT"])
    def anything(path: str) -> PlainTextResponse:
        return PlainTextResponse(f"in-process {path}")

    return app


def client_for(invoke: Any, table: list[Route] = TABLE) -> TestClient:
    return TestClient(FunctionRoutes(in_process_app(), table, invoke, account_id="123456789012"))


def test_json_query_path_and_cookies_round_trip_through_mangum() -> None:
    invoke = Recorder(Mangum(predict_app(), lifespan="off"))
    with client_for(invoke) as http:  # `with` runs the lifespan scope through the wrapper
        response = http.post(
            "/models/m-1/predict?x=1&x=2&y=",
            json={"rows": [{"a": 1, "b": "é"}]},
            headers={"Cookie": "session=abc; theme=dark", "X-Twice": "a"},
        )
    assert response.status_code == 201, response.text
    assert response.json() == {
        "model_id": "m-1",
        "query": [["x", "1"], ["x", "2"], ["y", ""]],
        "cookies": {"session": "abc", "theme": "dark"},
        "json": {"rows": [{"a": 1, "b": "é"}]},
        "url": "http://testserver/models/m-1/predict?x=1&x=2&y=",
    }
    assert response.headers["x-model"] == "m-1"
    assert response.cookies["seen"] == "yes"
    assert response.headers["apigw-requestid"]

    [(name, event)] = invoke.calls
    assert name == "uam-PredictFunction"
    assert event["version"] == "2.0"
    assert event["routeKey"] == event["requestContext"]["routeKey"] == PREDICT.key
    assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/models/m-1/predict"
    assert event["rawQueryString"] == "x=1&x=2&y="
    assert event["queryStringParameters"] == {"x": "1,2", "y": ""}
    assert event["pathParameters"] == {"model_id": "m-1"}
    assert event["cookies"] == ["session=abc", "theme=dark"]
    assert "cookie" not in event["headers"] and event["headers"]["x-twice"] == "a"
    assert event["isBase64Encoded"] is False
    assert json.loads(event["body"]) == {"rows": [{"a": 1, "b": "é"}]}
    context = event["requestContext"]
    assert context["stage"] == "$default" and context["apiId"] == "local"
    assert context["http"]["method"] == "POST" and context["http"]["sourceIp"] == "testclient"
    assert context["requestId"] == response.headers["apigw-requestid"]
    assert isinstance(context["timeEpoch"], int) and context["time"].endswith(" +0000")


def test_a_multipart_binary_body_travels_base64_both_ways() -> None:
    table = [Route("POST", "/models/{model_id}/files", "uam-PredictFunction"), *TABLE]
    invoke = Recorder(Mangum(predict_app(), lifespan="off"))
    content = bytes(range(256)) * 40  # not valid UTF-8
    response = client_for(invoke, table).post(
        "/models/m/files", files={"file": ("x.bin", content, "application/octet-stream")}
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-sha256"] == hashlib.sha256(content).hexdigest()
    assert response.content == content[::-1]
    [(_, event)] = invoke.calls
    assert event["isBase64Encoded"] is True
    assert event["headers"]["content-type"].startswith("multipart/form-data; boundary=")


def test_other_methods_and_paths_reach_the_in_process_app() -> None:
    invoke = Recorder(Mangum(predict_app(), lifespan="off"))
    http = client_for(invoke)
    assert http.get("/models/m/predict").text == "in-process models/m/predict"
    assert http.post("/models/m/predict/more", json={}).text == "in-process models/m/predict/more"
    assert invoke.calls == []


# --- API Gateway's reading of the reply and its error answers ------------------------------


def test_a_reply_without_status_code_is_a_json_200() -> None:
    assert to_http({"a": 1}) == (200, [(b"content-type", b"application/json")], b'{"a": 1}')
    assert to_http([1, 2])[2] == b"[1, 2]"
    assert to_http("hi")[0] == 200


def test_a_full_reply_keeps_status_headers_cookies_and_decodes_base64() -> None:
    status, headers, body = to_http(
        {
            "statusCode": 404,
            "headers": {"Content-Type": "text/plain", "Content-Length": "999"},
            "cookies": ["a=1; Path=/", "b=2"],
            "body": "aGk=",
            "isBase64Encoded": True,
        }
    )
    assert status == 404 and body == b"hi"
    assert headers == [
        (b"content-type", b"text/plain"),
        (b"set-cookie", b"a=1; Path=/"),
        (b"set-cookie", b"b=2"),
    ]
    assert to_http({"statusCode": 204}) == (204, [], b"")


@pytest.mark.parametrize(
    "reply",
    [
        {"statusCode": "200"},
        {"statusCode": 99},
        {"statusCode": True},
        {"statusCode": 200, "body": {"not": "a string"}},
        {"statusCode": 200, "body": "***", "isBase64Encoded": True},
    ],
)
def test_malformed_replies_are_a_502(reply: dict[str, Any]) -> None:
    response = client_for(lambda name, event: (json.dumps(reply), False)).post(
        "/models/m/predict", json={}
    )
    assert response.status_code == 502
    assert response.json() == {"message": "Internal Server Error"}


def test_a_function_error_is_a_502_and_its_message_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = {"errorMessage": "No module named 'functions.predict'", "errorType": "ImportError"}
    with caplog.at_level(logging.WARNING, logger="infra.local.http"):
        response = client_for(lambda name, event: (json.dumps(error), True)).post(
            "/models/m/predict", json={}
        )
    assert response.status_code == 502
    assert response.json() == {"message": "Internal Server Error"}
    assert "No module named 'functions.predict'" in caplog.text


def test_a_reply_over_lambdas_6_mb_is_a_502() -> None:
    big = json.dumps({"statusCode": 200, "body": "x" * MAX_INVOKE_BYTES})
    response = client_for(lambda name, event: (big, False)).post("/models/m/predict", json={})
    assert response.status_code == 502


@pytest.mark.parametrize(
    ("size", "content_type"),
    [
        (MAX_REQUEST_BYTES + 1, "text/csv"),  # API Gateway's 10 MB
        (MAX_INVOKE_BYTES, "text/csv"),  # under 10 MB, but the event is over Lambda's 6 MB
        (MAX_INVOKE_BYTES * 3 // 4 + 1024, "application/octet-stream"),  # base64 grows it
    ],
)
def test_too_large_is_a_413_without_invoking(size: int, content_type: str) -> None:
    invoke = Recorder(Mangum(predict_app(), lifespan="off"))
    response = client_for(invoke).post(
        "/models/m/predict", content=b"a" * size, headers={"content-type": content_type}
    )
    assert response.status_code == 413
    assert response.json() == {"message": "Request Entity Too Large"}
    assert invoke.calls == []


# --- through the real local Lambda executor ------------------------------------------------

ECHO_APP = """
from fastapi import FastAPI
from mangum import Mangum

app = FastAPI()


@app.post("/things/{thing_id}")
def thing(thing_id: str, q: str = "") -> dict:
    return {"thing_id": thing_id, "q": q}


handler = Mangum(app, lifespan="off")
"""

SLOW_APP = """
import time


def handler(event, context):
    time.sleep(30)
"""


def spec(code_dir: Path, name: str, timeout: int) -> FunctionSpec:
    return FunctionSpec(
        logical_id=name,
        name=name,
        arn=f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
        code_dir=code_dir,
        handler="app.handler",
        runtime="python3.11",
        timeout=timeout,
        memory_size=128,
        environment={},
        layer_arns=[],
        layer_dirs=[],
    )


def test_through_the_local_lambda_executor_and_its_timeout(tmp_path: Path) -> None:
    for name, code in (("echo", ECHO_APP), ("slow", SLOW_APP)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "app.py").write_text(code)
    functions = {
        n: spec(tmp_path / n, n, timeout=1 if n == "slow" else 20) for n in ("echo", "slow")
    }
    executor = LambdaExecutor(functions, "http://127.0.0.1:1", "us-east-1")
    table = [Route("POST", "/things/{thing_id}", "echo"), Route("GET", "/slow", "slow")]
    try:
        http = client_for(executor.invoke, table)
        response = http.post("/things/t-1?q=yes", json={})
        assert response.status_code == 200, response.text
        assert response.json() == {"thing_id": "t-1", "q": "yes"}
        assert http.get("/slow").status_code == 502  # Lambda's timeout, as API Gateway says it
    finally:
        executor.shutdown()
