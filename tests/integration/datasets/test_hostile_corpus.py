"""The hostile corpus through the real upload-and-ingest path; the API stays up after each."""

import json

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.datasets.conftest import (
    HOSTILE,
    get_dataset,
    parquet_keys,
    reset_settings,
    uploaded,
)

pytestmark = pytest.mark.integration

EXPECTED = json.loads((HOSTILE / "EXPECTED.json").read_text())
# ParseLimits field -> the DatasetSettings environment variable that sets it.
LIMIT_ENV = {
    "max_columns": "MAX_COLUMNS",
    "max_cell_bytes": "MAX_CELL_BYTES",
    "max_line_bytes": "MAX_LINE_BYTES",
    "max_decompressed_bytes": "MAX_DECOMPRESSED_BYTES",
}
CASES = [
    "png_renamed.csv",
    "ragged_row.csv",
    "header_only.csv",
    "truncated.csv.gz",
    "gzip_bomb.csv.gz",
    "zip_not_workbook.xlsx",
    "json_single_object.json",
    "too_many_columns.csv",
    "formula_injection.csv",
    "duplicate_headers.csv",
]


@pytest.mark.parametrize("name", CASES)
def test_hostile_file_through_upload(
    client: TestClient,
    owner: Account,
    project: dict,
    s3,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    expected = EXPECTED[name]
    for field, value in expected.get("limits", {}).items():
        monkeypatch.setenv(LIMIT_ENV[field], str(value))
    reset_settings()

    body = uploaded(client, owner, project["id"], name, (HOSTILE / name).read_bytes())
    dataset = get_dataset(client, owner, body["dataset_id"])
    assert body["status"] == dataset["status"] == expected["outcome"], dataset["error"]
    if expected["outcome"] == "INVALID":
        assert expected["reason"] in body["error"]
        assert dataset["error"] == body["error"]
        assert dataset["rows"] is None
        assert body["preview"] is None
        assert parquet_keys(s3) == []
    else:
        assert dataset["error"] is None
        assert dataset["rows"] == expected["rows"]
        names = [c["name"] for c in dataset["columns"]]
        if "names" in expected:
            assert names == expected["names"]
        by_name = {c["name"]: c for c in dataset["columns"]}
        for column, facts in expected.get("columns", {}).items():
            for fact, value in facts.items():
                assert by_name[column][fact] == value, (column, fact)
        assert body["preview"]["columns"] == names
        assert len(parquet_keys(s3)) == 1

    assert client.get("/health").status_code == 200
