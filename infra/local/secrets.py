"""The local stack's SECRET_KEY: given in the environment, or generated once and kept."""

import os
import secrets
from pathlib import Path

from uam.config import MIN_SECRET_BYTES


def load_or_create_secret(data_dir: Path) -> str:
    given = os.environ.get("SECRET_KEY")
    if given:
        return given
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    # Kept in the data dir so tokens stay valid across restarts of the same stack.
    secret = secrets.token_urlsafe(MIN_SECRET_BYTES * 2)
    path.touch(mode=0o600)
    path.write_text(secret)
    return secret
