"""The linkage register (ทะเบียนการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก): catalog/linkages.yaml, typed and checked.

Each entry declares its current status and the steps that led there (`history`); the first step,
`requested` on `requested_on`, is implied. Every step must be a legal move of the workflow, and
each status must carry the evidence the procedure asks for (the technical and legal analyses,
the Director's decision date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator

from khlang.declarations.loader import Catalog, Collector
from khlang.declarations.models import Classification, Date, Name, Strict
from khlang.declarations.yamlsource import Loc, LocatedDocument
from khlang.linkage import permissions as _permissions  # noqa: F401 — the linkage rules join the permission table
from khlang.linkage.workflow import Status, decision_steps, requirements, transition_problem

Direction = Literal["inbound", "outbound", "both"]
Method = Literal["api", "sftp", "file", "database"]
ExchangeFrequency = Literal[
    "realtime", "daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "on_demand"
]
PersonalDataScope = Literal["none", "consented", "allowed"]
LinkageId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=60)]


class Analysis(Strict):
    """The technical or the legal analysis: the evidence the procedure asks for."""

    reference: str = Field(min_length=1)
    completed_on: Date
    by: str | None = None
    summary: str | None = None


class Step(Strict):
    """One recorded step of the workflow."""

    status: Status
    date: Date
    by: str | None = None
    note: str | None = None


class LegalBasis(Strict):
    """What a legal basis allows to leave the organisation."""

    name_th: str
    name_en: str | None = None
    max_classification: Classification
    personal_data: PersonalDataScope = "none"
    sensitive_data: bool = False
    requires_reference: bool = False


class LinkageEntry(Strict):
    """One linkage with an external agency."""

    id: LinkageId
    agency: str = Field(min_length=1)
    agency_en: str | None = None
    contact: str | None = None
    owner_unit: str | None = None
    datasets: list[Name] = Field(min_length=1)
    direction: Direction
    purpose: str = Field(min_length=1)
    legal_basis: str
    legal_reference: str | None = None
    method: Method
    frequency: ExchangeFrequency
    status: Status
    requested_on: Date
    requirements_meeting_on: Date | None = None
    agency_meeting_on: Date | None = None
    technical_analysis: Analysis | None = None
    legal_analysis: Analysis | None = None
    decided_on: Date | None = None
    registered_on: Date | None = None
    agreement_expires_on: Date | None = None
    last_exchange_on: Date | None = None
    history: list[Step] = []
    note: str | None = None

    @field_validator("datasets")
    @classmethod
    def _distinct(cls, names: list[str]) -> list[str]:
        if len(set(names)) != len(names):
            raise ValueError("a dataset is listed twice")
        return names

    def steps(self) -> list[Step]:
        """Every declared step, the implied `requested` first."""
        return [Step(status="requested", date=self.requested_on), *self.history]


@dataclass
class Register:
    """The validated register, with where each entry was written."""

    path: Path
    bases: dict[str, LegalBasis]
    entries: dict[str, LinkageEntry]
    document: LocatedDocument | None = None
    locations: dict[str, Loc] = field(default_factory=dict)

    def line_of(self, linkage_id: str, *fields: str | int) -> int | None:
        """The line of an entry (or of one of its fields) in the YAML file."""
        if self.document is None or linkage_id not in self.locations:
            return None
        return self.document.line_of((*self.locations[linkage_id], *fields))

    def problem(self, linkage_id: str, field_name: str, message: str):  # noqa: ANN201
        """A Problem pointing at one field of one entry."""
        from khlang.errors import Problem

        loc = (*self.locations.get(linkage_id, ()), field_name)
        if self.document is None:
            return Problem(str(self.path), None, field_name, message)
        return self.document.problem(loc, message)

    def by_agency(self) -> dict[str, list[LinkageEntry]]:
        """Entries grouped by agency, both sorted."""
        out: dict[str, list[LinkageEntry]] = {}
        for entry in sorted(self.entries.values(), key=lambda e: (e.agency, e.id)):
            out.setdefault(entry.agency, []).append(entry)
        return out


def register_path(catalog: Catalog) -> Path:
    """catalog/linkages.yaml of this catalogue."""
    return Path(catalog.directory or ".") / "linkages.yaml"


def load_register(catalog: Catalog, path: Path | None = None) -> Register:
    """Load and validate the register; every problem is reported as file:line: field: message."""
    path = Path(path) if path else register_path(catalog)
    col = Collector()
    doc = col.document(path)
    bases: dict[str, LegalBasis] = {}
    entries: dict[str, LinkageEntry] = {}
    locations: dict[str, Loc] = {}
    if doc is not None and _top_level(col, doc):
        bases = _bases(col, doc)
        for entry, loc in col.items(doc, "linkages", LinkageEntry):
            if entry.id in entries:
                first = doc.line_of(locations[entry.id])
                col.add(doc, (*loc, "id"), f"duplicate linkage id {entry.id!r} (first at line {first})")
                continue
            entries[entry.id] = entry
            locations[entry.id] = loc
            _check_entry(col, doc, loc, entry, catalog, bases)
    col.raise_if_any()
    return Register(path, bases, entries, doc, locations)


def _top_level(col: Collector, doc: LocatedDocument) -> bool:
    if not isinstance(doc.data, dict):
        col.add(doc, (), "expected a mapping with legal_bases and linkages")
        return False
    for key in sorted(set(doc.data) - {"legal_bases", "linkages"}):
        col.add(doc, (key,), "unknown top-level key (expected legal_bases, linkages)")
    return True


def _bases(col: Collector, doc: LocatedDocument) -> dict[str, LegalBasis]:
    raw = doc.data.get("legal_bases")
    if raw is None:
        col.add(doc, (), "missing top-level key 'legal_bases' (what each legal basis allows)")
        return {}
    if not isinstance(raw, dict):
        col.add(doc, ("legal_bases",), "expected a mapping of legal basis name to what it allows")
        return {}
    out: dict[str, LegalBasis] = {}
    for name, body in raw.items():
        basis = col.one(doc, ("legal_bases", name), body, LegalBasis)
        if basis is not None:
            out[name] = basis
    return out


def _check_entry(col: Collector, doc: LocatedDocument, loc: Loc, entry: LinkageEntry, catalog: Catalog,
                 bases: dict[str, LegalBasis]) -> None:
    """Cross-references, the workflow path, the evidence each status needs and the order of dates."""
    for i, name in enumerate(entry.datasets):
        if name not in catalog.datasets:
            col.add(doc, (*loc, "datasets", i), f"unknown dataset {name!r} (not in the catalogue)")
    if entry.owner_unit and catalog.units and entry.owner_unit not in catalog.units:
        col.add(doc, (*loc, "owner_unit"), f"unknown unit {entry.owner_unit!r}")
    basis = bases.get(entry.legal_basis)
    if bases and basis is None:
        col.add(doc, (*loc, "legal_basis"),
                f"unknown legal basis {entry.legal_basis!r} (declared: {', '.join(sorted(bases))})")
    if basis is not None and basis.requires_reference and not entry.legal_reference:
        col.add(doc, (*loc, "legal_reference"),
                f"legal basis {entry.legal_basis!r} needs legal_reference (the Act, section or agreement)")

    steps = entry.steps()
    for i in range(1, len(steps)):
        before, step = steps[i - 1], steps[i]
        problem = transition_problem(before.status, step.status)
        if problem:
            col.add(doc, (*loc, "history", i - 1, "status"), f"illegal transition: {problem}")
        if step.date < before.date:
            col.add(doc, (*loc, "history", i - 1, "date"),
                    f"{step.date.isoformat()} is before the previous step ({before.date.isoformat()})")
    if steps[-1].status != entry.status:
        where = "the last step of history" if entry.history else "requested (no history)"
        col.add(doc, (*loc, "status"),
                f"status is {entry.status} but {where} is {steps[-1].status}: record the steps in history")

    for needed in requirements(entry.status):
        if getattr(entry, needed) is None:
            col.add(doc, (*loc, needed), f"a linkage that is {entry.status} needs its {needed.replace('_', ' ')}")
    decisions = decision_steps(steps)
    if entry.status in ("approved", "suspended", "rejected") and entry.decided_on is None:
        col.add(doc, (*loc, "decided_on"),
                f"a linkage that is {entry.status} needs decided_on (the Director's decision)")
    if entry.decided_on and decisions and decisions[-1].date != entry.decided_on:
        col.add(doc, (*loc, "decided_on"),
                f"{entry.decided_on.isoformat()} differs from the decision in history "
                f"({decisions[-1].status} on {decisions[-1].date.isoformat()})")
    _check_dates(col, doc, loc, entry)


def _check_dates(col: Collector, doc: LocatedDocument, loc: Loc, entry: LinkageEntry) -> None:
    start = entry.requested_on

    def not_before(name: str, day: dt.date | None, floor: dt.date | None, floor_name: str) -> None:
        if day is not None and floor is not None and day < floor:
            col.add(doc, (*loc, name), f"{day.isoformat()} is before {floor_name} ({floor.isoformat()})")

    not_before("requirements_meeting_on", entry.requirements_meeting_on, start, "requested_on")
    not_before("agency_meeting_on", entry.agency_meeting_on, entry.requirements_meeting_on or start,
               "requirements_meeting_on" if entry.requirements_meeting_on else "requested_on")
    not_before("decided_on", entry.decided_on, start, "requested_on")
    not_before("registered_on", entry.registered_on, entry.decided_on, "decided_on")
    not_before("agreement_expires_on", entry.agreement_expires_on, entry.decided_on or start,
               "decided_on" if entry.decided_on else "requested_on")
    for name in ("technical_analysis", "legal_analysis"):
        analysis = getattr(entry, name)
        if analysis is not None:
            if analysis.completed_on < start:
                col.add(doc, (*loc, name, "completed_on"),
                        f"{analysis.completed_on.isoformat()} is before requested_on ({start.isoformat()})")
            if entry.decided_on and analysis.completed_on > entry.decided_on:
                col.add(doc, (*loc, name, "completed_on"),
                        f"completed after the decision ({entry.decided_on.isoformat()})")
