"""Two admins demoting each other at the same moment: one wins, an admin always remains."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests.factories import Account
from tests.integration.admin.conftest import sql
from uam.admin import service
from uam.admin.schemas import UserUpdate
from uam.auth.exceptions import NotAdmin
from uam.db.engine import session_scope

pytestmark = pytest.mark.integration


def test_mutual_demotion_is_serialised(client: TestClient, admin: Account, member: Account) -> None:
    first, second = uuid.UUID(admin.user["id"]), uuid.UUID(member.user["id"])
    patched = client.patch(f"/admin/users/{second}", json={"role": "admin"}, headers=admin.headers)
    assert patched.status_code == 200
    demote = UserUpdate(role="user")
    holding = threading.Event()

    def second_demotes_first() -> object:
        holding.wait()
        try:
            with session_scope() as session:
                return service.update_user(first, demote, actor_id=second, session=session).role
        except NotAdmin as exc:
            return exc

    with ThreadPoolExecutor(1) as pool:
        with session_scope() as session:
            service.update_user(second, demote, actor_id=first, session=session)
            other = pool.submit(second_demotes_first)
            holding.set()
            # Give the other transaction time to read (and, without the row lock, to win).
            time.sleep(0.5)
        outcome = other.result(timeout=30)

    assert isinstance(outcome, NotAdmin), outcome
    roles = dict(sql("SELECT email, role FROM users"))
    assert roles == {admin.email: "admin", member.email: "user"}
