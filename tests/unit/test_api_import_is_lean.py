"""The API function's import path stays free of the analytics stack (cold start)."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

HEAVY = ["numpy", "pandas", "sklearn", "matplotlib", "scipy", "pyarrow", "reportlab"]


def test_importing_the_api_function_loads_no_heavy_module() -> None:
    probe = (
        "import json, sys; import functions.api.app; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"SECRET_KEY": "x" * 40, "PATH": ""},
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
