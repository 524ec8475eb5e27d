"""Passwords: Argon2id hashes (argon2-cffi), a minimum length, and nothing ever logged or echoed."""

from __future__ import annotations

import contextlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from khlang.errors import KhlangError

MIN_LENGTH = 10
_HASHER = PasswordHasher()
# Verified against when the account is unknown, so a wrong username costs as long as a wrong password.
_DUMMY = _HASHER.hash(secrets.token_urlsafe(16))


class WeakPassword(KhlangError):
    """A password the organisation would not accept (too short, the username itself)."""

    exit_code = 2


def check_strength(password: str, username: str) -> None:
    """Refuse a short password, or one that is the username; the message never repeats the password."""
    if len(password or "") < MIN_LENGTH:
        raise WeakPassword(f"password: at least {MIN_LENGTH} characters (รหัสผ่านอย่างน้อย {MIN_LENGTH} ตัวอักษร)")
    if password.strip().lower() == username.lower():
        raise WeakPassword("password: must not be the username (รหัสผ่านต้องไม่ซ้ำกับชื่อผู้ใช้)")


def hash_password(password: str) -> str:
    """The Argon2id hash to keep in the store."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when `password` matches the stored hash (False for any malformed or missing hash)."""
    if not stored:
        _waste(password)
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _waste(password: str) -> None:
    with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        _HASHER.verify(_DUMMY, password or "-")


def random_password() -> str:
    """A random password for demo accounts and resets (about 128 bits)."""
    return secrets.token_urlsafe(16)
