"""Stopping and starting the stack on the same data dir keeps users, projects, datasets and
the objects they point at; stopping leaves no PostgreSQL process behind."""

from pathlib import Path

import pytest

from tests.e2e.conftest import postgres_processes, start_stack
from tests.e2e.test_datasets_over_http import (
    ARTIFACTS,
    PENGUINS,
    UPLOADS,
    browser_upload,
    signed_up,
    wait_settled,
)

pytestmark = pytest.mark.e2e


def test_restart_keeps_everything_and_leaves_nothing_running(data_dir: Path) -> None:
    first = start_stack(data_dir)
    try:
        with first.http() as http:
            headers, project_id = signed_up(http)
            dataset_id = browser_upload(http, headers, project_id, PENGUINS, "keep me.csv")
            before = wait_settled(http, headers, dataset_id)
            user_id = http.get("/auth/me", headers=headers).json()["id"]
    finally:
        assert first.stop() == 0
    assert postgres_processes(data_dir) == []

    second = start_stack(data_dir)
    try:
        with second.http() as http:
            # The same token still works: the generated secret was kept in the data dir.
            assert http.get("/auth/me", headers=headers).json()["id"] == user_id
            assert [p["id"] for p in http.get("/projects", headers=headers).json()] == [project_id]
            assert http.get(f"/datasets/{dataset_id}", headers=headers).json() == before
            preview = http.get(f"/datasets/{dataset_id}/preview", headers=headers)
            assert preview.status_code == 200
        s3 = second.aws("s3")
        key = f"uploads/{user_id}/{dataset_id}/{before['filename']}"
        raw = s3.get_object(Bucket=UPLOADS, Key=key)
        assert raw["Body"].read() == PENGUINS.read_bytes()
        parquet = f"datasets/{user_id}/{dataset_id}/data.parquet"
        assert s3.head_object(Bucket=ARTIFACTS, Key=parquet)["ContentLength"] > 0
    finally:
        assert second.stop() == 0
    assert postgres_processes(data_dir) == []
