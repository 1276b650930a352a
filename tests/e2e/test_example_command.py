"""The README's first command: `python -m infra.local example` runs the main job end to end."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import PROJECT_ROOT, free_port, postgres_processes

pytestmark = pytest.mark.e2e


def test_example_runs_end_to_end_and_stops_cleanly(data_dir: Path) -> None:
    command = [
        sys.executable, "-m", "infra.local", "example", "--data-dir", str(data_dir),
        "--api-port", str(free_port()), "--aws-port", str(free_port()),
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "dataset READY" in result.stdout
    assert "344 rows x 8 columns" in result.stdout
    assert postgres_processes(data_dir) == []
    # A second run on the same data dir signs the demo user in instead of failing.
    again = subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert again.returncode == 0, again.stdout + again.stderr
