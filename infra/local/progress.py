"""A run's progress for a person watching: one bar redrawn in place on a terminal; one plain
line per stage when the output is a log or CI (no carriage returns there)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

WIDTH = 20
STAGES = {
    None: "waiting for the workflow",
    "preprocess": "checking the target, setting a holdout aside",
    "eda": "profiling every column, drawing charts",
    "train": "training candidate models",
    "report": "writing the PDF report",
    "finalize": "listing what the run made",
}


def bar(progress: int) -> str:
    """`[##########..........]  52%` for 52."""
    progress = max(0, min(100, progress))
    filled = round(WIDTH * progress / 100)
    return f"[{'#' * filled}{'.' * (WIDTH - filled)}] {progress:>3}%"


class RunProgress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self._started = time.monotonic()
        self._stage: str | None = ""  # "" = nothing shown yet; None is the queued stage
        self._drawn = ""  # the line on screen (terminal only)

    def update(self, task: str | None, progress: int) -> None:
        """The run's current stage and progress, as GET /runs/{id}/status says."""
        stage, about = task or "queued", STAGES.get(task, "")
        if self.tty:
            line = f"{bar(progress)}  {stage}: {about}  {self._elapsed()}"
            if len(line) >= shutil.get_terminal_size().columns:  # a wrapped line cannot be redrawn
                line = f"{bar(progress)}  {stage}  {self._elapsed()}"
            self._draw(line)
        elif task != self._stage:
            self._write(f"{bar(progress)}  {stage}: {about}  ({self._elapsed()})\n")
        self._stage = task

    def finish(self, status: str, progress: int) -> None:
        """The last line: how the run ended and how long it took."""
        verb = "done" if status == "SUCCEEDED" else status
        line = f"{bar(progress)}  {verb} in {self._elapsed()}"
        if self.tty:
            self._draw(line)
            self.close()
        else:
            self._write(line + "\n")

    def close(self) -> None:
        """End a line left open on a terminal (before an error or after the last update)."""
        if self._drawn:
            self._write("\n")
            self._drawn = ""

    def _draw(self, line: str) -> None:
        if line != self._drawn:
            pad = " " * max(0, len(self._drawn) - len(line))
            self._write(f"\r{line}{pad}")
            self._drawn = line

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def _elapsed(self) -> str:
        return f"{time.monotonic() - self._started:.0f} s"
