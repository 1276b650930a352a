"""Tolerant reads of the content dict: any key may be missing, None or of the wrong type."""

from __future__ import annotations

from typing import Any


def mapping(value: Any) -> dict:
    """The value if it is a dict, else an empty one."""
    return value if isinstance(value, dict) else {}


def records(value: Any) -> list[dict]:
    """The dicts in a list (anything else dropped)."""
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, dict)]


def strings(value: Any) -> list[str]:
    """The non-empty items of a list as strings."""
    if not isinstance(value, list | tuple):
        return []
    return [str(item) for item in value if item is not None and str(item).strip()]


def profile(content: dict) -> dict:
    """The Part A profile."""
    return mapping(content.get("profile"))


def target(content: dict) -> str | None:
    """The target column's name, or None for a profile-only run."""
    name = content.get("target")
    if name is None:
        name = mapping(profile(content).get("target")).get("name")
    return str(name) if name is not None and str(name) != "" else None


def task(content: dict) -> str | None:
    """'classification', 'regression' or None."""
    value = content.get("task") or mapping(profile(content).get("target")).get("task")
    return value if isinstance(value, str) else None


def leaderboard(content: dict) -> list[dict]:
    """Leaderboard rows ordered by rank (rows without a rank last, in given order)."""
    rows = records(content.get("leaderboard"))
    return sorted(rows, key=lambda r: r["rank"] if isinstance(r.get("rank"), int) else 10**9)


def best_model(content: dict) -> dict:
    """The best model's block, falling back to the leaderboard's first row."""
    best = mapping(content.get("best_model"))
    if best:
        return best
    rows = leaderboard(content)
    return rows[0] if rows else {}


def metric(content: dict) -> str | None:
    """The primary metric's identifier."""
    value = content.get("metric")
    if isinstance(value, str) and value:
        return value
    for row in leaderboard(content):
        if isinstance(row.get("metric"), str):
            return row["metric"]
    return None


def excluded(content: dict) -> dict[str, str]:
    """Columns left out of training and why: the profile's list, then the preparation's."""
    merged: dict[str, str] = {}
    for source in (
        mapping(profile(content).get("excluded_from_training")),
        mapping(mapping(content.get("preparation")).get("excluded")),
    ):
        for column, reason in source.items():
            merged.setdefault(str(column), str(reason) if reason is not None else "")
    return merged


def has_models(content: dict) -> bool:
    """Whether the report has model sections: a target was chosen, so training was asked for."""
    return target(content) is not None
