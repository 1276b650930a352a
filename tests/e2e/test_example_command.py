"""The README's first command: `python -m infra.local example` runs the whole product end to end
and tells a person what it found, with the stack's own log kept out of the way."""

import io
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infra.local.progress import RunProgress
from tests.e2e.conftest import PROJECT_ROOT, free_port, postgres_processes

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n"
SPECIES = {"Adelie", "Chinstrap", "Gentoo"}
WORKFLOW = ["preprocess", "eda", "train", "report"]


def example(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, its output a pipe (not a terminal), as in CI."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-m", "infra.local", "example", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_example_runs_the_product_end_to_end_and_says_what_it_found(data_dir: Path) -> None:
    result = example(
        "--data-dir", str(data_dir), "--api-port", str(free_port()), "--aws-port", str(free_port())
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert result.stderr == ""
    assert postgres_processes(data_dir) == []
    assert "344 rows x 8 columns" in out

    # Progress: one plain line per stage, in the workflow's order, no carriage returns.
    assert "\r" not in out
    bars = [line for line in out.splitlines() if re.match(r"\[[#.]{20}\] +\d+%", line)]
    stages = [re.search(r"%  (\w+)", line)[1] for line in bars]
    assert [s for s in stages if s in WORKFLOW] == WORKFLOW  # finalize may pass between polls
    assert len(stages) == len(set(stages))
    assert re.fullmatch(r"\[#{20}\] 100%  done in \d+ s", bars[-1])

    # Data quality from the EDA profile: the example table raises no alert, but has gaps.
    assert "data quality: the profile raised no alerts" in out
    assert "19 cells are missing (0.69% of the table)" in out

    # The leaderboard, best first, against the baseline.
    ranks = re.findall(r"^  (\d)     \w+ +(0\.\d{4}|1\.0000) +(0\.\d{4}|1\.0000)$", out, re.M)
    assert [int(r[0]) for r in ranks] == list(range(1, len(ranks) + 1)) and len(ranks) >= 3
    assert re.search(r"^  -     baseline \(always the most frequent class\) +0\.3333$", out, re.M)

    # The report and every chart, downloaded where the output says.
    run_id = re.search(r"analysis run ([0-9a-f-]{36})", out)[1]
    folder = data_dir.resolve() / "reports" / run_id
    report = Path(re.search(r"^report \(\d+ pages\): (.+)$", out, re.M)[1])
    assert report == folder / "report.pdf"
    assert report.read_bytes().startswith(b"%PDF")
    count, charts_dir = re.search(r"^(\d+) charts in (.+)/$", out, re.M).groups()
    charts = [Path(charts_dir) / name for name in re.findall(r"^  (\S+\.png)  \(", out, re.M)]
    assert Path(charts_dir) == folder / "charts"
    assert len(charts) == int(count) >= 10
    assert sorted(charts) == sorted(folder.glob("charts/*.png"))
    assert all(path.read_bytes().startswith(PNG) for path in charts)

    # One prediction by the best model, with each class's probability and the stored artifact.
    assert re.search(r"predicted species: (\w+)", out)[1] in SPECIES
    listed = re.search(r"probabilities: (.+)", out)[1]
    probabilities = {label: float(p) for label, p in re.findall(r"(\w+) ([01]\.\d{3})", listed)}
    assert set(probabilities) == SPECIES
    assert sum(probabilities.values()) == pytest.approx(1, abs=0.003)
    assert re.search(r"stored as prediction artifact [0-9a-f-]{36}$", out, re.M)

    # The stack's own lines (uvicorn access, Lambda JSON, alembic) are in the log, not here.
    log = (data_dir / "logs" / "example.log").read_text()
    assert f"the stack's own log goes to {data_dir / 'logs' / 'example.log'}" in out
    for line in out.splitlines():
        assert not re.search(r'HTTP/1\.1"|^\s*\{"|INFO:|alembic|uvicorn', line), line
    assert re.search(r'uvicorn\.access .*"POST /runs/start HTTP/1\.1" 202', log)
    assert re.search(r'infra\.local\.lambda \[uam-IngestFunction\] \{"level"', log)
    assert "alembic.runtime.migration" in log


def test_example_against_an_api_that_is_not_there_says_so(data_dir: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = example("--data-dir", str(data_dir), "--api-url", url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Could not reach the UAM API at {url} (connection refused)." in result.stderr
    assert "Traceback" not in result.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_one_line_redrawn_in_place() -> None:
    screen = Terminal()
    progress = RunProgress(screen)
    for task, value in (("preprocess", 2), ("train", 52), ("train", 60), ("report", 86)):
        progress.update(task, value)
    progress.finish("SUCCEEDED", 100)
    drawn = screen.getvalue()
    assert drawn.count("\n") == 1 and drawn.endswith("\n")
    frames = drawn.rstrip("\n").split("\r")[1:]
    assert frames[1].startswith("[##########..........]  52%  train")
    assert re.fullmatch(r"\[#{20}\] 100%  done in \d+ s *", frames[-1])
    for before, after in itertools.pairwise(frames):  # each redraw covers the line before
        assert len(after) >= len(before.rstrip())
