"""Time limits of sign-in and sessions, from the environment (defaults: the organisation's policy)."""

from __future__ import annotations

import datetime as dt
import os

from khlang.errors import KhlangError


def _minutes(name: str, default: int) -> dt.timedelta:
    text = os.environ.get(name)
    if not text:
        return dt.timedelta(minutes=default)
    try:
        value = int(text)
    except ValueError:
        raise KhlangError(f"{name}: expected a whole number of minutes, got {text!r}") from None
    if value <= 0:
        raise KhlangError(f"{name}: must be more than 0, got {value}")
    return dt.timedelta(minutes=value)


def session_idle() -> dt.timedelta:
    """A console session ends after this long without a request (KHLANG_SESSION_IDLE_MINUTES, 30)."""
    return _minutes("KHLANG_SESSION_IDLE_MINUTES", 30)


def session_lifetime() -> dt.timedelta:
    """A console session ends this long after sign-in, however active (KHLANG_SESSION_MAX_MINUTES, 12 h)."""
    return _minutes("KHLANG_SESSION_MAX_MINUTES", 12 * 60)


def failure_window() -> dt.timedelta:
    """Failed sign-ins are counted over this window (KHLANG_SIGNIN_WINDOW_MINUTES, 15)."""
    return _minutes("KHLANG_SIGNIN_WINDOW_MINUTES", 15)


def lock_time() -> dt.timedelta:
    """How long an account stays locked after too many failures (KHLANG_SIGNIN_LOCK_MINUTES, 15)."""
    return _minutes("KHLANG_SIGNIN_LOCK_MINUTES", 15)


def max_failures() -> int:
    """Failures within the window that lock the account (KHLANG_SIGNIN_MAX_FAILURES, 5)."""
    text = os.environ.get("KHLANG_SIGNIN_MAX_FAILURES") or "5"
    try:
        return max(1, int(text))
    except ValueError:
        raise KhlangError(f"KHLANG_SIGNIN_MAX_FAILURES: expected a whole number, got {text!r}") from None
