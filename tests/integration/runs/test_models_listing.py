"""GET /models and /models/{id}: a run's models best first, their schema, never another's."""

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, register
from tests.integration.runs.conftest import start
from uam.db.engine import session_scope
from uam.models import store

pytestmark = pytest.mark.integration
FEATURES = [
    {"name": "bill_length_mm", "dtype": "float", "kind": "numeric", "minimum": 32.1},
    {"name": "island", "dtype": "categorical", "kind": "categorical", "categories": ["Biscoe"]},
]


def add_models(run_id: str, ranked: list[str], unranked: list[str]) -> None:
    with session_scope() as session:
        for name in ranked + unranked:
            store.upsert(
                run_id=uuid.UUID(run_id),
                name=name,
                task="classification",
                target="species",
                metrics={"primary_metric": "balanced_accuracy", "holdout": {"accuracy": 0.9}},
                features=FEATURES,
                storage_key=f"runs/x/{run_id}/models/{name}.joblib",
                sha256="0" * 64,
                session=session,
            )
        store.set_ranks(uuid.UUID(run_id), ranked, session=session)


def test_models_are_listed_best_first_with_their_schema_and_filters(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    add_models(run_id, ["lightgbm", "logistic_regression"], ["random_forest"])

    listed = client.get(f"/models?run_id={run_id}", headers=owner.headers).json()
    assert [(m["name"], m["rank"]) for m in listed] == [
        ("lightgbm", 1),
        ("logistic_regression", 2),
        ("random_forest", None),
    ]
    best = listed[0]
    # The schema predictions follow, and nothing from the training rows.
    assert best["features"] == [
        {"name": "bill_length_mm", "dtype": "float"},
        {"name": "island", "dtype": "categorical"},
    ]
    assert best["metrics"]["primary_metric"] == "balanced_accuracy"
    one = client.get(f"/models/{best['id']}", headers=owner.headers)
    assert one.status_code == 200 and one.json() == best
    by_project = client.get(f"/models?project_id={project['id']}", headers=owner.headers).json()
    assert len(by_project) == 3
    unknown_run = client.get(f"/models?run_id={uuid.uuid4()}", headers=owner.headers)
    assert unknown_run.status_code == 404 and unknown_run.json() == {"detail": "run not found"}


def test_another_users_models_are_not_found(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    add_models(run_id, ["lightgbm"], [])
    model_id = client.get("/models", headers=owner.headers).json()[0]["id"]
    stranger = register(client)
    assert client.get("/models", headers=stranger.headers).json() == []
    # Filtering by another user's run is the same 404 as an unknown run: it confirms nothing.
    spying = client.get(f"/models?run_id={run_id}", headers=stranger.headers)
    assert spying.status_code == 404 and spying.json() == {"detail": "run not found"}
    response = client.get(f"/models/{model_id}", headers=stranger.headers)
    assert response.status_code == 404 and response.json() == {"detail": "model not found"}
