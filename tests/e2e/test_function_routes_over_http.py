"""Routes template.yaml gives to functions other than the API function, over the running stack."""

import uuid

import pytest

from tests.e2e.conftest import RunningStack
from tests.run_flows import sign_up

pytestmark = pytest.mark.e2e


def test_predict_is_answered_by_the_predict_function_through_its_template_route(
    stack: RunningStack,
) -> None:
    path = f"/models/{uuid.uuid4()}/predict"
    with stack.http() as http:
        anonymous = http.post(path, json={"rows": [{"x": 1}]})
        assert anonymous.status_code == 401, (anonymous.text, "".join(stack.output[-30:]))
        assert anonymous.json()["detail"]
        # The local API Gateway hop stamps its request id: the function answered, not the API app.
        assert anonymous.headers["apigw-requestid"]

        owner = sign_up(http)
        bad_json = http.post(
            path,
            content=b'{"rows": [',
            headers={**owner.headers, "Content-Type": "application/json"},
        )
        assert bad_json.status_code in (404, 422), bad_json.text
        assert bad_json.json()["detail"]
        assert bad_json.headers["apigw-requestid"]

        # Another method on the same path is not the template route: the API app answers.
        other_method = http.get(path, headers=owner.headers)
        assert other_method.status_code in (404, 405)
        assert "apigw-requestid" not in other_method.headers
