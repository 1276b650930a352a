"""The local stack in a child process, as a person runs it (`python -m infra.local up`): for
the e2e tests, the fuzzer and the load benchmark, which drive it over HTTP from outside."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
from botocore.config import Config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_LINE = "UAM local stack ready"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StackProcess:
    api_url: str
    aws_url: str
    data_dir: Path
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)  # every line it printed, as it printed it

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30)

    def aws(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.aws_url,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=Config(s3={"addressing_style": "path"}),
        )

    def stop(self) -> int:
        """SIGTERM, as Ctrl-C or a service manager: the stack stops what it started."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> int:
        """SIGKILL, as a crash or the OOM killer would: no cleanup of any kind runs."""
        self.process.kill()
        return self.process.wait(timeout=60)


def start_stack_process(
    data_dir: Path,
    *,
    parameters: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    ready_timeout_s: float = 90,
) -> StackProcess:
    """Start `up` on free ports and return once it prints that it is ready."""
    api_port, aws_port = free_port(), free_port()
    # The stack starts its own database and makes its own key unless told otherwise.
    child_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    command = [sys.executable, "-m", "infra.local", "up", "--api-port", str(api_port),
               "--aws-port", str(aws_port), "--data-dir", str(data_dir)]  # fmt: skip
    for name, value in (parameters or {}).items():
        command += ["--parameter", f"{name}={value}"]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**child_env, **(env or {})},
    )
    stack = StackProcess(
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
        while READY_LINE not in lines.get(timeout=ready_timeout_s):
            pass
    except queue.Empty:
        process.kill()
        raise RuntimeError("local stack did not start:\n" + "".join(stack.output[-50:])) from None
    return stack
