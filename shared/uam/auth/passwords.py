"""Password hashing: bcrypt over an HMAC-SHA256 pre-hash.

bcrypt reads only the first 72 bytes of its input; `bcrypt_sha256` pre-hashes so that
two passwords sharing their first 72 bytes never verify against each other.
"""

from functools import lru_cache

from passlib.context import CryptContext

from uam.config import get_auth_settings


@lru_cache
def _context() -> CryptContext:
    rounds = get_auth_settings().bcrypt_rounds
    return CryptContext(schemes=["bcrypt_sha256"], bcrypt_sha256__rounds=rounds)


@lru_cache
def _dummy_hash() -> str:
    return _context().hash("not-a-real-password-used-only-for-timing")


def hash_password(password: str) -> str:
    return _context().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no hash (unknown user) spend the same time and say no."""
    if password_hash is None:
        # Hashing against a dummy keeps "unknown email" as slow as "wrong password".
        _context().verify(password, _dummy_hash())
        return False
    return _context().verify(password, password_hash)


def clear_cache() -> None:
    _context.cache_clear()
    _dummy_hash.cache_clear()
