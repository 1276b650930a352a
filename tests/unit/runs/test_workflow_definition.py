"""The analysis state machine as AWS will run it: every stage bounded, retried, caught."""

import json
import re
from pathlib import Path

import pytest
import yaml

from infra.local.template import load_template

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[3]
ASL = json.loads((ROOT / "infra" / "statemachine" / "analysis.asl.json").read_text())
TRANSIENT = {
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
}


def tasks(states: dict) -> dict[str, dict]:
    found = {}
    for name, state in states.items():
        if state["Type"] == "Task":
            found[name] = state
        if state["Type"] == "Map":
            found.update(tasks(state["Iterator"]["States"]))
    return found


def test_every_task_has_a_timeout_and_retries_lambdas_transient_errors() -> None:
    for name, state in tasks(ASL["States"]).items():
        assert 0 < state["TimeoutSeconds"] <= 960, name
        retried = {e for rule in state["Retry"] for e in rule["ErrorEquals"]}
        assert TRANSIENT <= retried, name


def test_every_stage_is_caught_into_the_failure_handler() -> None:
    stages = ("Preprocess", "Eda", "Train", "SelectBest", "Report", "Finalize")
    for name in stages:
        catch = ASL["States"][name]["Catch"]
        assert catch[0]["ErrorEquals"] == ["States.ALL"] and catch[0]["Next"] == "RecordFailure"
    assert ASL["States"]["RecordFailure"]["Next"] == "Failed"
    assert ASL["States"]["Failed"]["Type"] == "Fail"


def test_training_fans_out_one_invocation_per_candidate_with_bounded_concurrency() -> None:
    train = ASL["States"]["Train"]
    assert train["Type"] == "Map" and train["ItemsPath"] == "$.plan.candidates"
    assert 1 <= train["MaxConcurrency"] <= 10
    # A failing candidate is recorded, not fatal: the others can still win.
    inner = train["Iterator"]["States"]["TrainCandidate"]
    assert inner["Catch"][0]["Next"] == "CandidateFailed"


def test_the_template_substitutes_every_placeholder_with_a_function_of_its_own() -> None:
    template = load_template(ROOT / "template.yaml")
    machine = template["Resources"]["AnalysisStateMachine"]["Properties"]
    text = (ROOT / machine["DefinitionUri"]).read_text()
    placeholders = set(re.findall(r"\$\{(\w+)\}", text))
    assert placeholders == set(machine["DefinitionSubstitutions"])
    resources = template["Resources"]
    for name in placeholders:
        function = name.removesuffix("Arn")
        assert resources[function]["Type"] == "AWS::Serverless::Function"


def test_analysis_stages_are_image_functions_and_the_api_stays_zip() -> None:
    resources = yaml.safe_load(
        (ROOT / "template.yaml").read_text().replace("!", "")  # tags are not needed here
    )["Resources"]
    for name in ("Preprocess", "Eda", "TrainCandidate", "SelectModel", "Report", "Finalize"):
        props = resources[f"{name}Function"]["Properties"]
        assert props["PackageType"] == "Image"
        handler = props["ImageConfig"]["Command"][0]
        module = handler.rsplit(".", 1)[0].replace(".", "/") + ".py"
        assert (ROOT / module).is_file(), handler
        assert (ROOT / resources[f"{name}Function"]["Metadata"]["Dockerfile"]).is_file()
    assert "PackageType" not in resources["ApiFunction"]["Properties"]
