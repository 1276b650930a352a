from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
TEST_TEMPLATE = HERE / "templates" / "test_stack.yaml"
FUNCTIONS_DIR = HERE / "functions"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], Any], timeout: float = 20, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def pid_alive(pid: int) -> bool:
    try:
        with Path(f"/proc/{pid}/stat").open() as fh:
            return fh.read().split()[2] != "Z"  # a zombie is dead but not yet reaped
    except FileNotFoundError:
        return False
