"""Read a SAM/CloudFormation template and evaluate its intrinsic functions locally.

The template is the only source of wiring, so this reader must understand the short-form
tags (`!Ref`, `!Sub`...) that plain YAML loaders reject. Tags are turned into the long form
(`{"Ref": ...}`, `{"Fn::Sub": ...}`) so one evaluator handles both spellings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PSEUDO_REGION = "us-east-1"
PSEUDO_ACCOUNT = "123456789012"  # moto's default account, so ARNs match what moto returns

_TAGS = (
    "Ref",
    "Condition",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "If",
    "Equals",
    "Not",
    "And",
    "Or",
    "FindInMap",
    "Base64",
    "GetAZs",
    "ImportValue",
)


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that knows CloudFormation's short-form tags."""


def _make_constructor(tag: str) -> Callable[[yaml.Loader, yaml.Node], dict[str, Any]]:
    key = tag if tag in ("Ref", "Condition") else f"Fn::{tag}"

    def construct(loader: yaml.Loader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if tag == "GetAtt":  # !GetAtt A.B is shorthand for [A, B]
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {key: value}

    return construct


for _tag in _TAGS:
    _CfnLoader.add_constructor(f"!{_tag}", _make_constructor(_tag))


def load_template(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_CfnLoader)
    if not isinstance(data, dict) or "Resources" not in data:
        raise ValueError(f"{path} is not a CloudFormation template (no Resources)")
    return data


NO_VALUE = object()  # AWS::NoValue: the enclosing property is dropped


class UnresolvableError(ValueError):
    """Raised when a value depends on something the local stack cannot know."""


@dataclass
class Resolver:
    """Evaluates intrinsic functions.

    `ref` and `get_att` are callbacks so that resource names can be computed lazily by the
    caller: a bucket name may itself be a `!Sub` over parameters and pseudo parameters.
    """

    parameters: dict[str, Any]
    conditions: dict[str, Any]
    ref: Callable[[str], Any]
    get_att: Callable[[str, str], Any]
    mappings: dict[str, Any] = field(default_factory=dict)
    _condition_cache: dict[str, bool] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self.resolve(x) for x in value) if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref" and arg == "AWS::NoValue":
                return NO_VALUE
            handler = _FUNCTIONS.get(key)
            if handler is not None:
                return handler(self, arg)
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def condition(self, name: str) -> bool:
        if name not in self._condition_cache:
            self._condition_cache[name] = bool(self.resolve(self.conditions[name]))
        return self._condition_cache[name]

    def sub(self, arg: Any) -> str:
        if isinstance(arg, list):
            text, variables = arg[0], {k: self.resolve(v) for k, v in arg[1].items()}
        else:
            text, variables = arg, {}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} escapes to ${Literal}
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name:
                logical, attr = name.split(".", 1)
                return str(self.get_att(logical, attr))
            resolved = self.ref(name)
            return ",".join(resolved) if isinstance(resolved, list) else str(resolved)

        return re.sub(r"\$\{([^}]+)\}", replace, text)


def _get_att(r: Resolver, arg: Any) -> Any:
    logical, attr = arg if isinstance(arg, list) else arg.split(".", 1)
    return r.get_att(r.resolve(logical), r.resolve(attr))


def _if(r: Resolver, arg: list[Any]) -> Any:
    name, when_true, when_false = arg
    return r.resolve(when_true if r.condition(name) else when_false)


def _find_in_map(r: Resolver, arg: list[Any]) -> Any:
    name, top, second = (r.resolve(a) for a in arg)
    return r.mappings[name][top][second]


_FUNCTIONS: dict[str, Callable[[Resolver, Any], Any]] = {
    "Ref": lambda r, a: r.ref(r.resolve(a)),
    "Fn::GetAtt": _get_att,
    "Fn::Sub": lambda r, a: r.sub(a),
    "Fn::Join": lambda r, a: str(r.resolve(a[0])).join(str(x) for x in r.resolve(a[1])),
    "Fn::Select": lambda r, a: r.resolve(a[1])[int(r.resolve(a[0]))],
    "Fn::Split": lambda r, a: str(r.resolve(a[1])).split(r.resolve(a[0])),
    "Fn::If": _if,
    "Fn::Equals": lambda r, a: str(r.resolve(a[0])) == str(r.resolve(a[1])),
    "Fn::Not": lambda r, a: not r.resolve(a[0]),
    "Fn::And": lambda r, a: all(r.resolve(x) for x in a),
    "Fn::Or": lambda r, a: any(r.resolve(x) for x in a),
    "Condition": lambda r, a: r.condition(a),
    "Fn::FindInMap": _find_in_map,
    "Fn::GetAZs": lambda r, a: [f"{PSEUDO_REGION}a", f"{PSEUDO_REGION}b"],
    "Fn::Base64": lambda r, a: r.resolve(a),
}


def parameter_values(template: dict[str, Any], overrides: dict[str, str]) -> dict[str, Any]:
    """Override > Default; list types become lists as CloudFormation does."""
    values: dict[str, Any] = {}
    for name, spec in (template.get("Parameters") or {}).items():
        if name in overrides:
            raw: Any = overrides[name]
        elif "Default" in spec:
            raw = spec["Default"]
        else:
            raise UnresolvableError(f"template parameter {name} has no Default and no override")
        if str(spec.get("Type", "")).startswith(("CommaDelimitedList", "List<")):
            raw = raw if isinstance(raw, list) else [s.strip() for s in str(raw).split(",")]
        values[name] = raw
    return values
