"""Per-resource-type builders used by `resolve.resolve_stack`.

Each builder receives already-resolved Properties and adds specs to the `ResolvedStack`.
SAM shorthands (function `Events`, `Globals`) are expanded here the way SAM's transform does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.local.stack_model import (
    BucketSpec,
    EventSourceSpec,
    FunctionSpec,
    HttpRouteSpec,
    LayerSpec,
    QueueSpec,
    ResolvedStack,
    RuleSpec,
    StateMachineSpec,
)
from infra.local.template import Resolver

_QUEUE_ATTRS = (
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "FifoQueue",
    "ContentBasedDeduplication",
)


@dataclass
class Context:
    template: dict[str, Any]
    base_dir: Path
    resolver: Resolver
    names: Any  # resolve._Names; typed loosely to avoid an import cycle
    function_env: dict[str, str]
    stack: ResolvedStack


def _bucket(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    rules = [
        {
            "AllowedMethods": r["AllowedMethods"],
            "AllowedOrigins": r["AllowedOrigins"],
            **({"AllowedHeaders": r["AllowedHeaders"]} if "AllowedHeaders" in r else {}),
            **({"ExposeHeaders": r["ExposedHeaders"]} if "ExposedHeaders" in r else {}),
            **({"MaxAgeSeconds": int(r["MaxAge"])} if "MaxAge" in r else {}),
        }
        for r in (props.get("CorsConfiguration") or {}).get("CorsRules", [])
    ]
    cfn = props.get("NotificationConfiguration") or {}
    notification: dict[str, Any] = {}
    for cfn_key, target_key in (
        ("QueueConfigurations", "Queue"),
        ("LambdaConfigurations", "Function"),
    ):
        configs = []
        for c in cfn.get(cfn_key, []):
            item: dict[str, Any] = {f"{target_key}Arn": c[target_key], "Events": [c["Event"]]}
            if filter_rules := (c.get("Filter") or {}).get("S3Key", {}).get("Rules"):
                item["Filter"] = {"Key": {"FilterRules": filter_rules}}
            configs.append(item)
        if configs:
            notification[cfn_key.replace("Lambda", "LambdaFunction")] = configs
    name = ctx.names.name(logical)
    ctx.stack.buckets[logical] = BucketSpec(logical, name, rules, notification)


def _queue(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    attrs = {
        k: str(props[k]).lower() if isinstance(props[k], bool) else str(props[k])
        for k in _QUEUE_ATTRS
        if k in props
    }
    redrive = props.get("RedrivePolicy")
    if isinstance(redrive, str):
        redrive = json.loads(redrive)
    ctx.stack.queues[logical] = QueueSpec(
        logical,
        ctx.names.name(logical),
        ctx.names.ref(logical),
        ctx.names.arn(logical),
        attrs,
        redrive,
    )


def _queue_policy(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    # resolve_stack builds queues before policies, so the queue spec exists by now.
    for url in props.get("Queues", []):
        for key, q in list(ctx.stack.queues.items()):
            if q.url == url:
                ctx.stack.queues[key] = QueueSpec(
                    q.logical_id,
                    q.name,
                    q.url,
                    q.arn,
                    q.attributes,
                    q.redrive_policy,
                    props.get("PolicyDocument"),
                )


def _layer(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    uri = props.get("ContentUri") or props.get("Content")
    if not isinstance(uri, str):
        raise ValueError(f"{logical}: only a local ContentUri path is supported locally")
    content = (ctx.base_dir / uri).resolve()
    # A built layer keeps packages under python/; the source tree is importable as is.
    if (content / "python").is_dir():
        content = content / "python"
    ctx.stack.layers[logical] = LayerSpec(
        logical, ctx.names.name(logical), ctx.names.arn(logical), content
    )


def _function(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    glob = ctx.resolver.resolve((ctx.template.get("Globals") or {}).get("Function") or {})
    env = {
        **((glob.get("Environment") or {}).get("Variables") or {}),
        **((props.get("Environment") or {}).get("Variables") or {}),
    }
    env = {k: _env_str(v) for k, v in env.items()}
    env.update(ctx.function_env)
    layer_arns = [*glob.get("Layers", []), *props.get("Layers", [])]
    by_arn = {layer.arn: layer.content_dir for layer in ctx.stack.layers.values()}
    merged = {**glob, **props}
    code_dir, handler = _code_and_handler(ctx, logical, merged)
    ctx.stack.functions[logical] = FunctionSpec(
        logical_id=logical,
        name=ctx.names.name(logical),
        arn=ctx.names.arn(logical),
        code_dir=code_dir,
        handler=handler,
        runtime=merged.get("Runtime", "python3.11"),
        timeout=int(merged.get("Timeout", 3)),
        memory_size=int(merged.get("MemorySize", 128)),
        environment=env,
        layer_arns=layer_arns,
        layer_dirs=[by_arn[a] for a in layer_arns if a in by_arn],
    )
    for event in (props.get("Events") or {}).values():
        if event.get("Type") == "SQS":
            _add_sqs_source(ctx, logical, event["Properties"])
        elif event.get("Type") == "HttpApi":
            _add_http_route(ctx, logical, event.get("Properties") or {})


def _code_and_handler(ctx: Context, logical: str, merged: dict[str, Any]) -> tuple[Path, str]:
    """Where the code is and what to call. An image function runs locally from its Docker
    context in this environment (the image installs the same requirements), calling the
    handler its ImageConfig names: no Docker needed, the same code."""
    if merged.get("PackageType") == "Image":
        metadata = ctx.template["Resources"][logical].get("Metadata") or {}
        command = (merged.get("ImageConfig") or {}).get("Command") or []
        if not command or "DockerContext" not in metadata:
            raise ValueError(
                f"{logical}: an image function needs ImageConfig.Command and "
                "Metadata.DockerContext to run locally"
            )
        return (ctx.base_dir / metadata["DockerContext"]).resolve(), command[0]
    code = merged.get("CodeUri")
    if not isinstance(code, str):
        raise ValueError(f"{logical}: only a local CodeUri path is supported locally")
    return (ctx.base_dir / code).resolve(), merged["Handler"]


def _add_sqs_source(ctx: Context, function_logical: str, p: dict[str, Any]) -> None:
    source = p.get("Queue") or p.get("EventSourceArn")
    ctx.stack.event_sources.append(
        EventSourceSpec(
            function_logical_id=function_logical,
            queue_arn=source,
            batch_size=int(p.get("BatchSize", 10)),
            batching_window_seconds=int(p.get("MaximumBatchingWindowInSeconds", 0)),
            report_batch_item_failures="ReportBatchItemFailures"
            in (p.get("FunctionResponseTypes") or []),
            enabled=bool(p.get("Enabled", True)),
        )
    )


def _add_http_route(ctx: Context, function_logical: str, p: dict[str, Any]) -> None:
    # SAM's defaults: no Path is the API's $default route, no Method is ANY.
    method = str(p.get("Method", "ANY")).upper()
    ctx.stack.http_routes.append(HttpRouteSpec(function_logical, method, p.get("Path", "$default")))


def _event_source_mapping(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    if ":sqs:" not in str(props.get("EventSourceArn")):
        ctx.stack.skipped[logical] = "AWS::Lambda::EventSourceMapping (non-SQS)"
        return
    fn = props["FunctionName"]
    owner = next((k for k, f in ctx.stack.functions.items() if fn in (f.name, f.arn)), fn)
    _add_sqs_source(ctx, owner, props)


def _state_machine(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    if "DefinitionUri" in props:
        if not isinstance(props["DefinitionUri"], str):
            raise ValueError(f"{logical}: only a local DefinitionUri path is supported locally")
        text = (ctx.base_dir / props["DefinitionUri"]).read_text(encoding="utf-8")
    elif "DefinitionString" in props:
        text = props["DefinitionString"]
    else:
        text = json.dumps(props["Definition"])
    for key, value in (props.get("DefinitionSubstitutions") or {}).items():
        text = text.replace("${" + key + "}", str(value))
    ctx.stack.state_machines[logical] = StateMachineSpec(
        logical, ctx.names.name(logical), ctx.names.arn(logical), text
    )


def _rule(ctx: Context, logical: str, props: dict[str, Any]) -> None:
    targets = []
    for t in props.get("Targets", []):
        target = {"Id": t["Id"], "Arn": t["Arn"]}
        for key in ("Input", "InputPath"):
            if key in t:
                target[key] = t[key] if isinstance(t[key], str) else json.dumps(t[key])
        targets.append(target)
    ctx.stack.rules[logical] = RuleSpec(
        logical_id=logical,
        name=ctx.names.name(logical),
        arn=ctx.names.arn(logical),
        event_pattern=props.get("EventPattern"),
        schedule=props.get("ScheduleExpression"),
        enabled=props.get("State", "ENABLED") == "ENABLED",
        targets=targets,
    )


def _env_str(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


# Build order: things referenced by name at build time (layers, queues, functions) first.
PRIORITY = {
    "AWS::Serverless::LayerVersion": 0,
    "AWS::Lambda::LayerVersion": 0,
    "AWS::SQS::Queue": 1,
    "AWS::Serverless::Function": 2,
}

BUILDERS: dict[str, Callable[[Context, str, dict[str, Any]], None]] = {
    "AWS::S3::Bucket": _bucket,
    "AWS::SQS::Queue": _queue,
    "AWS::SQS::QueuePolicy": _queue_policy,
    "AWS::Serverless::LayerVersion": _layer,
    "AWS::Lambda::LayerVersion": _layer,
    "AWS::Serverless::Function": _function,
    "AWS::Lambda::EventSourceMapping": _event_source_mapping,
    "AWS::Serverless::StateMachine": _state_machine,
    "AWS::StepFunctions::StateMachine": _state_machine,
    "AWS::Events::Rule": _rule,
}
