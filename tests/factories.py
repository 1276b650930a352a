"""Small factories for tests: users and projects made through the public API."""

import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient

UPLOADS_BUCKET = "uam-test-uploads"
PASSWORD = "correct horse battery staple"


@dataclass
class Account:
    email: str
    access_token: str
    refresh_token: str
    user: dict

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def register(client: TestClient, email: str | None = None, password: str = PASSWORD) -> Account:
    email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    response = client.post(
        "/auth/register", json={"name": "Ada Lovelace", "email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Account(email, body["access_token"], body["refresh_token"], body["user"])


def create_project(client: TestClient, account: Account, name: str = "Churn") -> dict:
    response = client.post("/projects", json={"name": name}, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()
