"""`sam build` gives each zip function and the layer what they import, and nothing else is needed.

The build runs SAM CLI itself (from .venv-tools), for the Lambda platform. Each handler is then
imported in a clean interpreter whose path holds only the function's built folder and the
layer's `python/` folder, as Lambda lays them out (/var/task, /opt/python): no site-packages,
no project checkout. A dependency missing from a requirements file fails here, not in AWS.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra.local.template import load_template
from infra.sam_build import ROOT, build, zip_functions

pytestmark = pytest.mark.deploy

# What Lambda would have in the environment from the template; nothing here is reachable, and
# importing a handler must not need it to be.
FUNCTION_ENV = {
    "DATABASE_URL": "postgresql+pg8000://uam:secret@db.invalid:5432/uam",
    "SECRET_KEY": "built-artifact-import-check-" + "x" * 40,
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "UPLOADS_BUCKET": "uploads",
    "ARTIFACTS_BUCKET": "artifacts",
    "POWERTOOLS_SERVICE_NAME": "uam",
}

# Runs in the clean interpreter: imports the handler, then proves the lazily imported pieces
# are there too (the database driver behind SQLAlchemy, bcrypt behind passlib).
CHECK = r"""
import importlib, json, sys
function_dir, layer_dir, probe = sys.argv[1:4]
sys.path[:0] = [function_dir, layer_dir]
assert not [p for p in sys.path if "site-packages" in p], sys.path
module = importlib.import_module("app")
assert callable(module.handler)

import sqlalchemy
sqlalchemy.create_engine("postgresql+pg8000://u:p@db.invalid/x")  # loads pg8000

if probe == "api":
    from uam.auth import passwords
    assert passwords.verify_password("pw", passwords.hash_password("pw"))
    event = {
        "version": "2.0", "routeKey": "ANY /{proxy+}", "rawPath": "/openapi.json",
        "rawQueryString": "", "headers": {"host": "api.example.com"},
        "requestContext": {
            "http": {"method": "GET", "path": "/openapi.json", "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.7", "userAgent": "check"},
            "requestId": "built-check", "routeKey": "ANY /{proxy+}", "stage": "$default",
            "timeEpoch": 0,
        },
        "isBase64Encoded": False,
    }
    class Context:
        function_name = "ApiFunction"; memory_limit_in_mb = 512; aws_request_id = "built-check"
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:ApiFunction"
        def get_remaining_time_in_millis(self): return 29000
    response = module.handler(event, Context())
    assert response["statusCode"] == 200, response
    assert len(json.loads(response["body"])["paths"]) >= 25

uam = sys.modules["uam"]
print(json.dumps({"uam": uam.__file__, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build_dir = tmp_path_factory.mktemp("sam") / "build"
    result = build(build_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    # The bug this guards against: SAM skipped the layer's dependencies and still succeeded.
    assert "requirements.txt file not found" not in output, output
    return build_dir


def test_every_zip_function_and_the_layer_are_built(built: Path) -> None:
    built_template = load_template(built / "template.yaml")
    functions = zip_functions(load_template(ROOT / "template.yaml"))
    assert functions, "the template has zip functions"
    for logical in functions:
        props = built_template["Resources"][logical]["Properties"]
        assert props["CodeUri"] == logical, f"{logical} was not built"
        assert (built / logical / "app.py").is_file()
    assert (built / "SharedLayer" / "python" / "uam" / "__init__.py").is_file()


@pytest.mark.parametrize("logical", zip_functions(load_template(ROOT / "template.yaml")))
def test_each_handler_imports_from_the_built_artifacts_alone(built: Path, logical: str) -> None:
    function_dir = built / logical
    layer_dir = built / "SharedLayer" / "python"
    probe = "api" if logical == "ApiFunction" else "plain"
    # -I: no PYTHONPATH, no user site, no current dir; -S: no site-packages (the venv's).
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", CHECK, str(function_dir), str(layer_dir), probe],
        env={"PATH": os.environ.get("PATH", ""), **FUNCTION_ENV},
        cwd=built,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["uam"]).is_relative_to(layer_dir)
    # The lean API stays lean in the cloud too: no analytics library reached its import path.
    assert not {"pandas", "numpy", "sklearn", "matplotlib"} & set(report["modules"])


def test_analytics_libraries_are_not_in_any_zip_artifact(built: Path) -> None:
    """They belong to the image; a zip function or the layer carrying them would be oversize."""
    for folder in [
        *(built / name for name in zip_functions(load_template(ROOT / "template.yaml"))),
        built / "SharedLayer" / "python",
    ]:
        present = {p.name for p in folder.iterdir()}
        assert not {"pandas", "numpy", "sklearn", "matplotlib", "pyarrow"} & present, folder
