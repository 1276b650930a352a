"""POST /models/{id}/predict on a model the real stages trained: the schema is a contract."""

import csv
import io
import pickle
import uuid
from pathlib import Path

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, register
from tests.integration.datasets.conftest import ARTIFACTS_BUCKET, reset_settings
from tests.integration.runs.conftest import PENGUINS, start
from uam.db.engine import session_scope
from uam.models.models import ModelMeta
from uam.runs.stages import eda, preprocess, train

pytestmark = pytest.mark.integration
ROW = {
    "island": "Biscoe", "bill_length_mm": 47.5, "bill_depth_mm": 15.0,
    "flipper_length_mm": 218, "body_mass_g": 4950, "sex": "male", "year": 2008,
}  # fmt: skip


@pytest.fixture
def model(client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str):
    """A logistic regression trained on penguin species by the real stages."""
    run_id = start(
        client, owner, project["id"], penguins["dataset_id"],
        target="species", models=["logistic_regression"], time_budget_s=10,
    ).json()["run_id"]  # fmt: skip
    s3 = boto3.client("s3", region_name="us-east-1")
    plan = preprocess.run(run_id, s3=s3)
    eda.run(run_id, s3=s3)  # training reads what EDA excluded (identifiers, leaks)
    train.run(run_id, plan["candidates"][0], s3=s3)
    (listed,) = client.get(f"/models?run_id={run_id}", headers=owner.headers).json()
    return listed


def predict(client: TestClient, account: Account, model_id: str, content_type: str = "", **kw):
    headers = {**account.headers, **({"Content-Type": content_type} if content_type else {})}
    return client.post(f"/models/{model_id}/predict", headers=headers, **kw)


def stored_csv(client: TestClient, account: Account, run_id: str, artifact_id: str) -> list[dict]:
    artifacts = client.get(f"/runs/{run_id}/artifacts", headers=account.headers).json()
    (found,) = [a for a in artifacts if a["id"] == artifact_id]
    assert found["type"] == "prediction" and found["filename"].endswith(".csv")
    s3 = boto3.client("s3", region_name="us-east-1")
    key = next(
        o["Key"]
        for o in s3.list_objects_v2(Bucket=ARTIFACTS_BUCKET, Prefix="runs/")["Contents"]
        if o["Key"].endswith(f"predictions/{artifact_id}.csv")
    )
    body = s3.get_object(Bucket=ARTIFACTS_BUCKET, Key=key)["Body"].read().decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_json_rows_are_predicted_with_probabilities_flags_and_a_stored_artifact(
    client: TestClient, owner: Account, model: dict
) -> None:
    rows = [
        ROW,
        {**ROW, "island": "Dream", "bill_length_mm": 39.0, "bill_depth_mm": 18.5, "note": "x"},
        {**ROW, "island": "Atlantis", "body_mass_g": 12000, "sex": None},
    ]
    response = predict(client, owner, model["id"], json={"rows": rows})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_id"] == model["id"] and body["task"] == "classification"
    assert body["target"] == "species" and body["classes"] == ["Adelie", "Chinstrap", "Gentoo"]
    assert body["predictions"][0] == "Gentoo" and len(body["predictions"]) == 3
    for probabilities in body["probabilities"]:
        assert set(probabilities) == set(body["classes"])
        assert abs(sum(probabilities.values()) - 1) < 1e-6
    assert body["warnings"] == ["ignored 1 column(s) the model does not use: 'note'"]
    assert [(f["row"], f["column"], f["kind"]) for f in body["flags"]] == [
        (3, "body_mass_g", "out_of_range"),
        (3, "island", "unseen_category"),
    ]
    stored = stored_csv(client, owner, model["run_id"], body["artifact_id"])
    assert [r["predicted_species"] for r in stored] == body["predictions"]
    assert stored[2]["flags"] == "body_mass_g: out_of_range; island: unseen_category"
    assert float(stored[0]["probability_Gentoo"]) == pytest.approx(
        body["probabilities"][0]["Gentoo"]
    )


def test_a_csv_file_is_predicted_row_for_row(
    client: TestClient, owner: Account, model: dict
) -> None:
    data = PENGUINS.read_bytes()  # has the target column and NA cells
    files = {"file": ("penguins.csv", data, "text/csv")}
    response = predict(client, owner, model["id"], files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    truth = [r["species"] for r in csv.DictReader(io.StringIO(data.decode()))]
    assert len(body["predictions"]) == len(truth)
    accuracy = sum(p == t for p, t in zip(body["predictions"], truth, strict=True)) / len(truth)
    assert accuracy > 0.9
    assert (
        "column 'species' is what the model predicts; its values were ignored" in body["warnings"]
    )


def test_rows_that_break_the_schema_or_the_size_bound_are_refused_with_the_reason(
    client: TestClient, owner: Account, model: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_island = {k: v for k, v in ROW.items() if k != "island"}
    response = predict(client, owner, model["id"], json={"rows": [ROW, without_island]})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("row 2 has no column 'island'")
    assert response.json()["errors"][0] == {
        "row": 2,
        "column": "island",
        "message": response.json()["detail"],
    }
    wrong = {**ROW, "flipper_length_mm": "long"}
    response = predict(client, owner, model["id"], json={"rows": [wrong]})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "row 1, column 'flipper_length_mm': expected a number, got 'long'"
    )
    header_without_sex = "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,year\n"
    files = {"file": ("p.csv", header_without_sex + "Biscoe,47,15,218,4950,2008\n", "text/csv")}
    response = predict(client, owner, model["id"], files=files)
    assert response.status_code == 422 and "column 'sex' is missing" in response.json()["detail"]
    files = {"file": ("p.csv", b"island,sex\n\xff\xfe,1\n", "text/csv")}
    response = predict(client, owner, model["id"], files=files)
    assert response.status_code == 422 and "not UTF-8" in response.json()["detail"]
    for body in (b"{not json", b'{"rows": 3}', b"[]"):
        response = predict(client, owner, model["id"], "application/json", content=body)
        assert response.status_code == 422, body
    response = predict(client, owner, model["id"], json={"rows": []})
    assert response.status_code == 422 and "no rows to predict" in response.json()["detail"]
    response = predict(client, owner, model["id"], "text/plain", content=b"x")
    assert response.status_code == 415
    monkeypatch.setenv("MAX_PREDICT_ROWS", "5")
    monkeypatch.setenv("MAX_PREDICT_BYTES", "20000")
    reset_settings()
    response = predict(client, owner, model["id"], json={"rows": [ROW] * 6})
    assert response.status_code == 413 and "limit of 5 rows" in response.json()["detail"]
    files = {"file": ("p.csv", b"a" * 30000, "text/csv")}
    response = predict(client, owner, model["id"], files=files)
    assert response.status_code == 413 and "split the rows" in response.json()["detail"]
    assert predict(client, owner, model["id"], json={"rows": [ROW] * 5}).status_code == 200


class _RunsCode:
    """Unpickling this writes a file: what a planted model would do if it were loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).write_text, ("loaded",))


def test_only_the_owner_reaches_a_model_and_only_its_trained_file_is_ever_loaded(
    client: TestClient, owner: Account, model: dict, tmp_path: Path
) -> None:
    stranger = register(client)
    response = predict(client, stranger, model["id"], json={"rows": [ROW]})
    assert response.status_code == 404 and response.json() == {"detail": "model not found"}
    assert predict(client, owner, str(uuid.uuid4()), json={"rows": [ROW]}).status_code == 404
    no_token = client.post(f"/models/{model['id']}/predict", json={"rows": [ROW]})
    assert no_token.status_code == 401
    marker = tmp_path / "pwned"
    with session_scope() as session:
        row = session.get(ModelMeta, uuid.UUID(model["id"]))
        key = row.storage_key
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.put_object(Bucket=ARTIFACTS_BUCKET, Key=key, Body=pickle.dumps(_RunsCode(str(marker))))
    response = predict(client, owner, model["id"], json={"rows": [ROW]})
    assert response.status_code == 409
    assert "does not match its recorded checksum" in response.json()["detail"]
    assert not marker.exists()
    with session_scope() as session:  # a row pointing outside the run's models is refused too
        session.get(ModelMeta, uuid.UUID(model["id"])).storage_key = "uploads/elsewhere.joblib"
    response = predict(client, owner, model["id"], json={"rows": [ROW]})
    assert response.status_code == 409 and "not where training writes" in response.json()["detail"]
