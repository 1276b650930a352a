"""`python -m infra.sam_build [--build-dir DIR]`: `sam build` of the zip functions and the layer.

The image functions need Docker to build, which a laptop or this CI may not have; the GitHub
workflow builds them. Everything else is built exactly as `sam build` does before a deploy:
the shared layer from `shared/requirements.txt`, each zip function from its own
`requirements.txt`, for the Lambda platform (manylinux wheels for the function's runtime).

SAM CLI comes from `.venv-tools` (infra/tools.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from infra.local.template import load_template
from infra.tools import ROOT, tool

TEMPLATE = ROOT / "template.yaml"


def image_functions(template: dict) -> list[str]:
    return sorted(
        logical
        for logical, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
        and (resource.get("Properties") or {}).get("PackageType") == "Image"
    )


def zip_functions(template: dict) -> list[str]:
    return sorted(
        logical
        for logical, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
        and (resource.get("Properties") or {}).get("PackageType", "Zip") == "Zip"
    )


def build(build_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `sam build` of everything but the image functions into build_dir."""
    excludes = [
        arg for name in image_functions(load_template(TEMPLATE)) for arg in ("--exclude", name)
    ]
    command = [
        str(tool("sam")),
        "build",
        "--template-file",
        str(TEMPLATE),
        "--build-dir",
        str(build_dir),
    ]
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0"}
    return subprocess.run(
        [*command, *excludes], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / ".aws-sam" / "build")
    args = parser.parse_args(argv)
    result = build(args.build_dir)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
