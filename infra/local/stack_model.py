"""Plain data describing the local stack after the template has been resolved.

Everything here is derived from `template.yaml`; nothing is kept by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BucketSpec:
    logical_id: str
    name: str
    cors_rules: list[dict[str, Any]]
    notification: dict[str, Any]  # boto3 put_bucket_notification_configuration shape


@dataclass(frozen=True)
class QueueSpec:
    logical_id: str
    name: str
    url: str
    arn: str
    attributes: dict[str, str]  # everything except RedrivePolicy
    redrive_policy: dict[str, Any] | None
    policy: dict[str, Any] | None = None


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    name: str
    arn: str
    code_dir: Path
    handler: str
    runtime: str
    timeout: int
    memory_size: int
    environment: dict[str, str]  # template Globals + function Environment + overrides
    layer_arns: list[str]
    layer_dirs: list[Path]

    @property
    def python_path(self) -> list[Path]:
        # Lambda puts the code at /var/task and layers under /opt/python; mirror that order.
        return [self.code_dir, *self.layer_dirs]


@dataclass(frozen=True)
class LayerSpec:
    logical_id: str
    name: str
    arn: str
    content_dir: Path


@dataclass(frozen=True)
class EventSourceSpec:
    function_logical_id: str
    queue_arn: str
    batch_size: int
    batching_window_seconds: int
    report_batch_item_failures: bool
    enabled: bool = True


@dataclass(frozen=True)
class HttpRouteSpec:
    """One `Type: HttpApi` event of a function: API Gateway sends `method path` to it."""

    function_logical_id: str
    method: str  # upper case; ANY matches every method
    path: str  # "{name}" is one segment, "{name+}" the rest; "$default" catches everything


@dataclass(frozen=True)
class StateMachineSpec:
    logical_id: str
    name: str
    arn: str
    definition: str


@dataclass(frozen=True)
class RuleSpec:
    logical_id: str
    name: str
    arn: str
    event_pattern: dict[str, Any] | None
    schedule: str | None
    enabled: bool
    targets: list[dict[str, Any]]  # boto3 put_targets shape


@dataclass
class ResolvedStack:
    """Physical names and settings of every resource the local stack creates, by logical id."""

    stack_name: str
    region: str
    account_id: str
    endpoint_url: str
    parameters: dict[str, Any]
    buckets: dict[str, BucketSpec] = field(default_factory=dict)
    queues: dict[str, QueueSpec] = field(default_factory=dict)
    layers: dict[str, LayerSpec] = field(default_factory=dict)
    functions: dict[str, FunctionSpec] = field(default_factory=dict)
    event_sources: list[EventSourceSpec] = field(default_factory=list)
    http_routes: list[HttpRouteSpec] = field(default_factory=list)
    state_machines: dict[str, StateMachineSpec] = field(default_factory=dict)
    rules: dict[str, RuleSpec] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)  # logical id -> resource type

    @property
    def bucket_names(self) -> dict[str, str]:
        return {k: v.name for k, v in self.buckets.items()}

    @property
    def queue_urls(self) -> dict[str, str]:
        return {k: v.url for k, v in self.queues.items()}

    @property
    def queue_arns(self) -> dict[str, str]:
        return {k: v.arn for k, v in self.queues.items()}

    @property
    def function_names(self) -> dict[str, str]:
        return {k: v.name for k, v in self.functions.items()}

    @property
    def function_arns(self) -> dict[str, str]:
        return {k: v.arn for k, v in self.functions.items()}

    @property
    def function_env(self) -> dict[str, dict[str, str]]:
        return {k: dict(v.environment) for k, v in self.functions.items()}

    @property
    def state_machine_arns(self) -> dict[str, str]:
        return {k: v.arn for k, v in self.state_machines.items()}

    def queue_by_arn(self, arn: str) -> QueueSpec:
        return next(q for q in self.queues.values() if q.arn == arn)
