"""One kind of registry for every kind of registered thing (checks, readers, engines, rules, commands …).

A registry is a read-only mapping from a name to what was registered under it. Registering a name
twice is an error, whichever registry it is: two modules must never silently replace each other.
Asking for an unknown name says what is known; asking for an entry registered as `disabled` says why
it is missing (an optional extra not installed, say).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Generic, TypeVar

from khlang.errors import KhlangError

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
F = TypeVar("F")


class DuplicateEntry(ValueError):
    """A name registered twice in the same registry (a programming error, found at import time)."""


class UnknownEntry(KhlangError, KeyError):
    """A name nobody registered (or registered as disabled); the message lists what is known."""

    exit_code = 2

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""


class Registry(Mapping[K, T], Generic[K, T]):
    """Entries by name, in registration order; duplicates refused, unknown names explained."""

    def __init__(self, kind: str):
        self.kind = kind
        self._entries: dict[K, T] = {}
        self._disabled: dict[K, str] = {}

    def add(self, name: K, entry: T) -> T:
        """Register `entry` under `name`; a second registration of the same name is an error."""
        if name in self._entries or name in self._disabled:
            raise DuplicateEntry(f"{self.kind} {name!r} is already registered")
        self._entries[name] = entry
        return entry

    def disable(self, name: K, reason: str) -> None:
        """Record that `name` exists but cannot be used here, and why (shown when someone asks for it)."""
        if name in self._entries or name in self._disabled:
            raise DuplicateEntry(f"{self.kind} {name!r} is already registered")
        self._disabled[name] = reason

    def remove(self, name: K) -> T:
        """Take an entry out again (tests that register a temporary one); unknown names are an error."""
        entry = self[name]
        del self._entries[name]
        return entry

    @contextmanager
    def only(self, *names: K) -> Iterator[None]:
        """Keep only the named entries while the block runs (a test that looks at one part alone)."""
        kept = dict(self._entries)
        self._entries = {n: e for n, e in kept.items() if n in names}
        try:
            yield
        finally:
            self._entries = kept

    def register(self, name: K) -> Callable[[F], F]:
        """A decorator registering the decorated function or class itself under `name`."""
        def decorate(obj: F) -> F:
            self.add(name, obj)  # type: ignore[arg-type]
            return obj
        return decorate

    def __getitem__(self, name: K) -> T:
        try:
            return self._entries[name]
        except KeyError:
            if name in self._disabled:
                raise UnknownEntry(f"{self.kind} {name!r} is not available: {self._disabled[name]}") from None
            known = ", ".join(str(k) for k in self._entries) or "none"
            raise UnknownEntry(f"unknown {self.kind} {name!r} (known: {known})") from None

    def __iter__(self) -> Iterator[K]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {list(self._entries)!r})"
