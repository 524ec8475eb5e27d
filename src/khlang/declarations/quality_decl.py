"""Declarations the consistency and security checks read (สงพท.-11 step 9).

catalog/consistency.yaml declares cross-dataset consistency checks; catalog/access.yaml is the
access register (who may read which dataset, สงพท.-04) with optional record-level retention rules.
Both are validated before anything runs and report errors as `file:line: field: message`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from khlang.declarations.loader import Catalog, Collector, Origin
from khlang.declarations.models import Date, Name, Strict
from khlang.declarations.yamlsource import Loc, LocatedDocument, YamlProblems, load

# Kept equal to khlang.quality.results.DIMENSIONS / SEVERITIES (a test says so); declarations
# do not import the quality layer.
Dimension = Literal["completeness", "validity", "uniqueness", "consistency", "timeliness", "accuracy", "security"]
Severity = Literal["low", "medium", "high", "critical"]

CONSISTENCY_FILE = "consistency.yaml"
ACCESS_FILE = "access.yaml"
LINKAGES_FILE = "linkages.yaml"


# ----------------------------------------------------------------------------- consistency.yaml
class CheckParams(Strict):
    """The settings one consistency type adds to a check; it names what it reads so the loader can check it."""

    def references(self, dataset: str) -> Iterator[tuple[Loc, str, str | None]]:
        """(location inside the check, dataset, column or None) of what it reads; `dataset` is the check's."""
        return iter(())


class CheckEnvelope(Strict):
    """What every consistency check declares, whatever its type."""

    id: Name
    type: str
    dataset: Name
    dimension: Dimension = "consistency"
    severity: Severity = "medium"
    weight: float = Field(1.0, gt=0)
    description_th: str | None = None
    description_en: str | None = None


ENVELOPE_KEYS = frozenset(CheckEnvelope.model_fields)


@dataclass(frozen=True)
class ConsistencyCheck:
    """One validated consistency check: the common fields and its type's own settings."""

    id: str
    type: str
    dataset: str
    dimension: str
    severity: str
    weight: float
    description_th: str | None
    description_en: str | None
    params: CheckParams
    origin: Origin


def load_consistency_file(catalog: Catalog, types: Mapping[str, type[CheckParams]],
                          path: Path | None = None) -> list[ConsistencyCheck]:
    """Load catalog/consistency.yaml; `types` maps each check type to its settings model. No file: no checks."""
    path = path or catalog.file(CONSISTENCY_FILE)
    if not path.exists():
        return []
    col = Collector()
    doc = col.document(path)
    _only_keys(col, doc, {"checks"})
    checks: list[ConsistencyCheck] = []
    seen: dict[str, int | None] = {}
    for loc, raw in _list_items(col, doc, "checks"):
        assert doc is not None
        envelope = col.one(doc, loc, {k: v for k, v in raw.items() if k in ENVELOPE_KEYS}, CheckEnvelope)
        if envelope is None:
            continue
        model = types.get(envelope.type)
        if model is None:
            col.add(doc, (*loc, "type"),
                    f"unknown check type {envelope.type!r} (known: {', '.join(sorted(types))})")
            continue
        params = col.one(doc, loc, {k: v for k, v in raw.items() if k not in ENVELOPE_KEYS}, model)
        if params is None:
            continue
        if envelope.id in seen:
            col.add(doc, (*loc, "id"), f"duplicate check id {envelope.id!r} (first at line {seen[envelope.id]})")
            continue
        seen[envelope.id] = doc.line_of((*loc, "id"))
        ok = _known_dataset(col, doc, catalog, (*loc, "dataset"), envelope.dataset)
        for rel, dataset, column in params.references(envelope.dataset):
            if column is None:  # columns are checked against the data when the check runs
                ok = _known_dataset(col, doc, catalog, (*loc, *rel), dataset) and ok
        if ok:
            checks.append(ConsistencyCheck(
                envelope.id, envelope.type, envelope.dataset, envelope.dimension, envelope.severity,
                envelope.weight, envelope.description_th, envelope.description_en, params,
                Origin(str(path), doc.line_of(loc))))
    col.raise_if_any()
    return checks


def _known_dataset(col: Collector, doc: LocatedDocument, catalog: Catalog, loc: Loc, dataset: str) -> bool:
    """A referenced dataset must be catalogued.

    Columns are checked against the data when the check runs (a missing one fails that check with
    the reason): catalogues document columns partially, so the declaration cannot be the judge.
    """
    if dataset not in catalog.datasets:
        col.add(doc, loc, f"unknown dataset {dataset!r} (declare it in catalog/datasets/)")
        return False
    return True


# ----------------------------------------------------------------------------- access.yaml
AccessLevel = Literal["read", "write", "admin"]
ACCESS_ORDER: tuple[str, ...] = ("read", "write", "admin")
_RETENTION = re.compile(r"^(\d+)\s*([ymd])$")


class Group(Strict):
    """A group grantee: everyone (public), every อคส. staff member, or the staff of one unit."""

    id: str
    name_th: str
    name_en: str | None = None
    scope: Literal["public", "all_staff", "unit"]
    unit: str | None = None

    @model_validator(mode="after")
    def _unit(self) -> Group:
        if (self.scope == "unit") != (self.unit is not None):
            raise ValueError("a group of scope 'unit' needs `unit`, and only it")
        return self


class ExternalParty(Strict):
    """An organisation outside อคส. (a ministry, an auditor, a bank) that holds grants."""

    id: str
    name_th: str
    name_en: str | None = None
    kind: Literal["government", "state_enterprise", "auditor", "company", "bank", "other"] = "other"
    agreement: str | None = None


class Grant(Strict):
    """One line of the access register: a grantee's access to one dataset."""

    dataset: Name
    grantee: str
    access: AccessLevel = "read"
    account: str | None = None
    granted_on: Date | None = None
    approved_by: str | None = None
    reviewed_on: Date | None = None
    reviewed_by: str | None = None
    expires_on: Date | None = None
    revoked_on: Date | None = None  # removed on request (FM-EI-01) or at a review, before it would expire
    reference: str | None = None  # the FM-EI-01 request the grant was made on
    note: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> Grant:
        if self.granted_on and self.reviewed_on and self.reviewed_on < self.granted_on:
            raise ValueError("reviewed_on is before granted_on")
        if self.granted_on and self.revoked_on and self.revoked_on < self.granted_on:
            raise ValueError("revoked_on is before granted_on")
        return self

    def ends_on(self) -> dt.date | None:
        """The last day the grant is in force: the day before it is revoked, else its expiry."""
        revoked = self.revoked_on - dt.timedelta(days=1) if self.revoked_on else None
        return min((d for d in (revoked, self.expires_on) if d is not None), default=None)

    def in_force(self, day: dt.date) -> bool:
        """Granted by `day`, neither expired nor revoked."""
        end = self.ends_on()
        return (self.granted_on is None or self.granted_on <= day) and (end is None or end >= day)


class RetentionRule(Strict):
    """Records of `dataset` older than `retention` by `column` must be destroyed (record-level retention)."""

    dataset: Name
    column: str
    retention: str | None = None  # default: the dataset's lifecycle.retention
    description: str | None = None

    @field_validator("retention")
    @classmethod
    def _retention(cls, value: str | None) -> str | None:
        if value is None or _RETENTION.match(value.strip()):
            return value.strip() if value else value
        raise ValueError("retention is like '10y', '18m' or '90d'")


@dataclass(frozen=True)
class LinkageShare:
    """An external linkage (สงพท.-08) through which datasets leave อคส., read from catalog/linkages.yaml."""

    id: str
    datasets: tuple[str, ...]
    direction: str
    status: str
    agency: str | None = None
    personal_data: str | None = None  # what its legal basis lets leave: none | consented | allowed (None: unknown)


@dataclass
class AccessRegister:
    """The validated access register and the record-level retention rules."""

    groups: dict[str, Group] = field(default_factory=dict)
    parties: dict[str, ExternalParty] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    grant_origins: list[Origin] = field(default_factory=list)
    retention_rules: list[RetentionRule] = field(default_factory=list)
    linkages: list[LinkageShare] = field(default_factory=list)
    path: Path | None = None

    def line_of(self, grant: Grant) -> int | None:
        """The line of access.yaml where the grant is written."""
        return next((o.line for g, o in zip(self.grants, self.grant_origins) if g is grant), None)

    def grantee_kind(self, grantee: str) -> Literal["person", "group", "party"]:
        """Whether a grantee id names a person, a group or an external party (validated at load)."""
        if grantee in self.groups:
            return "group"
        if grantee in self.parties:
            return "party"
        return "person"


def load_access_file(catalog: Catalog, path: Path | None = None) -> AccessRegister:
    """Load catalog/access.yaml and the outbound linkages; a missing file is an empty register."""
    path = path or catalog.file(ACCESS_FILE)
    register = AccessRegister(path=path if path.exists() else None,
                              linkages=read_linkage_shares(catalog.file(LINKAGES_FILE)))
    if not path.exists():
        return register
    col = Collector()
    doc = col.document(path)
    if doc is None or not isinstance(doc.data, dict):
        if doc is not None:
            col.add(doc, (), "expected a mapping at the top of the file")
        col.raise_if_any()
    assert doc is not None
    _only_keys(col, doc, {"grants", "groups", "external_parties", "retention_rules"})
    ids: dict[str, str] = {pid: "person" for pid in catalog.people}
    for group, loc in col.items(doc, "groups", Group, required=False):
        if _new_id(col, doc, (*loc, "id"), group.id, "group", ids):
            register.groups[group.id] = group
        if group.unit is not None and catalog.units and group.unit not in catalog.units:
            col.add(doc, (*loc, "unit"), f"unknown unit {group.unit!r}")
    for party, loc in col.items(doc, "external_parties", ExternalParty, required=False):
        if _new_id(col, doc, (*loc, "id"), party.id, "external party", ids):
            register.parties[party.id] = party
    for grant, loc in col.items(doc, "grants", Grant, required=False):
        ok = _known_dataset(col, doc, catalog, (*loc, "dataset"), grant.dataset)
        if grant.grantee not in ids:
            col.add(doc, (*loc, "grantee"),
                    f"unknown grantee {grant.grantee!r} (a person of organisation.yaml, a group or an external party)")
            ok = False
        for role in ("approved_by", "reviewed_by"):
            pid = getattr(grant, role)
            if pid is not None and pid not in catalog.people:
                col.add(doc, (*loc, role), f"unknown person {pid!r}")
                ok = False
        if ok:
            register.grants.append(grant)
            register.grant_origins.append(Origin(str(path), doc.line_of(loc)))
    for rule, loc in col.items(doc, "retention_rules", RetentionRule, required=False):
        if not _known_dataset(col, doc, catalog, (*loc, "dataset"), rule.dataset):
            continue
        declared = catalog.datasets[rule.dataset].lifecycle.retention
        if rule.retention is None and (declared is None or declared == "permanent"):
            col.add(doc, (*loc, "retention"),
                    f"dataset {rule.dataset!r} declares no limited retention: give `retention` here")
            continue
        register.retention_rules.append(rule)
    col.raise_if_any()
    return register


def _new_id(col: Collector, doc: LocatedDocument, loc: Loc, value: str, kind: str, ids: dict[str, str]) -> bool:
    """Grantee ids are one namespace: people, groups and external parties must not share one."""
    if value in ids:
        col.add(doc, loc, f"{kind} id {value!r} is already used by a {ids[value]}")
        return False
    ids[value] = kind
    return True


# ----------------------------------------------------------------------------- linkages.yaml (read-only hook)
# Statuses of สงพท.-08 in which data flows to the agency (khlang.linkage.workflow.ACTIVE).
LINKAGE_SHARING_STATUSES = frozenset({"approved"})
LINKAGE_OUTBOUND = frozenset({"outbound", "both"})


def read_linkage_shares(path: Path) -> list[LinkageShare]:
    """Linkages in force that send datasets out of อคส.; a few fields are read, defensively.

    The linkage register has its own validated loader; here a malformed entry is skipped, never
    fatal. Read: datasets, direction, status, agency, and what the linkage's legal basis allows
    (legal_bases[basis].personal_data).
    """
    if not path.exists():
        return []
    try:
        data = load(path).data
    except YamlProblems:
        return []
    items = data.get("linkages") if isinstance(data, dict) else data
    bases = data.get("legal_bases") if isinstance(data, dict) else None
    out: list[LinkageShare] = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        datasets = item.get("datasets")
        direction, status = item.get("direction"), item.get("status")
        if not isinstance(datasets, list) or not isinstance(direction, str) or not isinstance(status, str):
            continue
        if direction not in LINKAGE_OUTBOUND or status not in LINKAGE_SHARING_STATUSES:
            continue
        basis = bases.get(item.get("legal_basis")) if isinstance(bases, dict) and isinstance(
            item.get("legal_basis"), str) else None
        personal = basis.get("personal_data") if isinstance(basis, dict) else None
        agency = item.get("agency")
        out.append(LinkageShare(str(item.get("id", f"linkages[{i}]")), tuple(str(d) for d in datasets),
                                direction, status, agency if isinstance(agency, str) else None,
                                personal if isinstance(personal, str) else None))
    return out


def _only_keys(col: Collector, doc: LocatedDocument | None, allowed: set[str]) -> None:
    """A misspelt top-level key must not silently drop a whole section."""
    if doc is None or not isinstance(doc.data, dict):
        return
    for key in doc.data:
        if key not in allowed:
            col.add(doc, (key,), f"unknown top-level key (expected: {', '.join(sorted(allowed))})")


def _list_items(col: Collector, doc: LocatedDocument | None, key: str) -> Iterator[tuple[Loc, dict]]:
    """(location, mapping) of each item of the list under `key`; problems are recorded."""
    if doc is None:
        return
    if not isinstance(doc.data, dict):
        col.add(doc, (), "expected a mapping at the top of the file")
        return
    raw = doc.data.get(key)
    if raw is None:
        col.add(doc, (), f"missing top-level key {key!r}")
        return
    if not isinstance(raw, list):
        col.add(doc, (key,), "expected a list")
        return
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            yield (key, i), item
        else:
            col.add(doc, (key, i), "expected a mapping")
