"""Read catalog/*.yaml once, validate everything, and report every error as file:line: field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from khlang.declarations.models import Dataset, Organisation, Person, Source, Unit
from khlang.declarations.paths import escape_reason
from khlang.declarations.yamlsource import Loc, LocatedDocument, YamlProblems, load
from khlang.errors import DeclarationError, Problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Origin:
    """Where a declaration was written, for messages that point back at it."""

    file: str
    line: int | None


@dataclass
class Catalog:
    """Every validated declaration of the catalogue."""

    organisation: Organisation
    units: dict[str, Unit]
    people: dict[str, Person]
    sources: dict[str, Source]
    datasets: dict[str, Dataset]
    origins: dict[str, Origin] = field(default_factory=dict)
    directory: Path | None = None

    def file(self, name: str) -> Path:
        """A declaration file of the catalogue folder (a catalogue built in memory has no folder)."""
        if self.directory is None:
            raise ValueError("the catalogue was not loaded from a folder: pass the file's path")
        return Path(self.directory) / name

    def person(self, person_id: str | None) -> Person | None:
        """The person with that id, or None."""
        return self.people.get(person_id) if person_id else None

    def by_kind(self, kind: str | None = None) -> list[Dataset]:
        """Datasets of one kind (all when kind is None), by name."""
        return sorted((d for d in self.datasets.values() if kind in (None, d.kind)), key=lambda d: d.name)


class Collector:
    """Gathers problems across files so a steward sees all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def document(self, path: Path) -> LocatedDocument | None:
        """Load one YAML file, recording its problems; a file with bad values is still validated further."""
        try:
            return load(path)
        except YamlProblems as exc:
            self.problems.extend(exc.problems)
            return exc.document

    def items(self, doc: LocatedDocument, key: str, model: type[M], required: bool = True) -> list[tuple[M, Loc]]:
        """Validate each item of the list under `key`; bad items are recorded and skipped."""
        if not isinstance(doc.data, dict):
            self.problems.append(doc.problem((), "expected a mapping at the top of the file"))
            return []
        raw = doc.data.get(key)
        if raw is None:
            if required:
                self.problems.append(doc.problem((), f"missing top-level key {key!r}"))
            return []
        if not isinstance(raw, list):
            self.problems.append(doc.problem((key,), "expected a list"))
            return []
        out: list[tuple[M, Loc]] = []
        for i, item in enumerate(raw):
            obj = self.one(doc, (key, i), item, model)
            if obj is not None:
                out.append((obj, (key, i)))
        return out

    def one(self, doc: LocatedDocument, loc: Loc, raw: object, model: type[M]) -> M | None:
        """Validate one mapping at `loc`."""
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where = (*loc, *err["loc"])
                if not doc.already_reported(where):
                    self.problems.append(doc.problem(where, _message(err)))
            return None

    def add(self, doc: LocatedDocument, loc: Loc, message: str) -> None:
        """Record a cross-reference problem at `loc`."""
        self.problems.append(doc.problem(loc, message))

    def raise_if_any(self) -> None:
        """Stop here if anything was wrong."""
        if self.problems:
            raise DeclarationError(self.problems)


def _message(err: Mapping[str, Any]) -> str:
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling)"
    if err["type"] == "missing":
        return "required field is missing"
    return msg.removeprefix("Value error, ")


def load_catalog(directory: Path) -> Catalog:
    """Load and validate catalog/organisation.yaml, sources.yaml and datasets/*.yaml."""
    directory = Path(directory)
    col = Collector()
    if not directory.is_dir():
        raise DeclarationError([Problem(str(directory), None, "(folder)", "catalogue folder not found")])

    org_doc = col.document(directory / "organisation.yaml")
    organisation, units, people = None, {}, {}
    if org_doc is not None:
        raw_org = org_doc.data.get("organisation") if isinstance(org_doc.data, dict) else None
        if raw_org is None:
            col.add(org_doc, (), "missing top-level key 'organisation'")
        else:
            organisation = col.one(org_doc, ("organisation",), raw_org, Organisation)
        unit_items = col.items(org_doc, "units", Unit)
        units = _unique(col, org_doc, unit_items, "code")
        people_items = col.items(org_doc, "people", Person)
        people = _unique(col, org_doc, people_items, "id")
        for person, loc in people_items:
            if units and person.unit not in units:
                col.add(org_doc, (*loc, "unit"), f"unknown unit {person.unit!r}")
        for unit, loc in unit_items:
            if unit.head is not None and unit.head not in people:
                col.add(org_doc, (*loc, "head"), f"unknown person {unit.head!r}")
            if unit.parent is not None and unit.parent not in units:
                col.add(org_doc, (*loc, "parent"), f"unknown unit {unit.parent!r}")
        if organisation is not None and people:
            _check_governance_people(col, org_doc, organisation, people)
        if organisation is not None:
            _check_memo_issuers(col, org_doc, organisation, units, people)

    src_doc = col.document(directory / "sources.yaml")
    source_items = col.items(src_doc, "sources", Source) if src_doc else []
    sources = _unique(col, src_doc, source_items, "name") if src_doc else {}
    if src_doc is not None:
        _check_paths(col, src_doc, source_items)

    datasets: dict[str, Dataset] = {}
    origins: dict[str, Origin] = {}
    placed: dict[str, tuple[LocatedDocument, Loc]] = {}
    written: set[str] = set()  # every dataset name written, valid or not (its own errors are reported already)
    files = sorted((directory / "datasets").glob("*.yaml"))
    if not files:
        col.problems.append(Problem(str(directory / "datasets"), None, "(folder)", "no dataset declarations (*.yaml)"))
    for path in files:
        doc = col.document(path)
        if doc is None:
            continue
        raw = doc.data.get("datasets") if isinstance(doc.data, dict) else None
        written |= {d["name"] for d in raw or [] if isinstance(d, dict) and isinstance(d.get("name"), str)}
        for ds, loc in col.items(doc, "datasets", Dataset):
            if ds.name in datasets:
                first = origins[ds.name]
                col.add(doc, (*loc, "name"), f"dataset {ds.name!r} already declared at {first.file}:{first.line}")
                continue
            if sources and ds.source not in sources:
                col.add(doc, (*loc, "source"), f"unknown source {ds.source!r}")
            for role in ("business_owner", "digital_owner", "steward"):
                pid = getattr(ds, role)
                if pid is not None and people and pid not in people:
                    col.add(doc, (*loc, role), f"unknown person {pid!r} (declare them in organisation.yaml)")
            datasets[ds.name] = ds
            origins[ds.name] = Origin(str(path), doc.line_of(loc))
            placed[ds.name] = (doc, loc)

    _check_lineage(col, datasets, placed, written)
    col.raise_if_any()
    assert organisation is not None
    return Catalog(organisation, units, people, sources, datasets, origins, directory)


def _check_governance_people(col: Collector, doc: LocatedDocument, organisation: Organisation,
                             people: dict[str, Person]) -> None:
    """The committee and its secretary are people of the organisation."""
    governance = organisation.governance
    loc = ("organisation", "governance")
    for i, pid in enumerate(governance.committee):
        if pid not in people:
            col.add(doc, (*loc, "committee", i), f"unknown person {pid!r}")
    if governance.secretary is not None and governance.secretary not in people:
        col.add(doc, (*loc, "secretary"), f"unknown person {governance.secretary!r}")


def _check_memo_issuers(col: Collector, doc: LocatedDocument, organisation: Organisation, units: dict[str, Unit],
                        people: dict[str, Person]) -> None:
    """Each report memo is issued by a declared unit and signed by a declared person (a signer who has left is the
    gap `governance:memo_signer_left`, not an error)."""
    for kind, issuer in organisation.memos.items():
        loc = ("organisation", "memos", kind)
        if units and issuer.unit not in units:
            col.add(doc, (*loc, "unit"), f"unknown unit {issuer.unit!r}")
        if issuer.signer is not None and people:
            person = people.get(issuer.signer)
            if person is None:
                col.add(doc, (*loc, "signer"), f"unknown person {issuer.signer!r}")


def _check_paths(col: Collector, doc: LocatedDocument, items: list[tuple[Source, Loc]]) -> None:
    """A file source reads only under KHLANG_DATA_DIR or KHLANG_DATA_ROOTS: refused here, before any run."""
    from khlang.config import settings
    from khlang.sources import plugin

    data_dir = settings().data_dir
    for source, loc in items:
        if source.path is not None and not plugin(source.type).by_url:
            reason = escape_reason(source.path, data_dir)
            if reason:
                col.add(doc, (*loc, "path"), f"{source.path!r} is {reason}")


def _check_lineage(col: Collector, datasets: dict[str, Dataset],
                   placed: dict[str, tuple[LocatedDocument, Loc]], written: set[str]) -> None:
    """derived_from names declared datasets, never the dataset itself, and never closes a cycle."""
    for name, ds in datasets.items():
        doc, loc = placed[name]
        for i, parent in enumerate(ds.derived_from):
            if parent == name:
                col.add(doc, (*loc, "derived_from", i), "a dataset cannot be derived from itself")
            elif parent not in datasets and parent not in written:
                col.add(doc, (*loc, "derived_from", i), f"unknown dataset {parent!r}")
    reported: set[str] = set()
    for name in sorted(datasets):
        cycle = _cycle_from(name, datasets)
        if cycle and not reported & set(cycle):
            reported |= set(cycle)
            doc, loc = placed[name]
            col.add(doc, (*loc, "derived_from"), "derivation cycle: " + " → ".join([*cycle, cycle[0]]))


def _cycle_from(start: str, datasets: dict[str, Dataset]) -> list[str] | None:
    """The derivation cycle through `start`, if there is one (depth-first over derived_from)."""
    path: list[str] = []
    dead_ends: set[str] = set()

    def visit(name: str) -> list[str] | None:
        if path and name == start:
            return list(path)
        if name in path or name in dead_ends or name not in datasets:
            return None
        path.append(name)
        for parent in datasets[name].derived_from:
            if parent != name and (found := visit(parent)):
                return found
        path.pop()
        dead_ends.add(name)
        return None

    return visit(start)


def _unique(col: Collector, doc: LocatedDocument | None, items: list[tuple[M, Loc]], key: str) -> dict[str, M]:
    out: dict[str, M] = {}
    for obj, loc in items:
        value = getattr(obj, key)
        if value in out:
            col.add(doc, (*loc, key), f"duplicate {key} {value!r}")  # type: ignore[arg-type]
        out[value] = obj
    return out
