"""The local stack as a user runs it: `python -m infra.local up` in a subprocess, over HTTP."""

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import httpx
import pytest
from botocore.config import Config

from tests.conftest import private_dir
from tests.run_flows import Client, follow, never_backwards, sign_up, start, upload

PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 90
ADMIN_EMAIL = "admin@uam-e2e.example.com"
PENGUINS = PROJECT_ROOT / "tests" / "data" / "good" / "penguins.csv"  # species; 19 missing cells


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningStack:
    api_url: str
    aws_url: str
    data_dir: Path
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30)

    def aws(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self.aws_url,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(s3={"addressing_style": "path"}),
        )

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> int:
        """SIGKILL, as a crash or the OOM killer would: no cleanup of any kind runs."""
        self.process.kill()
        return self.process.wait(timeout=60)


def start_stack(data_dir: Path) -> RunningStack:
    api_port, aws_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    # One stack serves the whole session, every user signing up from 127.0.0.1: the
    # per-address registration limit (20 an hour) would refuse the later tests.
    env["REGISTER_MAX_PER_ADDRESS"] = "1000"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "infra.local",
            "up",
            "--api-port",
            str(api_port),
            "--aws-port",
            str(aws_port),
            "--data-dir",
            str(data_dir),
            "--parameter",
            f"AdminEmails={ADMIN_EMAIL}",  # whoever signs up with it is an admin
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    stack = RunningStack(
        f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{aws_port}", data_dir, process
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            stack.output.append(line)
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            line = lines.get(timeout=READY_TIMEOUT_S)
            if "UAM local stack ready" in line:
                return stack
    except queue.Empty:
        process.kill()
        raise RuntimeError("local stack did not start:\n" + "".join(stack.output[-50:])) from None


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
