"""The command-line tools kept out of the product's environment, in `.venv-tools`.

SAM CLI and pip-audit pin their own versions of boto3, pydantic and the like, which clash with
the product's pins; they get a virtualenv of their own, made (or remade, when
requirements-tools.txt changes) on first use. `python -m infra.tools` makes it up front.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS_VENV = ROOT / ".venv-tools"
TOOLS_REQUIREMENTS = ROOT / "requirements-tools.txt"


def tool(name: str) -> Path:
    """The path of a command from .venv-tools, installing the pinned tools first if needed."""
    exe = TOOLS_VENV / "bin" / name
    stamp = TOOLS_VENV / TOOLS_REQUIREMENTS.name
    wanted = TOOLS_REQUIREMENTS.read_text(encoding="utf-8")
    if exe.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return exe
    venv.create(TOOLS_VENV, with_pip=True, clear=True)
    result = subprocess.run(
        [
            str(TOOLS_VENV / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            str(TOOLS_REQUIREMENTS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"installing {TOOLS_REQUIREMENTS.name} failed:\n{result.stderr}")
    stamp.write_text(wanted, encoding="utf-8")
    return exe


if __name__ == "__main__":
    for command in ("sam", "pip-audit"):
        print(tool(command))
    sys.exit(0)
