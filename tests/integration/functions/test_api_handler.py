"""The API Lambda handler, invoked with real API Gateway HTTP API (v2) events."""

import base64
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

EVENTS = Path(__file__).parents[2] / "events"


class LambdaContext:
    function_name = "uam-api"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:uam-api"
    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"


def load_event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


def test_register_then_me_through_mangum(database_url: str, aws: None) -> None:
    from functions.api.app import handler

    register_event = load_event("apigw_http_v2_register.json")
    response = handler(register_event, LambdaContext())
    assert response["statusCode"] == 201
    body = json.loads(
        base64.b64decode(response["body"]) if response["isBase64Encoded"] else response["body"]
    )
    assert body["user"]["email"] == "grace@example.com"

    me_event = load_event("apigw_http_v2_me.json")
    me_event["headers"]["authorization"] = f"Bearer {body['access_token']}"
    me = handler(me_event, LambdaContext())
    assert me["statusCode"] == 200
    assert json.loads(me["body"])["id"] == body["user"]["id"]

    me_event["headers"]["authorization"] = "Bearer forged"
    assert handler(me_event, LambdaContext())["statusCode"] == 401
