"""Turn a SAM template into a `ResolvedStack`: local physical names plus resolved properties.

Names are deterministic (explicit name property, else `<stack>-<LogicalId>`) so they can be
computed before anything exists on the emulator and so a restart finds the same buckets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infra.local import resolve_parts as parts
from infra.local.stack_model import ResolvedStack
from infra.local.template import (
    PSEUDO_ACCOUNT,
    PSEUDO_REGION,
    Resolver,
    UnresolvableError,
    load_template,
    parameter_values,
)

# Which property holds an explicit physical name, per resource type.
_NAME_PROPS = {
    "AWS::S3::Bucket": "BucketName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::Serverless::Function": "FunctionName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Serverless::LayerVersion": "LayerName",
    "AWS::Lambda::LayerVersion": "LayerName",
    "AWS::Serverless::StateMachine": "Name",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::Events::Rule": "Name",
    "AWS::IAM::Role": "RoleName",
}


class _Names:
    """Lazily computes Ref / GetAtt values of resources from their deterministic names."""

    def __init__(self, template: dict[str, Any], stack: str, endpoint: str) -> None:
        self.resources: dict[str, Any] = template["Resources"]
        self.stack = stack
        self.endpoint = endpoint.rstrip("/")
        self.resolver: Resolver | None = None
        self._cache: dict[str, str] = {}

    def name(self, logical: str) -> str:
        if logical not in self._cache:
            res = self.resources[logical]
            explicit = (res.get("Properties") or {}).get(_NAME_PROPS.get(res["Type"], ""))
            assert self.resolver is not None
            name = self.resolver.resolve(explicit) if explicit else f"{self.stack}-{logical}"
            if res["Type"] == "AWS::S3::Bucket":
                name = name.lower()
            self._cache[logical] = str(name)
        return self._cache[logical]

    def arn(self, logical: str) -> str:
        kind, name = self.resources[logical]["Type"], self.name(logical)
        acct = f"{PSEUDO_REGION}:{PSEUDO_ACCOUNT}"
        return {
            "AWS::S3::Bucket": f"arn:aws:s3:::{name}",
            "AWS::SQS::Queue": f"arn:aws:sqs:{acct}:{name}",
            "AWS::Serverless::Function": f"arn:aws:lambda:{acct}:function:{name}",
            "AWS::Lambda::Function": f"arn:aws:lambda:{acct}:function:{name}",
            "AWS::Serverless::LayerVersion": f"arn:aws:lambda:{acct}:layer:{name}:1",
            "AWS::Lambda::LayerVersion": f"arn:aws:lambda:{acct}:layer:{name}:1",
            "AWS::Serverless::StateMachine": f"arn:aws:states:{acct}:stateMachine:{name}",
            "AWS::StepFunctions::StateMachine": f"arn:aws:states:{acct}:stateMachine:{name}",
            "AWS::Events::Rule": f"arn:aws:events:{acct}:rule/{name}",
            "AWS::IAM::Role": f"arn:aws:iam::{PSEUDO_ACCOUNT}:role/{name}",
        }.get(kind, f"arn:aws:local:{acct}:{logical}")

    def ref(self, logical: str) -> Any:
        kind = self.resources[logical]["Type"]
        if kind == "AWS::SQS::Queue":
            return f"{self.endpoint}/{PSEUDO_ACCOUNT}/{self.name(logical)}"
        if kind in ("AWS::Serverless::HttpApi", "AWS::Serverless::Api"):
            return "local"  # the API is served by the local HTTP server, not API Gateway
        if kind.endswith(("LayerVersion", "StateMachine")):
            return self.arn(logical)
        if kind in _NAME_PROPS:
            return self.name(logical)
        return logical

    def get_att(self, logical: str, attr: str) -> Any:
        if attr == "Arn":
            return self.arn(logical)
        if attr in ("QueueName", "Name"):
            return self.name(logical)
        if attr == "QueueUrl":
            return self.ref(logical)
        if attr in ("DomainName", "RegionalDomainName"):
            return f"{self.name(logical)}.s3.amazonaws.com"
        raise UnresolvableError(f"GetAtt {logical}.{attr} is not supported locally")


def resolve_stack(
    template_path: Path,
    *,
    stack_name: str,
    endpoint_url: str,
    parameters: dict[str, str] | None = None,
    function_env: dict[str, str] | None = None,
) -> ResolvedStack:
    template = load_template(template_path)
    params = parameter_values(template, parameters or {})
    pseudo = {
        "AWS::Region": PSEUDO_REGION,
        "AWS::AccountId": PSEUDO_ACCOUNT,
        "AWS::StackName": stack_name,
        "AWS::Partition": "aws",
        "AWS::URLSuffix": "amazonaws.com",
        "AWS::StackId": f"arn:aws:cloudformation:{PSEUDO_REGION}:{PSEUDO_ACCOUNT}:stack/"
        f"{stack_name}/local",
    }
    names = _Names(template, stack_name, endpoint_url)

    def ref(name: str) -> Any:
        if name in params:
            return params[name]
        if name in pseudo:
            return pseudo[name]
        if name in names.resources:
            return names.ref(name)
        raise UnresolvableError(f"Ref to unknown name {name}")

    resolver = Resolver(
        parameters=params,
        conditions=template.get("Conditions") or {},
        ref=ref,
        get_att=names.get_att,
        mappings=template.get("Mappings") or {},
    )
    names.resolver = resolver
    stack = ResolvedStack(
        stack_name=stack_name,
        region=PSEUDO_REGION,
        account_id=PSEUDO_ACCOUNT,
        endpoint_url=endpoint_url,
        parameters=params,
    )
    ctx = parts.Context(
        template=template,
        base_dir=template_path.parent,
        resolver=resolver,
        names=names,
        function_env=function_env or {},
        stack=stack,
    )
    order = sorted(names.resources, key=lambda k: parts.PRIORITY.get(names.resources[k]["Type"], 9))
    for logical in order:
        res = names.resources[logical]
        if "Condition" in res and not resolver.condition(res["Condition"]):
            continue
        builder = parts.BUILDERS.get(res["Type"])
        if builder is None:
            stack.skipped[logical] = res["Type"]
            continue
        builder(ctx, logical, resolver.resolve(res.get("Properties") or {}))
    _resolve_outputs(template, resolver, stack)
    return stack


def _resolve_outputs(template: dict[str, Any], resolver: Resolver, stack: ResolvedStack) -> None:
    for key, out in (template.get("Outputs") or {}).items():
        if "Condition" in out and not resolver.condition(out["Condition"]):
            continue
        try:
            stack.outputs[key] = resolver.resolve(out["Value"])
        except UnresolvableError as exc:
            stack.outputs[key] = f"<unresolvable locally: {exc}>"
