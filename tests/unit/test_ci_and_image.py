"""The GitHub workflow runs what our CI runs, and the analytics image can be built from the repo.

No Docker engine runs here, so the image itself is built only by the workflow; what can be
checked without one is checked here: every file the Dockerfile copies exists, every requirements
file that requirements.txt includes reaches the image, and the workflow imports every image
function's handler inside the image.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from infra.local.template import load_template
from infra.sam_build import image_functions

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text())
CI_RUN = (REPO / ".ci" / "run").read_text()
DOCKERFILE = (REPO / "infra" / "images" / "analytics.Dockerfile").read_text()
TEMPLATE = load_template(REPO / "template.yaml")


def _commands(job: str) -> list[str]:
    return [step["run"] for step in WORKFLOW["jobs"][job]["steps"] if "run" in step]


def test_the_workflow_ci_job_is_exactly_ci_run_on_the_lambda_python() -> None:
    job = WORKFLOW["jobs"]["ci"]
    assert _commands("ci") == ["bash .ci/run"]
    python = next(
        s["with"]["python-version"] for s in job["steps"] if "setup-python" in s.get("uses", "")
    )
    runtimes = {
        (r.get("Properties") or {}).get("Runtime")
        for r in TEMPLATE["Resources"].values()
        if r["Type"] == "AWS::Serverless::Function"
    } - {None}
    assert runtimes == {f"python{python}"}


def test_ci_run_lints_audits_and_runs_the_readme_test_command() -> None:
    commands = [line for line in CI_RUN.splitlines() if line.startswith(".venv/")]
    for expected in (
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/cfn-lint template.yaml",
        ".venv/bin/python -m infra.openapi --check",
        ".venv/bin/python -m infra.audit",
        ".venv/bin/pytest",
    ):
        assert expected in commands
    readme = (REPO / "README.md").read_text()
    assert "&& .venv/bin/pytest\n" in readme


def test_every_file_the_dockerfile_copies_exists() -> None:
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY "):
            *sources, _destination = line.split()[1:]
            for source in sources:
                assert (REPO / source).exists(), f"Dockerfile copies {source}, which is missing"


def test_every_requirements_file_requirements_txt_includes_reaches_the_image() -> None:
    included = re.findall(r"^-r\s+(\S+)", (REPO / "requirements.txt").read_text(), re.M)
    assert included
    for path in included:
        assert re.search(
            rf"^COPY {re.escape(path)} /tmp/req/{re.escape(str(Path(path).parent))}/$",
            DOCKERFILE,
            re.M,
        ), path


def test_the_workflow_imports_every_image_functions_handler_inside_the_image() -> None:
    loop = next(c for c in _commands("images") if "docker run" in c)
    listed = set(
        re.search(r"for function in (.*?); do", loop, re.S).group(1).replace("\\", " ").split()
    )
    commands = {
        TEMPLATE["Resources"][name]["Properties"]["ImageConfig"]["Command"][0]
        for name in image_functions(TEMPLATE)
    }
    assert {f"functions.{name}.app.handler" for name in listed} == commands
    assert "awslambdaric" in loop  # the image's entrypoint


def test_the_zip_functions_each_have_the_requirements_file_sam_build_reads() -> None:
    for resource in TEMPLATE["Resources"].values():
        props = resource.get("Properties") or {}
        uri = props.get("CodeUri") or props.get("ContentUri")
        if resource["Type"].startswith("AWS::Serverless::") and isinstance(uri, str):
            assert (REPO / uri / "requirements.txt").is_file(), uri
