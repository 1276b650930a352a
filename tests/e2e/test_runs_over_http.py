"""Analysis runs as a user gets them: the local stack over HTTP, the real workflow, real data."""

import io
import json
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from tests.e2e.conftest import PENGUINS, FinishedRun, RunningStack
from tests.e2e.conftest import finished_run as run_to_the_end
from tests.run_flows import Client, follow, sign_up, start, upload

pytestmark = pytest.mark.e2e
DATA = Path(__file__).parents[1] / "data"
HITTERS = DATA / "real" / "hitters.csv"  # regression: Salary, missing for 59 of 322 players


@pytest.fixture(scope="module")
def analyst(stack: RunningStack) -> Client:
    return sign_up(stack.http())


def finished_run(analyst: Client, path: Path, **options: object) -> tuple[dict, list[dict]]:
    run = run_to_the_end(analyst, path, **options)
    return run.status, run.artifacts


def download(artifact: dict) -> bytes:
    return httpx.get(artifact["download_url"]).raise_for_status().content


def check_outputs(status: dict, artifacts: list[dict], *, min_pages: int = 3) -> dict:
    messages = [line["message"] for line in status["logs"]]
    assert len(messages) >= 8 and any("run succeeded" in m for m in messages)
    by_type: dict[str, list[dict]] = {}
    for artifact in artifacts:
        by_type.setdefault(artifact["type"], []).append(artifact)
    assert len(by_type["chart"]) >= 4
    assert all(download(c)[:8] == b"\x89PNG\r\n\x1a\n" for c in by_type["chart"][:4])
    (report,) = by_type["report"]
    pdf = PdfReader(io.BytesIO(download(report)))
    assert len(pdf.pages) >= min_pages
    (manifest,) = by_type["manifest"]
    listed = json.loads(download(manifest))["artifacts"]
    assert len(listed) == len(artifacts) - 1  # everything but the manifest itself
    assert all(entry["sha256"] and entry["size_bytes"] > 0 for entry in listed)
    return {"report": report, "pdf": pdf, "by_type": by_type}


def test_classification_on_penguins_succeeds_and_beats_the_baseline(
    penguins_run: FinishedRun,
) -> None:
    analyst, status = penguins_run.owner, penguins_run.status
    outputs = check_outputs(status, penguins_run.artifacts)
    models = sorted((m["metadata"] for m in outputs["by_type"]["model"]), key=lambda m: m["rank"])
    assert len(models) >= 3 and models[0]["metric"] == "balanced_accuracy"
    best = models[0]["holdout"]["balanced_accuracy"]
    baseline = outputs["report"]["metadata"]["baseline_score"]
    assert best >= 0.9 and baseline <= 0.5  # three species: guessing gets a third
    listed = analyst.http.get(f"/models?run_id={status['run_id']}", headers=analyst.headers).json()
    assert [m["name"] for m in listed] == [m["name"] for m in models]  # best first
    assert {f["name"] for f in listed[0]["features"]} <= {
        "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g",
        "sex", "year",
    }  # fmt: skip
    text = "".join(page.extract_text() for page in outputs["pdf"].pages[:2])
    assert "species" in text and models[0]["name"].split("_")[0] in text.lower()


def test_regression_on_hitters_succeeds_and_beats_the_baseline(analyst: Client) -> None:
    status, artifacts = finished_run(analyst, HITTERS, target="Salary", time_budget_s=60)
    outputs = check_outputs(status, artifacts)
    assert any("59 rows without a target value" in line["message"] for line in status["logs"])
    best = min(outputs["by_type"]["model"], key=lambda m: m["metadata"]["rank"])["metadata"]
    assert best["metric"] == "r2"
    assert best["holdout"]["r2"] >= 0.3 > outputs["report"]["metadata"]["baseline_score"]


def test_without_a_target_a_run_profiles_and_reports_but_trains_nothing(analyst: Client) -> None:
    status, artifacts = finished_run(analyst, PENGUINS)
    types = {a["type"] for a in artifacts}
    assert "model" not in types and {"chart", "report", "manifest", "eda"} <= types
    assert any("no target chosen" in line["message"] for line in status["logs"])


def test_cancelling_a_running_run_ends_it_cancelled(analyst: Client) -> None:
    dataset_id = upload(analyst, HITTERS)
    run_id = start(analyst, dataset_id, target="Salary", time_budget_s=300).json()["run_id"]
    url = f"/runs/{run_id}/status"
    for _ in range(200):
        if analyst.http.get(url, headers=analyst.headers).json()["status"] == "RUNNING":
            break
    response = analyst.http.post(f"/runs/{run_id}/cancel", headers=analyst.headers)
    assert response.status_code == 202 and response.json()["status"] == "CANCELLED"
    followed = follow(analyst, run_id, timeout_s=10)
    assert followed.status["status"] == "CANCELLED"
