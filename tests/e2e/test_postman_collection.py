"""The generated Postman collection runs green against a fresh local stack."""

import json

import pytest

from infra import openapi as export
from infra import postman_runner
from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e


def test_the_postman_collection_runs_green(stack: RunningStack) -> None:
    collection = json.loads(export.COLLECTION_PATH.read_text())
    results = postman_runner.run(
        collection, variables={"baseUrl": stack.api_url}, working_dir=export.ROOT
    )
    failed = [f"{r.method} {r.url} ({r.name}): {r.failures}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)
    assert len(results) == len(collection["item"]) >= 30
    # The register step's token was stored and used: /auth/me answered as that user.
    by_name = {r.name: r for r in results}
    assert by_name["Admin stats as a normal user (403)"].status == 403
    assert by_name["Me without a token (401)"].status == 401
