"""Every file in tests/data/hostile behaves as tests/data/hostile/EXPECTED.json says."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from uam.datasets.parsing import InvalidDataset, ParseLimits, parse_file

HOSTILE = Path(__file__).resolve().parents[2] / "data" / "hostile"
EXPECTED: dict[str, dict] = {
    k: v
    for k, v in json.loads((HOSTILE / "EXPECTED.json").read_text()).items()
    if not k.startswith("_")
}


@pytest.mark.unit
def test_every_corpus_file_has_an_expectation() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir() if p.name != "EXPECTED.json"}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 15


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(name: str) -> None:
    spec = EXPECTED[name]
    limits = dataclasses.replace(ParseLimits(), **spec.get("limits", {}))
    path = HOSTILE / name
    if spec["outcome"] == "INVALID":
        with pytest.raises(InvalidDataset) as info:
            parse_file(path, filename=name, limits=limits)
        assert spec["reason"] in str(info.value)
        return
    parsed = parse_file(path, filename=name, limits=limits)
    assert parsed.rows == spec["rows"]
    if "encoding" in spec:
        assert parsed.encoding == spec["encoding"]
    if "names" in spec:
        assert [c.name for c in parsed.columns] == spec["names"]
        assert parsed.table.column_names == spec["names"]
    profiles = {c.name: c for c in parsed.columns}
    for column, wanted in spec.get("columns", {}).items():
        for attribute, value in wanted.items():
            assert getattr(profiles[column], attribute) == value, (column, attribute)
