"""Identifier arithmetic (Thai ID mod-11, EAN-13), private to the generator so it stays self-contained."""

from __future__ import annotations

import numpy as np

_WEIGHTS = np.arange(13, 1, -1, dtype=np.int64)  # 13, 12, ..., 2


def _check_digit(first12: str) -> int:
    """Thai national/juristic ID check digit, the 13th digit of a valid ID."""
    s = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - s % 11) % 10


def _is_valid_id(s: str) -> bool:
    """True when s is 13 digits whose last digit is the mod-11 check of the first 12."""
    return len(s) == 13 and s.isdigit() and _check_digit(s[:12]) == int(s[12])


def with_check(first12: str) -> str:
    """Complete 12 digits into a valid 13-digit Thai ID."""
    return first12 + str(_check_digit(first12))


def with_wrong_check(first12: str, offset: int) -> str:
    """Complete 12 digits into a 13-digit string that fails the Thai ID checksum."""
    assert 1 <= offset <= 9
    return first12 + str((_check_digit(first12) + offset) % 10)


def ean13(first12: str) -> str:
    """Append the GS1 EAN-13 check digit."""
    s = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - s % 10) % 10)


def check_digits_vec(prefix12: np.ndarray) -> np.ndarray:
    """Vectorised Thai ID check digits of 12-digit integers (for millions of lot codes)."""
    s = np.zeros(prefix12.shape, dtype=np.int64)
    rest = prefix12.astype(np.int64, copy=True)
    for w in range(2, 14):  # least significant digit has weight 2
        s += (rest % 10) * w
        rest //= 10
    return (11 - s % 11) % 10


def lot_codes(prefix12: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """13-digit lot numbers (as int64) whose last digit is never the Thai ID check digit."""
    bad = (check_digits_vec(prefix12) + rng.integers(1, 10, size=prefix12.shape)) % 10
    return prefix12 * 10 + bad
