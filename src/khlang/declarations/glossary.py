"""The business glossary (อภิธานศัพท์, สงพท.-11 step 1 "definitions"): catalog/glossary.yaml.

Each term has its Thai and English name and definition, a steward (an active person of organisation.yaml),
a declared status (draft | approved) and the datasets and columns it describes, all checked against the
catalogue. The glossary is the one place for the definitions of step 1: organisation.yaml no longer holds them.
The committee's approvals recorded in the store are laid over the declared status
(khlang.governance.glossary).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from khlang.declarations.loader import Catalog, Collector, Origin
from khlang.declarations.models import Date, Strict
from khlang.declarations.yamlsource import Loc, LocatedDocument

GLOSSARY_FILE = "glossary.yaml"
TermStatus = Literal["draft", "approved"]
TermId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ColumnRef = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[^.\s]+$", max_length=300)]


class Term(Strict):
    """One term of the glossary: what a word means in อคส., who answers for the meaning, what data it describes."""

    id: TermId
    term_th: Annotated[str, Field(min_length=1, max_length=200)]
    term_en: Annotated[str, Field(min_length=1, max_length=200)]
    definition_th: Text
    definition_en: Text
    steward: str
    status: TermStatus = "draft"
    approved_on: Date | None = None  # an approval by the committee made before Khlang recorded approvals
    datasets: list[Annotated[str, Field(max_length=100)]] = []
    columns: list[ColumnRef] = []  # dataset.column
    see_also: list[TermId] = []

    @field_validator("datasets", "columns", "see_also")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ValueError(f"{value!r} is listed twice")
            seen.add(value)
        return values

    @model_validator(mode="after")
    def _approved_on_needs_approved(self) -> Term:
        if self.approved_on is not None and self.status != "approved":
            raise ValueError("approved_on is the date of an approval: a term with approved_on has status approved")
        return self

    @property
    def text_digest(self) -> str:
        """sha256 of the names and definitions: an approval is of this text, and lapses when it changes."""
        text = "\x1f".join((self.term_th, self.term_en, self.definition_th, self.definition_en))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def describes(self, dataset: str) -> bool:
        """True when the term is linked to the dataset or to one of its columns."""
        return dataset in self.datasets or any(c.split(".", 1)[0] == dataset for c in self.columns)

    def columns_of(self, dataset: str) -> list[str]:
        """The columns of `dataset` this term describes."""
        return [c.split(".", 1)[1] for c in self.columns if c.split(".", 1)[0] == dataset]


@dataclass
class Glossary:
    """The validated terms of glossary.yaml, in the file's order."""

    terms: list[Term] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def term(self, term_id: str) -> Term | None:
        """The term with that id, or None."""
        return next((t for t in self.terms if t.id == term_id), None)

    def for_dataset(self, dataset: str) -> list[Term]:
        """The terms linked to a dataset or its columns."""
        return [t for t in self.terms if t.describes(dataset)]


def glossary_path(catalog: Catalog) -> Path:
    """catalog/glossary.yaml of this catalogue."""
    return catalog.file(GLOSSARY_FILE)


def load_glossary(catalog: Catalog, path: Path | None = None) -> Glossary:
    """Load and validate glossary.yaml against the catalogue; no file is an empty glossary.

    Every problem is reported at its file:line: an unknown or departed steward, an unknown dataset or column,
    a term id or Thai/English term declared twice, a `see_also` to no term.
    """
    path = path or (glossary_path(catalog) if catalog.directory is not None else None)
    if path is None or not path.exists():
        return Glossary()
    col = Collector()
    doc = col.document(path)
    glossary = Glossary()
    if doc is not None:
        items = col.items(doc, "terms", Term)
        seen: dict[tuple[str, str], Loc] = {}
        for term, loc in items:
            duplicate = False
            for key in ("id", "term_th", "term_en"):
                value = getattr(term, key).strip().casefold()
                first = seen.get((key, value))
                if first is not None:
                    col.add(doc, (*loc, key), f"{key} {getattr(term, key)!r} already declared at "
                                              f"{path}:{doc.line_of(first)}")
                    duplicate = duplicate or key == "id"
                else:
                    seen[(key, value)] = loc
            _check_links(col, doc, loc, term, catalog)
            if not duplicate:
                glossary.terms.append(term)
                glossary.origins[term.id] = Origin(str(path), doc.line_of(loc))
        raw = doc.data.get("terms") if isinstance(doc.data, dict) else None
        # every id written, valid or not (an invalid term's own errors are reported already)
        ids = {t["id"] for t in raw if isinstance(t, dict) and isinstance(t.get("id"), str)} if isinstance(raw, list) \
            else set()
        for term, loc in items:
            for i, other in enumerate(term.see_also):
                if other not in ids:
                    col.add(doc, (*loc, "see_also", i), f"unknown term {other!r}")
                elif other == term.id:
                    col.add(doc, (*loc, "see_also", i), "a term cannot refer to itself")
    col.raise_if_any()
    return glossary


def _check_links(col: Collector, doc: LocatedDocument, loc: Loc, term: Term, catalog: Catalog) -> None:
    """The steward is a declared person; the datasets and columns are declared in the catalogue. A steward who has
    left is a gap (the finding `governance:glossary_steward_left`), as a dataset owner who left is, not an error."""
    person = catalog.people.get(term.steward)
    if person is None:
        col.add(doc, (*loc, "steward"), f"unknown person {term.steward!r} (declare them in organisation.yaml)")
    for i, name in enumerate(term.datasets):
        if name not in catalog.datasets:
            col.add(doc, (*loc, "datasets", i), f"unknown dataset {name!r}")
    for i, ref in enumerate(term.columns):
        name, column = ref.split(".", 1)
        ds = catalog.datasets.get(name)
        if ds is None:
            col.add(doc, (*loc, "columns", i), f"unknown dataset {name!r}")
        elif ds.column(column) is None:
            known = ", ".join(c.name for c in ds.columns) or "none declared"
            col.add(doc, (*loc, "columns", i), f"unknown column {column!r} of {name} (columns: {known})")
