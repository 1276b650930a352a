"""The local stack as a user runs it: `python -m infra.local up` in a subprocess, over HTTP."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from infra.local.process import PROJECT_ROOT, StackProcess, free_port, start_stack_process
from tests.conftest import private_dir
from tests.run_flows import Client, follow, never_backwards, sign_up, start, upload

__all__ = ["PROJECT_ROOT", "RunningStack", "free_port", "start_stack"]  # used by the e2e tests
READY_TIMEOUT_S = 90
ADMIN_EMAIL = "admin@uam-e2e.example.com"
PENGUINS = PROJECT_ROOT / "tests" / "data" / "good" / "penguins.csv"  # species; 19 missing cells


# The e2e tests' name for the stack they drive.
RunningStack = StackProcess


def start_stack(data_dir: Path) -> RunningStack:
    return start_stack_process(
        data_dir,
        parameters={"AdminEmails": ADMIN_EMAIL},  # whoever signs up with it is an admin
        # One stack serves the whole session, every user signing up from 127.0.0.1: the
        # per-address registration limit (20 an hour) would refuse the later tests.
        env={"REGISTER_MAX_PER_ADDRESS": "1000"},
        ready_timeout_s=READY_TIMEOUT_S,
    )


def postgres_processes(data_dir: Path) -> list[int]:
    import psutil

    pgdata = str((data_dir / "postgres").resolve())
    return [
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"] and pgdata in " ".join(p.info["cmdline"])
    ]


@pytest.fixture(scope="session")
def stack() -> Iterator[RunningStack]:
    for base in private_dir("uam-test-stack-"):
        running = start_stack(base / "data")
        try:
            yield running
        finally:
            running.stop()


@dataclass
class FinishedRun:
    """A run that SUCCEEDED over HTTP, with the client that owns it."""

    owner: Client
    run_id: str
    status: dict
    artifacts: list[dict]


def finished_run(owner: Client, path: Path, **options: object) -> FinishedRun:
    dataset_id = upload(owner, path)
    response = start(owner, dataset_id, **options)
    assert response.status_code == 202, response.text
    run_id = response.json()["run_id"]
    followed = follow(owner, run_id)
    assert followed.status["status"] == "SUCCEEDED", followed.status
    assert never_backwards(followed.progress_seen), followed.progress_seen
    assert followed.status["progress"] == 100
    artifacts = owner.http.get(f"/runs/{run_id}/artifacts", headers=owner.headers).json()
    return FinishedRun(owner, run_id, followed.status, artifacts)


@pytest.fixture(scope="session")
def penguins_run(stack: RunningStack) -> FinishedRun:
    """One real classification run (species of penguins) shared by every e2e module that
    needs a trained model or a report: a run costs most of a minute on two cores."""
    return finished_run(sign_up(stack.http()), PENGUINS, target="species", time_budget_s=60)
