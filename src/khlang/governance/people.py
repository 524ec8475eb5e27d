"""Who answers for a dataset's problems: its steward and owners, and the unit they belong to."""

from __future__ import annotations

from khlang.declarations import Catalog
from khlang.errors import KhlangError

ROLES = ("steward", "business_owner", "digital_owner")


class GovernanceError(KhlangError):
    """Input the governance commands refuse (unknown issue, illegal step, bad date); nothing is written."""

    exit_code = 2


class StateConflict(GovernanceError):
    """The workflow state does not allow this step now (closing an open issue …; HTTP 409)."""


class NotFound(GovernanceError):
    """No such issue, action, linkage … (HTTP 404)."""


def assignees(catalog: Catalog, dataset: str | None) -> list[dict]:
    """The dataset's steward, business owner and digital owner, leavers replaced (see active_only)."""
    ds = catalog.datasets.get(dataset) if dataset else None
    out: list[dict] = []
    if ds is not None:
        for role in ROLES:
            person = catalog.person(getattr(ds, role))
            if person is not None:
                out.append({"role": role, "person": person.id, "active": person.active})
    return active_only(catalog, out)


def committee(catalog: Catalog) -> list[dict]:
    """The governance committee's members still with the organisation."""
    out = []
    for pid in catalog.organisation.governance.committee:
        person = catalog.person(pid)
        if person is not None and person.active:
            out.append({"role": "committee", "person": pid, "active": True})
    return out


def unit_head(catalog: Catalog, unit: str | None, skip: str | None = None) -> str | None:
    """The active head of a unit, else of the unit above it, and so on (never `skip`, the one who left)."""
    seen: set[str] = set()
    while unit and unit not in seen:
        seen.add(unit)
        decl = catalog.units.get(unit)
        if decl is None:
            return None
        head = catalog.person(decl.head) if decl.head else None
        if head is not None and head.active and head.id != skip:
            return head.id
        unit = decl.parent
    return None


def active_only(catalog: Catalog, people: list[dict]) -> list[dict]:
    """Assignees who are still with the organisation.

    Someone who left is replaced by the head of their unit (or of the unit above it); when nobody is
    left, the governance committee is assigned. Each person appears once.
    """
    out: list[dict] = []
    for entry in people:
        person = catalog.person(entry["person"])
        if person is not None and person.active:
            out.append({**entry, "active": True})
            continue
        head = unit_head(catalog, person.unit if person else None, skip=entry["person"])
        if head is not None:
            out.append({"role": entry["role"], "person": head, "active": True, "instead_of": entry["person"]})
    if not out:
        out = committee(catalog)
    unique: dict[str, dict] = {}
    for entry in out:
        unique.setdefault(entry["person"], entry)
    return list(unique.values())


def unit_people(catalog: Catalog, unit: str) -> list[dict]:
    """Everyone still working in a unit, for issues that belong to a unit rather than a dataset."""
    return [{"role": "unit", "person": p.id, "active": True}
            for p in sorted(catalog.people.values(), key=lambda p: p.id) if p.unit == unit and p.active]


def dataset_unit(catalog: Catalog, dataset: str | None) -> str | None:
    """The unit answering for a dataset: its business owner's, else its digital owner's, else its steward's."""
    ds = catalog.datasets.get(dataset) if dataset else None
    if ds is None:
        return None
    for role in ("business_owner", "digital_owner", "steward"):
        person = catalog.person(getattr(ds, role))
        if person is not None:
            return person.unit
    return None


def person_id(catalog: Catalog, text: str, what: str = "person") -> str:
    """A person named on the command line, by id or by name (Thai or English); unknown names are refused."""
    value = (text or "").strip()
    if not value:
        raise GovernanceError(f"{what}: give a person's id or name from organisation.yaml")
    if value in catalog.people:
        person = catalog.people[value]
    else:
        wanted = _bare(value)
        matches = [p for p in catalog.people.values() if wanted in (_bare(p.name), _bare(p.name_en or ""))]
        if len(matches) != 1:
            known = ", ".join(f"{p.id} ({p.name})" for p in sorted(catalog.people.values(), key=lambda p: p.id))
            raise GovernanceError(f"{what}: unknown person {value!r} (known: {known})")
        person = matches[0]
    if not person.active:
        raise GovernanceError(f"{what}: {person.id} ({person.name}) has left the organisation")
    return person.id


# Thai titles people leave out when they write a name (longest first: นางสาว before นาง).
_TITLES = ("นางสาว", "น.ส.", "นาง", "นาย", "ดร.", "Mr.", "Mrs.", "Ms.", "Dr.")


def _bare(name: str) -> str:
    """A name without its title and with single spaces, for matching what people type."""
    text = " ".join(name.split())
    for title in _TITLES:
        if text.startswith(title):
            return text[len(title):].strip().lower()
    return text.lower()
