"""Helpers for tests of the governance loop."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def only_data_sources() -> Iterator[None]:
    """Issues from checks, catalogue gaps and policy rules only, while the block runs: tests of that loop,
    without the findings of the linkage register, backups, restore tests, PIRs and EA that the repo's
    catalogue also produces (tests/test_findings_register.py covers those)."""
    from khlang.governance.observations import ISSUE_SOURCES
    from khlang.governance.sync import sync_issues  # noqa: F401  (registers every source first)

    with ISSUE_SOURCES.only("check", "catalogue", "policy"):
        yield
