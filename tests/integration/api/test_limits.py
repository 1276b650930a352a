"""Everything a client controls is bounded: past a limit the answer is a 413 or a 422 with a
sentence, never a 500 and never a hang."""

import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account, create_project, register
from uam.config import clear_settings_cache

pytestmark = pytest.mark.integration

JSON = {"Content-Type": "application/json"}


def detail(response) -> str:
    """The sentence: the API's own {"detail": "..."}, or the first of FastAPI's checks."""
    body = response.json()["detail"]
    return body if isinstance(body, str) else body[0]["msg"]


@pytest.fixture
def owner(client: TestClient) -> Account:
    return register(client)


@pytest.fixture
def model_id(client: TestClient, owner: Account) -> str:
    """A model row of the owner's (rows are checked before the model file is ever read)."""
    from uam.db.engine import session_scope
    from uam.models.models import ModelMeta
    from uam.runs.models import Run

    project = create_project(client, owner)
    features = [{"name": "island", "dtype": "categorical"}, {"name": "year", "dtype": "numeric"}]
    with session_scope() as session:
        run = Run(
            project_id=uuid.UUID(project["id"]),
            user_id=uuid.UUID(owner.user["id"]),
            status="SUCCEEDED",
        )
        session.add(run)
        session.flush()
        model = ModelMeta(
            run_id=run.id,
            name="ridge",
            task="regression",
            target="body_mass_g",
            features_json=features,
            storage_key=f"runs/{run.id}/models/ridge.pkl",
            sha256="0" * 64,
        )
        session.add(model)
        session.flush()
        return str(model.id)


def setenv(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    clear_settings_cache()


# --- request body size -------------------------------------------------------------------


def test_a_json_body_over_the_limit_is_413_before_any_route_runs(client: TestClient) -> None:
    big = b'{"name": "' + b"x" * (1024**2 + 10) + b'"}'
    for path in ("/auth/register", "/projects", "/datasets/presign", "/runs/start"):
        response = client.post(path, content=big, headers=JSON)
        assert response.status_code == 413, (path, response.text)
        assert detail(response) == (
            "the request body is over this route's limit of 1,048,576 bytes: "
            "no request of this API needs a bigger one"
        )


def test_a_body_streamed_without_a_length_is_counted(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    setenv(monkeypatch, MAX_BODY_BYTES="1000")

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    response = client.post("/auth/register", content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "limit of 1,000 bytes" in detail(response)


def test_predict_and_upload_have_their_own_body_limits(
    client: TestClient, owner: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    setenv(monkeypatch, MAX_PREDICT_BYTES="2000", MAX_MULTIPART_BYTES="3000")
    rows = b'{"rows": [' + b",".join([b'{"island": "Biscoe"}'] * 200) + b"]}"
    response = client.post(f"/models/{uuid.uuid4()}/predict", content=rows, headers=JSON)
    assert response.status_code == 413
    assert detail(response) == (
        "the request body is over this route's limit of 2,000 bytes: "
        "split the rows over several requests"
    )
    project = create_project(client, owner)
    response = client.post(
        "/datasets/upload",
        data={"project_id": project["id"]},
        files={"file": ("big.csv", b"a,b\n" + b"1,2\n" * 50_000, "text/csv")},
        headers=owner.headers,
    )
    assert response.status_code == 413
    assert "limit of 3,000 bytes" in detail(response)
    assert "POST /datasets/presign" in detail(response)
    # Under the default 1 MiB a predict body of 1.5 MB still reaches the route.
    setenv(monkeypatch, MAX_PREDICT_BYTES=str(4 * 1024**2))
    rows = b'{"rows": [' + b",".join([b'{"island": "Biscoe"}'] * 80_000) + b"]}"
    response = client.post(f"/models/{uuid.uuid4()}/predict", content=rows, headers=JSON)
    assert response.status_code == 401  # the route ran: it wants a token


# --- JSON nesting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000, b"[" * 100_000],
    ids=["arrays", "objects", "unclosed"],
)
def test_deeply_nested_json_is_422_quickly(client: TestClient, owner: Account, body: bytes) -> None:
    for path in ("/auth/login", "/projects", f"/models/{uuid.uuid4()}/predict", "/nlq"):
        started = time.perf_counter()
        response = client.post(path, content=body, headers={**JSON, **owner.headers})
        assert time.perf_counter() - started < 5
        assert response.status_code == 422, (path, response.text)
        assert detail(response) == (
            "the JSON body nests arrays and objects more than 64 levels deep; at most 64 are "
            "accepted"
        )


def test_brackets_inside_strings_and_shallow_bodies_are_not_counted(
    client: TestClient, owner: Account
) -> None:
    # 150 brackets and an escaped quote, all inside a string: a name, not a structure.
    body = '{"name": "\\"' + "[" * 150 + '"}'
    response = client.post("/projects", content=body, headers={**JSON, **owner.headers})
    assert response.status_code == 201, response.text
    assert response.json()["name"] == '"' + "[" * 150
    nested = b'{"name": ' + b"[" * 60 + b"]" * 60 + b"}"
    response = client.post("/projects", content=nested, headers={**JSON, **owner.headers})
    assert response.status_code == 422  # the schema's answer, not the depth limit
    assert "levels deep" not in response.text


def test_an_unreadable_number_in_a_prediction_is_422_not_500(
    client: TestClient, owner: Account, model_id: str
) -> None:
    body = b'{"rows": [{"year": ' + b"1" * 5000 + b"}]}"
    response = client.post(
        f"/models/{model_id}/predict", content=body, headers={**JSON, **owner.headers}
    )
    assert response.status_code == 422
    assert detail(response).startswith("the body has a value that cannot be read")


# --- rows and columns of a prediction ----------------------------------------------------


def test_predict_rows_and_columns_are_bounded(
    client: TestClient, owner: Account, model_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"/models/{model_id}/predict"
    wide = {f"c{i}": 1 for i in range(1001)}
    response = client.post(url, json={"rows": [wide]}, headers=owner.headers)
    assert response.status_code == 413
    assert detail(response) == (
        "1,001 columns is over the limit of 1,000 columns per request: "
        "send only the columns the model was trained on"
    )
    # Columns across rows count together.
    rows = [{f"c{i}": 1 for i in range(j, j + 600)} for j in (0, 600)]
    assert client.post(url, json={"rows": rows}, headers=owner.headers).status_code == 413
    header = ",".join(f"c{i}" for i in range(1001)).encode()
    files = {"file": ("p.csv", header + b"\n" + b"1," * 1000 + b"1\n", "text/csv")}
    response = client.post(url, files=files, headers=owner.headers)
    assert response.status_code == 413 and "1,001 columns" in detail(response)

    setenv(monkeypatch, MAX_PREDICT_ROWS="10", MAX_PREDICT_COLUMNS="3")
    response = client.post(url, json={"rows": [{"year": 1}] * 11}, headers=owner.headers)
    assert response.status_code == 413
    assert detail(response) == "11 rows is over the limit of 10 rows per request: split them"
    response = client.post(
        url, json={"rows": [{"a": 1, "b": 2, "c": 3, "d": 4}]}, headers=owner.headers
    )
    assert response.status_code == 413 and "limit of 3 columns" in detail(response)


# --- text fields -------------------------------------------------------------------------


def test_a_question_over_1000_characters_is_422(client: TestClient, owner: Account) -> None:
    body = {"dataset_id": str(uuid.uuid4()), "question": "x" * 1001}
    response = client.post("/nlq", json=body, headers=owner.headers)
    assert response.status_code == 422
    assert detail(response) == "String should have at most 1000 characters"


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        ({"name": "x" * 201, "email": "a@example.com", "password": "p" * 12}, "at most 200"),
        ({"name": "A", "email": "a" * 300 + "@example.com", "password": "p" * 12}, "too long"),
        ({"name": "A", "email": "a@example.com", "password": "p" * 257}, "at most 256"),
    ],
    ids=["name", "email", "password"],
)
def test_registration_fields_are_bounded(client: TestClient, body: dict, sentence: str) -> None:
    response = client.post("/auth/register", json=body)
    assert response.status_code == 422
    assert sentence in detail(response)


def test_a_long_password_is_refused_over_256_characters_and_never_truncated(
    client: TestClient,
) -> None:
    # bcrypt reads 72 bytes; the HMAC-SHA256 pre-hash makes every character count.
    account = register(client, password="p" * 200)
    login = {"email": account.email, "password": "p" * 199 + "q"}
    assert client.post("/auth/login", json=login).status_code == 401
    login["password"] = "p" * 200
    assert client.post("/auth/login", json=login).status_code == 200


def test_project_name_and_description_are_bounded(client: TestClient, owner: Account) -> None:
    response = client.post("/projects", json={"name": "x" * 201}, headers=owner.headers)
    assert response.status_code == 422 and "at most 200" in detail(response)
    body = {"name": "ok", "description": "x" * 5001}
    response = client.post("/projects", json=body, headers=owner.headers)
    assert response.status_code == 422 and "at most 5000" in detail(response)


def test_run_option_names_are_bounded(client: TestClient, owner: Account) -> None:
    for options in ({"metric": "m" * 101}, {"task": "t" * 101}, {"models": ["m" * 101]}):
        ids = {"project_id": str(uuid.uuid4()), "dataset_id": str(uuid.uuid4())}
        body = {**ids, "options": options}
        response = client.post("/runs/start", json=body, headers=owner.headers)
        assert response.status_code == 422, options
        assert "at most 100" in detail(response)


# --- file names --------------------------------------------------------------------------


def test_a_file_name_over_1024_characters_is_422(client: TestClient, owner: Account) -> None:
    project = create_project(client, owner)
    name = "n" * 1021 + ".csv"
    body = {"project_id": project["id"], "filename": name, "size": 10}
    response = client.post("/datasets/presign", json=body, headers=owner.headers)
    assert response.status_code == 422
    assert detail(response) == "String should have at most 1024 characters"
    response = client.post(
        "/datasets/upload",
        data={"project_id": project["id"]},
        files={"file": (name, b"a,b\n1,2\n", "text/csv")},
        headers=owner.headers,
    )
    assert response.status_code == 422
    assert detail(response) == (
        "the file name is 1,025 characters long; at most 1,024 are accepted: rename the file"
    )


# --- page sizes --------------------------------------------------------------------------


def test_page_sizes_are_bounded(
    client: TestClient, owner: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = client.get(f"/datasets/{uuid.uuid4()}/preview?rows=101", headers=owner.headers)
    assert response.status_code == 422
    assert detail(response) == "Input should be less than or equal to 100"
    setenv(monkeypatch, UAM_ADMIN_EMAILS="boss@example.com")
    admin = register(client, "boss@example.com")
    for path in ("/admin/users", "/admin/logs", "/admin/audit"):
        response = client.get(f"{path}?limit=201", headers=admin.headers)
        assert response.status_code == 422, path
        assert detail(response) == "Input should be less than or equal to 200"
        response = client.get(f"{path}?offset={10**9 + 1}", headers=admin.headers)
        assert response.status_code == 422, path
    response = client.get(f"/admin/users?q={'x' * 321}", headers=admin.headers)
    assert response.status_code == 422
    assert detail(response) == "String should have at most 320 characters"


def test_a_nul_character_is_422_before_it_reaches_the_database(
    client: TestClient, owner: Account
) -> None:
    """PostgreSQL cannot store U+0000 in text: it used to fail there, as a 500 (fuzzing).
    Where a field is sanitized (file names, questions) the NUL is dropped instead."""
    project = create_project(client, owner)
    for method, path, body in (
        ("POST", "/projects", '{"name": "a\\u0000b"}'),
        ("PATCH", f"/projects/{project['id']}", '{"description": "\\u0000"}'),
        (
            "POST",
            "/auth/register",
            '{"name": "\\u0000", "email": "n@example.com", "password": "long enough pw"}',
        ),
    ):
        response = client.request(method, path, content=body, headers={**JSON, **owner.headers})
        assert response.status_code == 422, (path, response.text)
        assert "NUL character" in detail(response)
    # An escaped backslash followed by the letters u0000 is text like any other.
    literal = client.post(
        "/projects", content='{"name": "a\\\\u0000b"}', headers={**JSON, **owner.headers}
    )
    assert literal.status_code == 201 and literal.json()["name"] == "a\\u0000b"
    names = [p["name"] for p in client.get("/projects", headers=owner.headers).json()]
    assert sorted(names) == sorted([project["name"], "a\\u0000b"])
