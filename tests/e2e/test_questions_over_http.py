"""POST /nlq as a client gets it: the local stack sends the route to the NLQ function (from
template.yaml), which answers from the dataset's Parquet copy with DuckDB."""

import tempfile
from pathlib import Path

import httpx
import pandas as pd
import pytest

from tests.e2e.conftest import PENGUINS, PROJECT_ROOT, RunningStack
from tests.nlq_question_set import CASES, score
from tests.run_flows import Client, sign_up, upload
from uam.analysis.frame import load_frame
from uam.datasets.parsing import ParseLimits, parse_file, write_parquet

pytestmark = pytest.mark.e2e
HOSTILE = [
    "'; DROP TABLE users; --",
    'how many rows where island = "Biscoe"; DELETE FROM datasets; --',
    "SELECT * FROM read_csv('/etc/passwd')",
    "average body_mass_g by species) UNION SELECT password_hash FROM users --",
    "how many rows where sex = 'male' OR 1=1",
    "combien de manchots à Biscoe ? 🐧 \u202e\u0000",
    "count of rows where island in ('Biscoe'); ATTACH 'x.db' AS x",
    "x" * 999,
]


QUESTION_SET_FILES = {
    "penguins": PENGUINS,
    "hitters": PROJECT_ROOT / "tests" / "data" / "real" / "hitters.csv",
    "carseats": PROJECT_ROOT / "tests" / "data" / "real" / "carseats.csv",
}


def reference_frame(csv: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table as ingest types it, read by pandas here: the expected answers' source."""
    parsed = parse_file(csv, filename=csv.name, limits=ParseLimits())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.parquet"
        write_parquet(parsed, path)
        types = {c.name: c.dtype for c in parsed.columns}
        return load_frame(path, types), types


def test_the_question_set_over_http_is_answered_right_or_declined(stack: RunningStack) -> None:
    client = sign_up(stack.http())
    ids = {name: upload(client, csv) for name, csv in QUESTION_SET_FILES.items()}
    frames = {name: reference_frame(csv) for name, csv in QUESTION_SET_FILES.items()}

    def ask_over_http(dataset: str, question: str):
        response = ask(client, ids[dataset], question)
        assert response.status_code == 200, (question, response.text)
        body = response.json()
        rows = body["answer"]["rows"] if body["supported"] else []
        return body["supported"], rows, body["interpretation"], body["reason"]

    result = score(ask_over_http, frames.__getitem__)
    print(result.report("NLQ question set, over HTTP on the local stack"))
    assert len(CASES) >= 60 and len(result.figures) >= 3
    assert not result.wrong, "answered with a wrong result:\n" + "\n".join(result.wrong)
    assert result.total["correct"] / result.total["asked"] >= 0.9, result.unsupported


@pytest.fixture(scope="module")
def asker(stack: RunningStack) -> tuple[Client, str]:
    client = sign_up(stack.http())
    return client, upload(client, PENGUINS)


def ask(client: Client, dataset_id: str, question: str) -> httpx.Response:
    return client.http.post(
        "/nlq", json={"dataset_id": dataset_id, "question": question}, headers=client.headers
    )


def test_questions_are_answered_with_an_interpretation_sql_and_a_chart(
    asker: tuple[Client, str],
) -> None:
    client, dataset_id = asker
    frame = pd.read_csv(PENGUINS)
    response = ask(client, dataset_id, "how many rows are there?")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["supported"] is True and body["answer"]["rows"] == [[len(frame)]]
    assert body["interpretation"] and body["sql"]

    grouped = ask(client, dataset_id, "average body mass by species").json()
    assert grouped["supported"] is True, grouped
    expected = frame.groupby("species")["body_mass_g"].mean()
    got = {row[0]: row[-1] for row in grouped["answer"]["rows"]}
    assert got.keys() == set(expected.index)
    assert all(abs(got[k] - expected[k]) < 1e-6 for k in expected.index)
    chart = httpx.get(grouped["chart"]["download_url"])
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.headers["content-type"] == "image/png"


def test_what_is_not_understood_says_so_with_examples_from_this_dataset(
    asker: tuple[Client, str],
) -> None:
    client, dataset_id = asker
    body = ask(client, dataset_id, "why are penguins so cute").json()
    assert body["supported"] is False and body["answer"] is None
    assert 3 <= len(body["examples"]) <= 5
    columns = set(pd.read_csv(PENGUINS, nrows=1).columns)
    assert all(any(c in e or c.replace("_", " ") in e for c in columns) for e in body["examples"])
    for example in body["examples"]:  # what we suggest must itself be understood
        assert ask(client, dataset_id, example).json()["supported"] is True, example


def test_hostile_questions_change_nothing_and_never_fail(
    stack: RunningStack, asker: tuple[Client, str]
) -> None:
    client, dataset_id = asker
    for question in HOSTILE:
        response = ask(client, dataset_id, question)
        assert response.status_code == 200, (question, response.text)
        body = response.json()
        if body["supported"]:  # answered: then only from this dataset's own columns
            assert "users" not in (body["sql"] or "").lower()
    too_long = ask(client, dataset_id, "how many rows " * 80)
    assert too_long.status_code == 422
    huge = ask(client, dataset_id, "x" * 100_000)
    assert huge.status_code == 422
    # Nothing was dropped or deleted: the account, the dataset and its answers are intact.
    assert client.http.get("/auth/me", headers=client.headers).status_code == 200
    assert client.http.get(f"/datasets/{dataset_id}", headers=client.headers).json()["rows"] == 344
    assert ask(client, dataset_id, "how many rows").json()["answer"]["rows"] == [[344]]


def test_another_users_dataset_is_not_found(stack: RunningStack, asker: tuple[Client, str]) -> None:
    _, dataset_id = asker
    stranger = sign_up(stack.http())
    response = ask(stranger, dataset_id, "how many rows")
    assert response.status_code == 404 and response.json() == {"detail": "dataset not found"}
    no_token = stranger.http.post("/nlq", json={"dataset_id": dataset_id, "question": "rows"})
    assert no_token.status_code == 401
