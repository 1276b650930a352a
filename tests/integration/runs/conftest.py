"""Run fixtures: the real state machine definition registered in moto, a READY dataset.

moto in-process records executions without running them, which is what the API tests want:
what the API starts and stops. The workflow itself runs in tests/integration/local_stack.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, create_project, register
from tests.integration.datasets.conftest import (  # noqa: F401  (fixture)
    artifacts_bucket,
    reset_settings,
    uploaded,
)

PROJECT_ROOT = Path(__file__).resolve().parents[3]
ASL = PROJECT_ROOT / "infra" / "statemachine" / "analysis.asl.json"
PENGUINS = PROJECT_ROOT / "tests" / "data" / "good" / "penguins.csv"


@pytest.fixture
def state_machine(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    definition = ASL.read_text()
    for name in (
        "Preprocess", "Eda", "TrainCandidate", "SelectModel", "Report", "Finalize", "RunFailed"
    ):  # fmt: skip
        arn = f"arn:aws:lambda:us-east-1:123456789012:function:uam-{name}Function"
        definition = definition.replace("${" + name + "FunctionArn}", arn)
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    arn = sfn.create_state_machine(
        name="uam-analysis",
        definition=definition,
        roleArn="arn:aws:iam::123456789012:role/uam-local-execution-role",
    )["stateMachineArn"]
    monkeypatch.setenv("ANALYSIS_STATE_MACHINE_ARN", arn)
    reset_settings()
    yield arn


@pytest.fixture
def owner(client: TestClient) -> Account:
    return register(client)


@pytest.fixture
def project(client: TestClient, owner: Account) -> dict:
    return create_project(client, owner)


@pytest.fixture
def penguins(client: TestClient, owner: Account, project: dict) -> dict:
    """A READY dataset of the real penguins table (multipart upload ingests inline)."""
    body = uploaded(client, owner, project["id"], "penguins.csv", PENGUINS.read_bytes())
    assert body["status"] == "READY", body
    return body


def start(client: TestClient, account: Account, project_id: str, dataset_id: str, **options: Any):
    return client.post(
        "/runs/start",
        json={"project_id": project_id, "dataset_id": dataset_id, "options": options},
        headers=account.headers,
    )


def executions(arn: str) -> list[dict]:
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    return [sfn.describe_execution(executionArn=e["executionArn"]) for e in listed]


def execution_input(execution: dict) -> dict:
    return json.loads(execution["input"])
