"""POST /runs/start: what it accepts, what it refuses (and how it says so), what it starts."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, create_project, register
from tests.integration.datasets.conftest import uploaded
from tests.integration.runs.conftest import execution_input, executions, start

pytestmark = pytest.mark.integration


def test_start_creates_a_pending_run_and_one_execution_named_after_it(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    response = start(client, owner, project["id"], penguins["dataset_id"], target="species")
    assert response.status_code == 202, response.text
    run_id = response.json()["run_id"]
    assert response.json()["status"] == "PENDING"

    (execution,) = executions(state_machine)
    assert execution["name"] == run_id
    assert execution_input(execution) == {"run_id": run_id}
    status = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    assert status["status"] == "PENDING" and status["progress"] == 0
    assert any("penguins.csv" in line["message"] for line in status["logs"])
    listed = client.get(f"/runs?project_id={project['id']}", headers=owner.headers).json()
    assert [r["id"] for r in listed] == [run_id]
    assert listed[0]["options"]["target"] == "species"
    assert listed[0]["options"]["time_budget_s"] == 120  # the default, recorded on the run


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"target": "speciez"}, ["unknown target column 'speciez'", "'species'"]),
        ({"target": "species", "task": "clustering"}, ["unknown task 'clustering'"]),
        ({"target": "species", "metric": "rmse"}, ["unknown metric 'rmse'", "roc_auc"]),
        ({"target": "island", "task": "regression"}, ["regression needs a numeric target"]),
        ({"target": "species", "models": ["xgboost"]}, ["unknown model(s) 'xgboost'"]),
        ({"metric": "r2"}, ["need a target column"]),
    ],
)
def test_options_that_cannot_work_are_a_400_naming_the_problem(
    client: TestClient,
    owner: Account,
    project: dict,
    penguins: dict,
    state_machine: str,
    options: dict,
    words: list[str],
) -> None:
    response = start(client, owner, project["id"], penguins["dataset_id"], **options)
    assert response.status_code == 400, response.text
    for word in words:
        assert word in response.json()["detail"]
    assert executions(state_machine) == []


def test_a_target_with_one_value_or_no_values_is_refused(
    client: TestClient, owner: Account, project: dict, state_machine: str
) -> None:
    csv = "x,flat,empty,label\n" + "".join(f"{i},1,,{'ab'[i % 2]}\n" for i in range(40))
    dataset = uploaded(client, owner, project["id"], "flat.csv", csv.encode())
    one = start(client, owner, project["id"], dataset["dataset_id"], target="flat")
    assert one.status_code == 400 and "single value" in one.json()["detail"]
    none = start(client, owner, project["id"], dataset["dataset_id"], target="empty")
    assert none.status_code == 400 and "every value is missing" in none.json()["detail"]


def test_unknown_option_fields_are_a_422(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    response = start(client, owner, project["id"], penguins["dataset_id"], targett="species")
    assert response.status_code == 422
    assert "targett" in response.text


def test_a_dataset_not_ready_is_a_409(
    client: TestClient, owner: Account, project: dict, state_machine: str
) -> None:
    presigned = client.post(
        "/datasets/presign",
        json={"project_id": project["id"], "filename": "later.csv", "size": 100},
        headers=owner.headers,
    ).json()
    response = start(client, owner, project["id"], presigned["dataset_id"])
    assert response.status_code == 409
    assert "UPLOADING" in response.json()["detail"]


def test_another_users_dataset_project_and_run_are_404(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    run_id = start(client, owner, project["id"], penguins["dataset_id"]).json()["run_id"]
    stranger = register(client)
    theirs = create_project(client, stranger)
    assert start(client, stranger, theirs["id"], penguins["dataset_id"]).status_code == 404
    assert start(client, stranger, project["id"], penguins["dataset_id"]).status_code == 404
    for method, path in [
        ("get", f"/runs/{run_id}/status"),
        ("get", f"/runs/{run_id}/artifacts"),
        ("post", f"/runs/{run_id}/cancel"),
    ]:
        response = getattr(client, method)(path, headers=stranger.headers)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "run not found"}
    assert client.get("/runs", headers=stranger.headers).json() == []


def test_without_a_workflow_the_start_is_a_503_and_the_run_is_failed_not_stuck(
    client: TestClient, owner: Account, project: dict, penguins: dict
) -> None:
    response = start(client, owner, project["id"], penguins["dataset_id"])
    assert response.status_code == 503
    (run,) = client.get("/runs", headers=owner.headers).json()
    assert run["status"] == "FAILED"
    assert "could not be started" in run["error"]
