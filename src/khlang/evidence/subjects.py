"""What evidence can be attached to, and how to find the object the permission rules look at.

Each subject type is one entry: a function from (session, catalogue, id) to the keyword arguments of
`khlang.identity.authorize` (issue=…, linkage=…, dataset=…, unit=…), or None when no such object exists.
A feature that attaches evidence to a new kind of record registers its type here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from khlang.declarations import Catalog
from khlang.registry import Registry

SubjectResolver = Callable[[Session, Catalog, str], dict[str, Any] | None]
SUBJECTS: Registry[str, SubjectResolver] = Registry("evidence subject type")


@SUBJECTS.register("issue")
def _issue(session: Session, _catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    from khlang.governance.records import Issue

    if not subject_id.isdigit():
        return None
    issue = session.get(Issue, int(subject_id))
    return {"issue": issue} if issue is not None else None


@SUBJECTS.register("linkage")
def _linkage(_session: Session, catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    from khlang.linkage.register import load_register

    entry = load_register(catalog).entries.get(subject_id)
    return {"linkage": entry, "unit": entry.owner_unit} if entry is not None else None


@SUBJECTS.register("policy")
def _policy(_session: Session, catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    from khlang.governance.policies import load_policies

    for policy in load_policies(catalog).policies:
        if policy.id == subject_id:
            return {"unit": policy.entry.owner_unit}
    return None


@SUBJECTS.register("dataset")
def _dataset(_session: Session, catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    return {"dataset": subject_id} if subject_id in catalog.datasets else None


@SUBJECTS.register("unit")
def _unit(_session: Session, catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    return {"unit": subject_id} if subject_id in catalog.units else None


@SUBJECTS.register("report")
def _report(_session: Session, _catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    """A published report the Director acknowledged (kind:key): read by the roles that review reports."""
    return {} if ":" in subject_id else None


@SUBJECTS.register("governance")
def _governance(_session: Session, _catalog: Catalog, subject_id: str) -> dict[str, Any] | None:
    """A record of สงพท.-11 steps 1–6 (structure, order:N, resolution:N, lists:N): read by everyone signed in."""
    return {} if subject_id == "structure" or ":" in subject_id else None
