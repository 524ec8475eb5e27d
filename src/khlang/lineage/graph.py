"""Dataset-level lineage from the declarations: source system → dataset → derived dataset → report.

Approved linkages with external agencies are part of it: an inbound linkage feeds its datasets,
an outbound one takes them out of the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from khlang.declarations import Catalog

if TYPE_CHECKING:
    from khlang.declarations.systems import System
    from khlang.linkage.register import Register


@dataclass(frozen=True)
class Node:
    """A system, a dataset, a report or an external agency."""

    id: str
    kind: str  # "system" | "dataset" | "report" | "agency"
    name: str
    label: str
    label_en: str = ""
    known: bool = True

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"id": self.id, "kind": self.kind, "name": self.name, "label": self.label,
                "label_en": self.label_en, "known": self.known}


@dataclass(frozen=True)
class Edge:
    """Data flows from `source` to `target`."""

    source: str
    target: str

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"from": self.source, "to": self.target}


@dataclass
class LineageGraph:
    """One dataset's upstream and downstream, as nodes and edges."""

    focus: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    upstream: list[str] = field(default_factory=list)
    downstream: list[str] = field(default_factory=list)

    def add_edge(self, source: Node, target: Node) -> None:
        """Add both nodes and the edge between them, once."""
        self.nodes.setdefault(source.id, source)
        self.nodes.setdefault(target.id, target)
        edge = Edge(source.id, target.id)
        if edge not in self.edges:
            self.edges.append(edge)

    def to_dict(self) -> dict:
        """{"dataset", "nodes", "edges", "upstream", "downstream"} — what `lineage graph --format json` prints."""
        return {
            "dataset": self.focus,
            "nodes": [n.to_dict() for n in sorted(self.nodes.values(), key=lambda n: n.id)],
            "edges": [e.to_dict() for e in sorted(self.edges, key=lambda e: (e.source, e.target))],
            "upstream": sorted(self.upstream),
            "downstream": sorted(self.downstream),
        }


class LineageIndex:
    """Every declared flow, indexed once, so each dataset's graph is cheap."""

    def __init__(self, catalog: Catalog, systems: dict[str, System] | None = None,
                 register: Register | None = None) -> None:
        from khlang.linkage.workflow import ACTIVE

        self.catalog = catalog
        self.systems = systems or {}
        self.children: dict[str, list[str]] = {}
        for ds in catalog.datasets.values():
            for parent in ds.derived_from:
                self.children.setdefault(parent, []).append(ds.name)
        self.inbound: dict[str, list] = {}
        self.outbound: dict[str, list] = {}
        for entry in (register.entries.values() if register else []):
            if entry.status not in ACTIVE:
                continue
            for name in entry.datasets:
                side = self.inbound if entry.direction == "inbound" else self.outbound
                side.setdefault(name, []).append(entry)

    def system_of(self, name: str) -> str | None:
        """The system a dataset lives in: its own source_system, else its source's system."""
        ds = self.catalog.datasets[name]
        source = self.catalog.sources.get(ds.source)
        return ds.source_system or (source.system if source else None)

    def dataset_node(self, name: str) -> Node:
        ds = self.catalog.datasets[name]
        return Node(f"dataset:{name}", "dataset", name, ds.title_th, ds.title_en or "")

    def system_node(self, code: str) -> Node:
        system = self.systems.get(code)
        if system is None:
            return Node(f"system:{code}", "system", code, code, "", known=not self.systems)
        return Node(f"system:{code}", "system", code, system.name_th, system.name_en or "")

    @staticmethod
    def agency_node(entry) -> Node:  # noqa: ANN001
        return Node(f"agency:{entry.id}", "agency", entry.id, entry.agency, entry.agency_en or "")

    def graph(self, name: str) -> LineageGraph:
        """The upstream and downstream of one declared dataset."""
        if name not in self.catalog.datasets:
            raise KeyError(name)
        g = LineageGraph(name)
        focus = self.dataset_node(name)
        g.nodes[focus.id] = focus
        self._up(g, name, set())
        self._down(g, name, set())
        return g

    def _up(self, g: LineageGraph, name: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        here = self.dataset_node(name)
        code = self.system_of(name)
        if code:
            node = self.system_node(code)
            g.add_edge(node, here)
            _once(g.upstream, node.id)
        for entry in self.inbound.get(name, []):
            node = self.agency_node(entry)
            g.add_edge(node, here)
            _once(g.upstream, node.id)
        for parent in self.catalog.datasets[name].derived_from:
            node = self.dataset_node(parent)
            g.add_edge(node, here)
            _once(g.upstream, node.id)
            self._up(g, parent, seen)

    def _down(self, g: LineageGraph, name: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        here = self.dataset_node(name)
        for child in sorted(self.children.get(name, [])):
            node = self.dataset_node(child)
            g.add_edge(here, node)
            _once(g.downstream, node.id)
            self._down(g, child, seen)
        for title in self.catalog.datasets[name].feeds_reports:
            node = Node(f"report:{title}", "report", title, title)
            g.add_edge(here, node)
            _once(g.downstream, node.id)
        for entry in self.outbound.get(name, []):
            node = self.agency_node(entry)
            g.add_edge(here, node)
            _once(g.downstream, node.id)


def _once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def load_index(catalog: Catalog) -> LineageIndex:
    """The lineage index of a catalogue, with systems.yaml and linkages.yaml when they are declared."""
    from pathlib import Path

    from khlang.declarations.systems import load_systems
    from khlang.linkage.register import load_register, register_path

    directory = Path(catalog.directory or ".")
    systems = load_systems(catalog) if (directory / "systems.yaml").is_file() else None
    register = load_register(catalog) if register_path(catalog).is_file() else None
    return LineageIndex(catalog, systems, register)
