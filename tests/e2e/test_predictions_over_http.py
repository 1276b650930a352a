"""Predictions as a client gets them: the local stack sends the route to the predict function
(from template.yaml), which answers for the best model of a real run."""

import csv
import io

import httpx
import pytest

from tests.e2e.conftest import PENGUINS, FinishedRun, RunningStack
from tests.run_flows import sign_up

pytestmark = pytest.mark.e2e
ROW = {
    "island": "Dream", "bill_length_mm": 49.0, "bill_depth_mm": 18.4,
    "flipper_length_mm": 195, "body_mass_g": 3700, "sex": "male", "year": 2008,
}  # fmt: skip


@pytest.fixture(scope="module")
def best(penguins_run: FinishedRun) -> dict:
    owner = penguins_run.owner
    models = owner.http.get(f"/models?run_id={penguins_run.run_id}", headers=owner.headers)
    return models.json()[0]


def test_json_and_csv_predictions_from_the_best_model_of_a_real_run(
    penguins_run: FinishedRun, best: dict
) -> None:
    owner = penguins_run.owner
    features = {f["name"] for f in best["features"]}
    rows = [{k: v for k, v in ROW.items() if k in features}, {**ROW, "island": "Atlantis"}]
    response = owner.http.post(
        f"/models/{best['id']}/predict", json={"rows": rows}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["predictions"][0] == "Chinstrap" and len(body["predictions"]) == 2
    assert all(abs(sum(p.values()) - 1) < 1e-6 for p in body["probabilities"])
    if "island" in features:
        assert {(f["row"], f["kind"]) for f in body["flags"]} >= {(2, "unseen_category")}

    files = {"file": ("penguins.csv", PENGUINS.read_bytes(), "text/csv")}
    from_csv = owner.http.post(f"/models/{best['id']}/predict", files=files, headers=owner.headers)
    assert from_csv.status_code == 200, from_csv.text
    truth = [r["species"] for r in csv.DictReader(io.StringIO(PENGUINS.read_text()))]
    hits = sum(p == t for p, t in zip(from_csv.json()["predictions"], truth, strict=True))
    assert hits / len(truth) > 0.95

    artifacts = owner.http.get(
        f"/runs/{penguins_run.run_id}/artifacts", headers=owner.headers
    ).json()
    (stored,) = [a for a in artifacts if a["id"] == body["artifact_id"]]
    download = httpx.get(stored["download_url"])
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(download.text)))
    assert [line["predicted_species"] for line in lines] == body["predictions"]


def test_rows_that_break_the_schema_get_a_422_naming_the_column_and_row(
    penguins_run: FinishedRun, best: dict
) -> None:
    owner = penguins_run.owner
    name = best["features"][0]["name"]
    numeric = next(f["name"] for f in best["features"] if f["dtype"] in ("integer", "float"))
    cases = [
        ([{**ROW}, {k: v for k, v in ROW.items() if k != name}], f"row 2 has no column {name!r}"),
        ([{**ROW, numeric: "lots"}], f"row 1, column {numeric!r}: expected a number, got 'lots'"),
    ]
    for rows, message in cases:
        response = owner.http.post(
            f"/models/{best['id']}/predict", json={"rows": rows}, headers=owner.headers
        )
        assert response.status_code == 422, response.text
        assert response.json()["detail"].startswith(message)


def test_another_user_cannot_use_or_see_the_model(stack: RunningStack, best: dict) -> None:
    stranger = sign_up(stack.http())
    response = stranger.http.post(
        f"/models/{best['id']}/predict", json={"rows": [ROW]}, headers=stranger.headers
    )
    assert response.status_code == 404 and response.json() == {"detail": "model not found"}
    assert stranger.http.get(f"/models/{best['id']}", headers=stranger.headers).status_code == 404
