"""template.yaml is deployable as it stands: cfn-lint is clean and the properties a reviewer
would check by hand (timeouts, dead-letter queues, bucket hardening, least privilege, alarms,
log retention, secrets) hold for every resource, not just the ones someone remembered."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from infra.local.resolve import resolve_stack
from infra.local.template import Resolver, load_template, parameter_values

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template.yaml"
T = load_template(TEMPLATE)
RESOURCES: dict[str, Any] = T["Resources"]
GLOBAL_FUNCTION: dict[str, Any] = (T.get("Globals") or {}).get("Function") or {}


def _of_type(*types: str) -> dict[str, dict[str, Any]]:
    return {k: r.get("Properties") or {} for k, r in RESOURCES.items() if r["Type"] in types}


FUNCTIONS = _of_type("AWS::Serverless::Function", "AWS::Lambda::Function")
QUEUES = _of_type("AWS::SQS::Queue")
BUCKETS = _of_type("AWS::S3::Bucket")
ALARMS = _of_type("AWS::CloudWatch::Alarm")


def _refs(value: Any) -> set[str]:
    """Every logical id a value names through Ref / GetAtt / ${...} in a Sub."""
    found: set[str] = set()
    if isinstance(value, list):
        for v in value:
            found |= _refs(v)
    elif isinstance(value, dict):
        for key, v in value.items():
            if key == "Ref" and isinstance(v, str):
                found.add(v)
            elif key == "Fn::GetAtt":
                found.add(v[0] if isinstance(v, list) else v.split(".")[0])
            elif key == "Fn::Sub":
                text = v[0] if isinstance(v, list) else v
                found |= {m.split(".")[0] for m in re.findall(r"\$\{([^!}][^}]*)\}", text)}
            found |= _refs(v)
    return found


def _dlqs() -> set[str]:
    return {
        ref
        for props in QUEUES.values()
        if "RedrivePolicy" in props
        for ref in _refs(props["RedrivePolicy"])
    }


def test_cfn_lint_is_clean_and_would_catch_a_broken_template(tmp_path: Path) -> None:
    # One run over both files (cfn-lint's start-up dominates): the clean result means
    # something only if the same run reports a real mistake in a broken copy.
    broken = tmp_path / "broken.yaml"
    text = TEMPLATE.read_text()
    assert "TreatMissingData: notBreaching" in text
    broken.write_text(text.replace("TreatMissingData: notBreaching", "TreatMissingData: x"))
    exe = shutil.which("cfn-lint", path=str(Path(sys.executable).parent))
    assert exe, "cfn-lint is in requirements-dev.txt"
    result = subprocess.run(
        [exe, "--format", "parseable", str(TEMPLATE), str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    lines = result.stdout.splitlines()
    assert result.returncode != 0 and not result.stderr, result.stderr
    assert [line for line in lines if not line.startswith(str(broken))] == []
    assert any(":E3030:" in line and "'x'" in line for line in lines), result.stdout


def test_every_function_has_a_timeout_and_a_log_group_with_retention() -> None:
    assert FUNCTIONS
    groups = {
        ref: props
        for props in _of_type("AWS::Logs::LogGroup").values()
        for ref in _refs(props.get("LogGroupName"))
    }
    for name, props in FUNCTIONS.items():
        assert "Timeout" in props or "Timeout" in GLOBAL_FUNCTION, name
        group = groups.get(name)
        assert group is not None, f"{name} has no AWS::Logs::LogGroup"
        assert group["LogGroupName"] == {"Fn::Sub": f"/aws/lambda/${{{name}}}"}
        assert group.get("RetentionInDays") == {"Ref": "LogRetentionDays"}


def test_every_queue_that_is_not_a_dlq_redrives_to_one_and_every_dlq_alarms() -> None:
    dlqs = _dlqs()
    assert dlqs and dlqs <= set(QUEUES)
    for name, props in QUEUES.items():
        assert props.get("SqsManagedSseEnabled") is True, name
        if name in dlqs:
            assert "RedrivePolicy" not in props, f"{name}: a DLQ with a DLQ of its own"
            continue
        redrive = props.get("RedrivePolicy")
        assert redrive and int(redrive["maxReceiveCount"]) >= 1, name
    alarmed = {
        ref
        for props in ALARMS.values()
        if props["Namespace"] == "AWS/SQS"
        and props["MetricName"] == "ApproximateNumberOfMessagesVisible"
        and props["ComparisonOperator"] == "GreaterThanThreshold"
        and props["Threshold"] == 0
        for ref in _refs(props["Dimensions"])
    }
    assert dlqs <= alarmed, f"DLQs without a depth alarm: {dlqs - alarmed}"


def test_failed_and_timed_out_executions_alarm_and_alarms_notify_when_an_email_is_given() -> None:
    machines = set(_of_type("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"))
    watched: dict[str, set[str]] = {m: set() for m in machines}
    for props in ALARMS.values():
        if props["Namespace"] == "AWS/States":
            for ref in _refs(props["Dimensions"]):
                watched[ref].add(props["MetricName"])
    for machine, metrics in watched.items():
        assert {"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"} <= metrics, machine
    topic = RESOURCES["AlarmTopic"]
    assert topic["Type"] == "AWS::SNS::Topic" and topic["Condition"] == "HasAlarmEmail"
    for name, props in ALARMS.items():
        assert props["AlarmActions"] == {
            "Fn::If": ["HasAlarmEmail", [{"Ref": "AlarmTopic"}], {"Ref": "AWS::NoValue"}]
        }, name


def test_every_bucket_is_encrypted_and_blocks_public_access_and_cors_is_least_needed() -> None:
    assert set(BUCKETS) == {"UploadsBucket", "ArtifactsBucket"}
    for name, props in BUCKETS.items():
        rules = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert rules and all(r["ServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules)
        block = props["PublicAccessBlockConfiguration"]
        for key in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls"):
            assert block[key] is True, (name, key)
        assert block["RestrictPublicBuckets"] is True, name
        lifecycle = props["LifecycleConfiguration"]["Rules"]
        assert any("AbortIncompleteMultipartUpload" in r for r in lifecycle), name
        # The console's origins only: uploads take browser writes, artifacts only reads.
        methods = {"UploadsBucket": {"POST", "PUT"}, "ArtifactsBucket": {"GET", "HEAD"}}[name]
        for rule in props["CorsConfiguration"]["CorsRules"]:
            assert rule["AllowedOrigins"] == {"Ref": "CorsOrigins"}, name
            assert set(rule["AllowedMethods"]) == methods, name


def _statements() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, res in RESOURCES.items():
        props = res.get("Properties") or {}
        for policy in props.get("Policies") or []:
            if isinstance(policy, dict):
                found += [(name, s) for s in policy.get("Statement", [])]
        for policy in props.get("Policies") or []:
            if isinstance(policy, dict) and "PolicyDocument" in policy:
                found += [(name, s) for s in policy["PolicyDocument"].get("Statement", [])]
        if "PolicyDocument" in props:
            found += [(name, s) for s in props["PolicyDocument"].get("Statement", [])]
    return found


def _is_wildcard_resource(resource: Any) -> bool:
    text = json.dumps(resource)
    if resource == "*" or '"*"' in text:
        return True
    # arn:aws:s3:::* or arn:aws:s3:::prefix-* : a bucket name that is a pattern.
    return re.search(r"s3:::[^/\"]*\*", text) is not None


def test_no_policy_has_a_wildcard_action_or_a_wildcard_resource() -> None:
    statements = _statements()
    assert statements  # the inline StopExecution grant and the queue policies at least
    for owner, statement in statements:
        actions = statement.get("Action")
        for action in actions if isinstance(actions, list) else [actions]:
            assert action != "*" and not str(action).endswith(":*"), (owner, action)
        resources = statement.get("Resource")
        for resource in resources if isinstance(resources, list) else [resources]:
            assert not _is_wildcard_resource(resource), (owner, resource)


def test_sam_policy_templates_are_scoped_to_resources_of_this_stack() -> None:
    for name, props in {**FUNCTIONS, **_of_type("AWS::Serverless::StateMachine")}.items():
        for policy in props.get("Policies") or []:
            assert not isinstance(policy, str), f"{name}: managed policy {policy}"
            ((template_name, args),) = policy.items()
            if template_name == "Statement":
                continue
            assert template_name.endswith("Policy"), (name, template_name)
            for value in args.values():
                named = _refs(value)
                assert named and named <= set(RESOURCES), (name, template_name, value)


def test_secrets_come_from_secrets_manager_and_no_secret_has_a_plain_default() -> None:
    params = T["Parameters"]
    for name in ("DatabaseUrl", "SecretKey"):
        assert params[name]["NoEcho"] is True and params[name]["Default"] == ""
    env = GLOBAL_FUNCTION["Environment"]["Variables"]
    for var, arn_param in (
        ("DATABASE_URL", "DatabaseSecretId"),
        ("SECRET_KEY", "SecretKeySecretId"),
    ):
        condition, from_secret, _ = env[var]["Fn::If"]
        assert from_secret == {
            "Fn::Sub": "{{resolve:secretsmanager:${" + arn_param + "}:SecretString}}"
        }
        assert T["Conditions"][condition] == {"Fn::Not": [{"Fn::Equals": [{"Ref": arn_param}, ""]}]}
    prod = T["Rules"]["ProdUsesSecrets"]
    asserted = {ref for a in prod["Assertions"] for ref in _refs(a["Assert"])}
    assert asserted == {"DatabaseSecretId", "SecretKeySecretId"}


def test_vpc_and_reserved_concurrency_are_optional_parameters() -> None:
    vpc = GLOBAL_FUNCTION["VpcConfig"]["Fn::If"]
    assert vpc[0] == "HasVpc" and vpc[2] == {"Ref": "AWS::NoValue"}
    assert vpc[1] == {
        "SubnetIds": {"Ref": "SubnetIds"},
        "SecurityGroupIds": {"Ref": "SecurityGroupIds"},
    }
    for name, param in (
        ("ApiFunction", "ApiReservedConcurrency"),
        ("PredictFunction", "PredictReservedConcurrency"),
        ("NlqFunction", "PredictReservedConcurrency"),
    ):
        reserved = FUNCTIONS[name]["ReservedConcurrentExecutions"]["Fn::If"]
        assert reserved[1] == {"Ref": param} and reserved[2] == {"Ref": "AWS::NoValue"}
        assert T["Parameters"][param]["Default"] == ""


@pytest.mark.parametrize(
    ("parameters", "database_url", "in_vpc"),
    [
        ({"SecretKey": "k" * 40}, None, False),
        (
            {"SecretKey": "k" * 40, "DatabaseUrl": "postgresql://u@h/db"},
            "postgresql://u@h/db",
            False,
        ),
        (
            {
                "SecretKeySecretId": "arn:aws:secretsmanager:us-east-1:1:secret:jwt",
                "DatabaseSecretId": "arn:aws:secretsmanager:us-east-1:1:secret:db",
                "SubnetIds": "subnet-1,subnet-2",
                "SecurityGroupIds": "sg-1",
            },
            "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:1:secret:db:SecretString}}",
            True,
        ),
    ],
)
def test_the_local_reader_follows_the_parameters(
    parameters: dict[str, str], database_url: str | None, in_vpc: bool
) -> None:
    stack = resolve_stack(
        TEMPLATE, stack_name="uam", endpoint_url="http://127.0.0.1:4566", parameters=parameters
    )
    env = stack.function_env["ApiFunction"]
    assert env.get("DATABASE_URL") == database_url
    if "SecretKey" in parameters:
        assert env["SECRET_KEY"] == parameters["SecretKey"]
    else:
        assert env["SECRET_KEY"].startswith("{{resolve:secretsmanager:")
    values = parameter_values(T, parameters)
    resolver = Resolver(
        parameters=values,
        conditions=T["Conditions"],
        ref=lambda name: values[name] if name in values else {"Ref": name},
        get_att=lambda logical, attr: f"{logical}.{attr}",
    )
    vpc = resolver.resolve(GLOBAL_FUNCTION["VpcConfig"])
    if in_vpc:
        assert vpc == {"SubnetIds": ["subnet-1", "subnet-2"], "SecurityGroupIds": ["sg-1"]}
    else:
        assert resolver.condition("HasVpc") is False
    # Alarms, log groups and the topic have no local counterpart: skipped, not failed.
    skipped = set(stack.skipped.values())
    assert {"AWS::CloudWatch::Alarm", "AWS::Logs::LogGroup"} <= skipped
    assert len(stack.functions) == len(FUNCTIONS)


def test_samconfig_deploys_dev_and_prod_with_parameters_the_template_declares() -> None:
    config = tomllib.loads((REPO / "samconfig.toml").read_text())
    for env in ("dev", "prod"):
        deploy = config[env]["deploy"]["parameters"]
        assert set(deploy["capabilities"].split()) == {"CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"}
        assert deploy["resolve_s3"] is True and deploy["resolve_image_repos"] is True
        assert deploy["confirm_changeset"] is (env == "prod")
        overrides = dict(kv.split("=", 1) for kv in deploy["parameter_overrides"].split())
        assert set(overrides) <= set(T["Parameters"]), set(overrides) - set(T["Parameters"])
        assert overrides["Stage"] == env
        # Secrets by name only; never the values themselves.
        assert overrides["DatabaseSecretId"] and overrides["SecretKeySecretId"]
        assert not {"DatabaseUrl", "SecretKey"} & set(overrides)
