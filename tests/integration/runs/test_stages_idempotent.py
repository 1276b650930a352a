"""Each stage run twice (a Step Functions retry, a redelivery) leaves one copy of everything."""

import boto3
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.factories import Account
from tests.integration.datasets.conftest import ARTIFACTS_BUCKET, keys
from tests.integration.runs.conftest import start
from uam.db.engine import session_scope
from uam.models.models import ModelMeta
from uam.runs.exceptions import RunNoLongerActive
from uam.runs.models import Artifact
from uam.runs.stages import eda, finalize, preprocess, report, train
from uam.runs.stages import select as select_stage

pytestmark = pytest.mark.integration


def counts(run_id: str) -> tuple[int, int, int]:
    with session_scope() as session:
        artifacts = session.scalar(
            select(func.count()).select_from(Artifact).where(Artifact.run_id == run_id)
        )
        models = session.scalar(
            select(func.count()).select_from(ModelMeta).where(ModelMeta.run_id == run_id)
        )
    objects = len(keys(boto3.client("s3", region_name="us-east-1"), ARTIFACTS_BUCKET, "runs/"))
    return artifacts, models, objects


def test_every_stage_twice_gives_the_same_artifacts_models_and_objects(
    client: TestClient, owner: Account, project: dict, penguins: dict, state_machine: str
) -> None:
    response = start(
        client,
        owner,
        project["id"],
        penguins["dataset_id"],
        target="species",
        models=["logistic_regression", "lightgbm"],
        time_budget_s=20,
    )
    run_id = response.json()["run_id"]
    s3 = boto3.client("s3", region_name="us-east-1")

    plan = preprocess.run(run_id, s3=s3)
    again = preprocess.run(run_id, s3=s3)
    # Same plan; a retry only has less of the run's time budget left to hand out.
    assert [c["name"] for c in again["candidates"]] == [c["name"] for c in plan["candidates"]]
    assert all(
        b["budget_s"] <= a["budget_s"]
        for a, b in zip(plan["candidates"], again["candidates"], strict=True)
    )
    assert [c["name"] for c in plan["candidates"]] == ["logistic_regression", "lightgbm"]
    eda.run(run_id, s3=s3)
    after_eda = counts(run_id)
    eda.run(run_id, s3=s3)
    assert counts(run_id) == after_eda

    for candidate in plan["candidates"]:
        train.run(run_id, candidate, s3=s3)
    after_train = counts(run_id)
    train.run(run_id, plan["candidates"][1], s3=s3)
    assert counts(run_id) == after_train
    assert after_train[1] == 2

    trained = [{"name": c["name"], "ok": True} for c in plan["candidates"]]
    select_stage.run(run_id, trained, s3=s3)
    after_select = counts(run_id)
    select_stage.run(run_id, trained, s3=s3)
    assert counts(run_id) == after_select
    with session_scope() as session:
        ranks = sorted(session.scalars(select(ModelMeta.rank).where(ModelMeta.run_id == run_id)))
    assert ranks == list(range(1, after_select[1] + 1))  # every model ranked once, no gaps

    report.run(run_id, s3=s3)
    report.run(run_id, s3=s3)
    finalize.run(run_id, s3=s3)
    final = counts(run_id)
    assert final[0] == after_select[0] + 2  # the report and the manifest
    status = client.get(f"/runs/{run_id}/status", headers=owner.headers).json()
    assert status["status"] == "SUCCEEDED" and status["progress"] == 100

    # A stage delivered after the run ended refuses and writes nothing.
    with pytest.raises(RunNoLongerActive):
        eda.run(run_id, s3=s3)
    assert counts(run_id) == final
