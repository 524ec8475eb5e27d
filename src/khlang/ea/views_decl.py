"""Declarations of the EA's five views (สงพท.-10) that the catalogue cannot say: catalog/ea.yaml.

The business view's functions and services (which units perform them, which systems support them), the
application view's interfaces between systems, and the technology view's sites and servers. Each element
is As-Is or To-Be; a To-Be element names what it replaces, its project and its target date (the roadmap).
Validated in one pass with file:line:field errors, cross-checked against organisation.yaml, systems.yaml
and the catalogue's datasets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from khlang.declarations.loader import Catalog, Collector, Loc, LocatedDocument
from khlang.declarations.models import Date, Strict
from khlang.declarations.systems import System

State = Literal["as_is", "to_be", "retiring"]
Method = Literal["api", "file", "etl", "database", "message", "manual"]
Frequency = Literal["real_time", "daily", "weekly", "monthly", "ad_hoc"]
SiteKind = Literal["primary", "dr", "cloud", "branch"]
Code = str


class Element(Strict):
    """What every EA element shares: its state and, for a To-Be, what it replaces and the roadmap."""

    state: State = "as_is"
    replaces: str | None = None
    project: str | None = None
    target_date: Date | None = None


class Service(Element):
    """A business service (บริการ) of a function, and the systems that support it."""

    code: Code = Field(min_length=1)
    name_th: str = Field(min_length=1)
    name_en: str | None = None
    systems: list[str] = []


class Function(Element):
    """A business function (ภารกิจ) of อคส. and the units that perform it."""

    code: Code = Field(min_length=1)
    name_th: str = Field(min_length=1)
    name_en: str | None = None
    units: list[str] = Field(min_length=1)
    services: list[Service] = []


class Interface(Element):
    """A declared interface between two systems."""

    code: Code = Field(min_length=1)
    from_: str = Field(alias="from")
    to: str
    name_th: str = Field(min_length=1)
    name_en: str | None = None
    method: Method
    frequency: Frequency
    datasets: list[str] = []


class Site(Strict):
    """A place systems run: a computer room, a cloud, the DR site."""

    code: Code = Field(min_length=1)
    name_th: str = Field(min_length=1)
    name_en: str | None = None
    kind: SiteKind


class Server(Element):
    """A server (or cloud instance) and what runs on it."""

    code: Code = Field(min_length=1)
    site: str
    role: str = Field(min_length=1)
    os: str | None = None
    systems: list[str] = []
    database: str | None = None
    support_ends: Date | None = None
    dr_site: str | None = None


@dataclass
class EaDeclarations:
    """The validated catalog/ea.yaml (empty when the file is absent)."""

    path: Path | None = None
    functions: list[Function] = field(default_factory=list)
    interfaces: list[Interface] = field(default_factory=list)
    sites: dict[str, Site] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # element code → line in ea.yaml

    def __len__(self) -> int:
        return len(self.elements())

    def services(self) -> list[tuple[Function, Service]]:
        """Every service with its function."""
        return [(f, s) for f in self.functions for s in f.services]

    def elements(self) -> list[tuple[str, Element, str]]:
        """Every element as (view, element, code), in file order."""
        out: list[tuple[str, Element, str]] = []
        for f in self.functions:
            out.append(("business", f, f.code))
            out.extend(("business", s, s.code) for s in f.services)
        out.extend(("application", i, i.code) for i in self.interfaces)
        out.extend(("technology", s, s.code) for s in self.servers)
        return out


def load_ea_file(catalog: Catalog) -> EaDeclarations:
    """catalog/ea.yaml checked against systems.yaml (for `khlang catalog validate`); when systems.yaml itself is
    wrong its own line reports that, and ea.yaml is not cross-checked against a broken inventory."""
    from khlang.declarations.systems import load_systems
    from khlang.errors import DeclarationError

    try:
        systems = load_systems(catalog) if (Path(catalog.file("systems.yaml"))).is_file() else {}
    except DeclarationError:
        return EaDeclarations()
    return load_ea(catalog, systems)


def load_ea(catalog: Catalog, systems: dict[str, System], path: Path | None = None) -> EaDeclarations:
    """Load catalog/ea.yaml, checking units, systems, datasets, sites and what each To-Be replaces."""
    if path is None:
        if catalog.directory is None or not (Path(catalog.directory) / "ea.yaml").is_file():
            return EaDeclarations()
        path = catalog.file("ea.yaml")
    col = Collector()
    doc = col.document(path)
    out = EaDeclarations(path=path)
    if doc is None:
        col.raise_if_any()
        return out
    codes: dict[str, Loc] = {}

    def code_seen(code: str, loc: Loc) -> None:
        if code in codes:
            col.add(doc, (*loc, "code"), f"duplicate EA element code {code!r}")
        codes[code] = loc
        out.lines[code] = _line(doc, loc)

    def known_systems(names: list[str], loc: Loc, key: str) -> None:
        for i, code in enumerate(names):
            if code not in systems:
                col.add(doc, (*loc, key, i), f"unknown system {code!r} (not in systems.yaml)")

    located: list[tuple[Element, Loc]] = []
    for fn, loc in col.items(doc, "functions", Function):
        code_seen(fn.code, loc)
        located.append((fn, loc))
        for i, unit in enumerate(fn.units):
            if catalog.units and unit not in catalog.units:
                col.add(doc, (*loc, "units", i), f"unknown unit {unit!r} (not in organisation.yaml)")
        for j, svc in enumerate(fn.services):
            sloc = (*loc, "services", j)
            code_seen(svc.code, sloc)
            located.append((svc, sloc))
            known_systems(svc.systems, sloc, "systems")
        out.functions.append(fn)
    for iface, loc in col.items(doc, "interfaces", Interface, required=False):
        code_seen(iface.code, loc)
        located.append((iface, loc))
        known_systems([iface.from_], loc, "from")
        known_systems([iface.to], loc, "to")
        for i, name in enumerate(iface.datasets):
            if name not in catalog.datasets:
                col.add(doc, (*loc, "datasets", i), f"unknown dataset {name!r}")
        out.interfaces.append(iface)
    for site, loc in col.items(doc, "sites", Site, required=False):
        if site.code in out.sites:
            col.add(doc, (*loc, "code"), f"duplicate site {site.code!r}")
        out.sites[site.code] = site
    for server, loc in col.items(doc, "servers", Server, required=False):
        code_seen(server.code, loc)
        located.append((server, loc))
        for key in ("site", "dr_site"):
            value = getattr(server, key)
            if value and value not in out.sites:
                col.add(doc, (*loc, key), f"unknown site {value!r} (not under sites:)")
        known_systems(server.systems, loc, "systems")
        out.servers.append(server)
    for element, loc in located:
        if element.replaces and element.replaces not in codes:
            col.add(doc, (*loc, "replaces"), f"replaces {element.replaces!r}, which is not an element of ea.yaml")
        if element.replaces and element.state != "to_be":
            col.add(doc, (*loc, "replaces"), "only a To-Be element (state: to_be) replaces another")
    col.raise_if_any()
    return out


def _line(doc: LocatedDocument, loc: Loc) -> int:
    return doc.line_of(loc) or 0
