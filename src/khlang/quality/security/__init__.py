"""Security and risk checks (ความมั่นคงปลอดภัยและความเสี่ยง) over the catalogue and the access register.

Each rule is one function registered in SECURITY_RULES (see base.security_rule); adding a rule is
one new function in this package. Every rule gives one result per catalogued dataset, so a rule
that finds nothing still shows as passed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from khlang.declarations import Catalog
from khlang.declarations.quality_decl import AccessRegister, load_access_file
from khlang.quality.results import CheckResult
from khlang.quality.security import data, grants  # noqa: F401  (registration)
from khlang.quality.security.base import SECRET_CLASSES, SECURITY_RULES, Context, security_rule
from khlang.quality.security.grants import review_cycle_start, review_deadline

if TYPE_CHECKING:
    from khlang.harvest.scan import DatasetProfile
    from khlang.quality.relations import Relations

__all__ = ["SECRET_CLASSES", "SECURITY_RULES", "AccessRegister", "load_access_register", "review_cycle_start",
           "review_deadline", "run_security", "security_rule"]


def load_access_register(catalog: Catalog) -> AccessRegister:
    """The validated catalog/access.yaml (empty when absent), with outbound linkages of catalog/linkages.yaml."""
    return load_access_file(catalog)


def run_security(catalog: Catalog, register: AccessRegister, as_of: dt.date, relations: Relations | None = None,
                 profiles: dict[str, DatasetProfile] | None = None,
                 unit_history: list[tuple[dt.date, dict[str, str]]] | None = None) -> list[CheckResult]:
    """Every registered rule as of one day; relations add record-level retention and sampled PII detection,
    and the catalogue snapshots' history of people's units (unit_history) finds transfers. (An office that has
    not replied to the annual account review is an office's finding, the `account_review` issue source.)"""
    ctx = Context(catalog, register, as_of, relations, profiles, list(unit_history or []))
    return [result for rule in SECURITY_RULES.values() for result in rule.judge(ctx)]
