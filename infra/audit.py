"""`python -m infra.audit`: check every package installed in this environment for known
vulnerabilities (pip-audit, from .venv-tools, against the PyPI advisory data).

It audits the exact versions installed (`pip freeze` of the running interpreter, which in CI
is .venv: the product's pins, the image's analytics pins and the test tools) without
resolving or installing anything again. Exits non-zero when a vulnerability is known.
Where the advisory service cannot be reached, pip-audit says per package that it could not
audit it; this prints how many that was, so a silent pass cannot pass for a real one.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from infra.tools import tool


def main() -> int:
    freeze = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        pinned = Path(tmp) / "installed.txt"
        pinned.write_text(freeze, encoding="utf-8")
        result = subprocess.run(
            [
                str(tool("pip-audit")),
                "--requirement",
                str(pinned),
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    packages = sum(1 for line in freeze.splitlines() if "==" in line)
    skipped = result.stderr.count("could not be audited") + result.stdout.count(
        "could not be audited"
    )
    # One line per unreachable package says nothing the count below does not.
    sys.stdout.writelines(
        line
        for line in result.stdout.splitlines(keepends=True)
        if "could not be audited" not in line
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
    print(
        f"audit: {packages} packages, {packages - skipped} checked against advisories, "
        f"{skipped} could not be checked (advisory service unreachable from here)"
        if skipped
        else f"audit: {packages} packages checked against advisories"
    )
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
