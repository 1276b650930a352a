"""POST /nlq in process: a READY dataset of the caller's, the answer's limits, the refusals."""

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, register
from tests.integration.datasets.conftest import (  # noqa: F401  (fixtures)
    ARTIFACTS_BUCKET,
    artifacts_bucket,
    owner,
    presign,
    project,
    reset_settings,
    uploaded,
)
from tests.integration.runs.conftest import PENGUINS

pytestmark = pytest.mark.integration


@pytest.fixture
def penguins(client: TestClient, owner: Account, project: dict) -> str:  # noqa: F811
    return uploaded(client, owner, project["id"], "penguins.csv", PENGUINS.read_bytes())[
        "dataset_id"
    ]


def ask(client: TestClient, account: Account, dataset_id: str, question: str):
    body = {"dataset_id": dataset_id, "question": question}
    return client.post("/nlq", json=body, headers=account.headers)


def test_a_grouped_answer_comes_with_its_chart_stored_for_a_day(
    client: TestClient,
    owner: Account,  # noqa: F811
    penguins: str,
) -> None:
    response = ask(client, owner, penguins, "how many penguins by island")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["answer"]["rows"] == [["Biscoe", 168], ["Dream", 124], ["Torgersen", 52]]
    assert body["chart"]["kind"] == "bar" and body["chart"]["filename"].endswith(".png")
    s3 = boto3.client("s3", region_name="us-east-1")
    listed = s3.list_objects_v2(Bucket=ARTIFACTS_BUCKET, Prefix="answers/")["Contents"]
    (chart,) = [o for o in listed if o["Key"].endswith(body["chart"]["filename"])]
    png = s3.get_object(Bucket=ARTIFACTS_BUCKET, Key=chart["Key"])
    assert png["ContentType"] == "image/png" and png["Body"].read()[:4] == b"\x89PNG"
    one_number = ask(client, owner, penguins, "how many rows").json()
    assert one_number["answer"]["rows"] == [[344]] and one_number["chart"] is None


def test_refusals_name_the_problem(
    client: TestClient,
    owner: Account,  # noqa: F811
    project: dict,  # noqa: F811
    penguins: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ask(client, owner, penguins, "x" * 1001).status_code == 422
    assert ask(client, owner, penguins, "").status_code == 422
    stranger = register(client)
    assert ask(client, stranger, penguins, "how many rows").status_code == 404
    waiting = presign(client, owner, project["id"], "later.csv", 100).json()["dataset_id"]
    response = ask(client, owner, waiting, "how many rows")
    assert response.status_code == 409 and "not READY" in response.json()["detail"]
    rows = "\n".join(f"{i % 50_000},{i}" for i in range(200_000))
    big = uploaded(client, owner, project["id"], "big.csv", f"k,v\n{rows}\n".encode())
    monkeypatch.setenv("NLQ_TIMEOUT_S", "0.001")
    reset_settings()
    response = ask(client, owner, big["dataset_id"], "median v by k")
    assert response.status_code == 400
    assert "took longer than" in response.json()["detail"], response.json()
