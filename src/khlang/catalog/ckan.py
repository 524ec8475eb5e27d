"""Export to the Thai Government Data Catalog (GD Catalog: CKAN with DGA's dataset schema, either variant).

Every choice field of a package holds one of the variant's own values (khlang.catalog.ckan_schema), taken
as declared or mapped from a Khlang code (khlang.catalog.ckan_vocabulary); a value that is neither is refused
with its file and line. A dataset that is not public is exported private and without any resource, so no
address of its data ever leaves Khlang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from khlang.catalog.ckan_schema import DEFAULT_VARIANT, Schema, load_schema, validate_packages
from khlang.catalog.ckan_vocabulary import codes, mapped
from khlang.declarations import Catalog, Dataset
from khlang.declarations.yamlsource import LocatedDocument, load
from khlang.errors import DeclarationError, Problem
from khlang.sources import plugin

FREQUENCY_INTERVAL_DEFAULT = 1
# Choice fields, in the order a package lists them; the ones marked True take a list (multiple choice).
CHOICE_FIELDS = {"data_type": False, "objective": True, "update_frequency_unit": False, "geo_coverage": False,
                 "data_format": True, "data_category": False, "data_classification": False, "license_id": False,
                 "data_language": True}
YES_NO = {True: "True", False: "False"}


def gd_fields(catalog: Catalog, dataset: Dataset) -> dict:
    """The GD Catalog fields of a dataset: declared values first, then what the catalogue already says."""
    gd = dataset.gd_catalog.model_dump()
    steward = catalog.person(dataset.steward) or catalog.person(dataset.digital_owner)
    source = catalog.sources.get(dataset.source)
    derived = {
        "title": dataset.title_th,
        "notes": dataset.description,
        "owner_org": catalog.organisation.ckan_owner_org,
        "maintainer": steward.name if steward else None,
        "maintainer_email": steward.email if steward else None,
        "tags": list(dataset.tags) or None,
        "update_frequency_unit": dataset.update_frequency,
        "data_format": plugin(source.type).ckan_format(dataset) if source else None,
        "data_classification": dataset.classification,
        "reference_data": dataset.kind == "reference",
    }
    for key, value in derived.items():
        if gd.get(key) in (None, "", []):
            gd[key] = value
    return gd


def slug(name: str) -> str:
    """A CKAN package name: lowercase letters, digits, - and _, 2 to 70 characters (thai_gdc's limit)."""
    out = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
    return (out or "dataset")[:70].ljust(2, "_")


@dataclass
class Located:
    """Finds the line of a dataset's field, so a refusal points at what the steward wrote."""

    catalog: Catalog
    docs: dict[str, LocatedDocument | None] = field(default_factory=dict)

    def problem(self, dataset: Dataset, key: str, message: str) -> Problem:
        """A refusal at gd_catalog.<key> when declared there, else at the dataset."""
        origin = self.catalog.origins.get(dataset.name)
        if origin is None:
            return Problem(f"dataset {dataset.name}", None, f"gd_catalog.{key}", message)
        doc = self._doc(origin.file)
        line = origin.line
        if doc is not None:
            index = _index_of(doc, dataset.name)
            if index is not None:
                line = doc.line_of(("datasets", index, "gd_catalog", key)) or line
        return Problem(origin.file, line, f"gd_catalog.{key}", message)

    def _doc(self, file: str) -> LocatedDocument | None:
        if file not in self.docs:
            try:
                self.docs[file] = load(Path(file))
            except Exception:  # the catalogue loaded this file already; a line number is a courtesy
                self.docs[file] = None
        return self.docs[file]


def _index_of(doc: LocatedDocument, name: str) -> int | None:
    items = doc.data.get("datasets") if isinstance(doc.data, dict) else None
    for i, item in enumerate(items or []):
        if isinstance(item, dict) and item.get("name") == name:
            return i
    return None


def _resolve(key: str, value: str, schema: Schema) -> tuple[str, str | None] | str:
    """(schema value, other-text) for a declared value or Khlang code; an error message when neither."""
    spec = schema.field(key)
    assert spec is not None and spec.choices is not None
    if value in spec.choices:
        return value, None
    hit = mapped(key, value, schema.variant) or mapped(key, value.lower(), schema.variant)
    if hit is None:
        known = ", ".join(codes(key)) or "none"
        return (f"{value!r} is neither a value of {schema.variant} ({', '.join(spec.choices)}) "
                f"nor a Khlang code with a {schema.variant} value ({known})")
    return hit if isinstance(hit, tuple) else (hit, None)


def _choices(gd: dict, schema: Schema, dataset: Dataset, where: Located,
             refusals: list[Problem]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, multiple in CHOICE_FIELDS.items():
        declared = gd.get(key)
        if declared in (None, "", []) or schema.field(key) is None:
            continue
        values, others = [], []
        for value in declared if isinstance(declared, list) else [declared]:
            resolved = _resolve(key, str(value), schema)
            if isinstance(resolved, str):
                refusals.append(where.problem(dataset, key, resolved))
                continue
            values.append(resolved[0])
            others += [resolved[1]] if resolved[1] else []
        if values:
            out[key] = values if multiple else values[0]
        other = gd.get(f"{key}_other") or "; ".join(others)
        if other and schema.field(f"{key}_other") is not None:
            out[f"{key}_other"] = other
    return out


def _resources(dataset: Dataset, gd: dict, pkg: dict) -> list[dict]:
    """The data's address, only for a public dataset that declares one."""
    if dataset.classification != "public" or not gd.get("resource_url"):
        return []
    formats = pkg.get("data_format") or []
    fmt = pkg.get("data_format_other") or (formats[0] if formats else "")
    return [{"name": dataset.object, "url": gd["resource_url"], "format": fmt,
             "description": f"{dataset.title_en or dataset.title_th} ({dataset.kind})"}]


def package(catalog: Catalog, dataset: Dataset, schema: Schema | None = None,
            where: Located | None = None) -> tuple[dict, list[Problem]]:
    """One CKAN package dict for package_create on a GD Catalog, and the values that could not be mapped."""
    schema = schema or load_schema(DEFAULT_VARIANT)
    where = where or Located(catalog)
    gd = gd_fields(catalog, dataset)
    refusals: list[Problem] = []
    pkg: dict = {
        "name": slug(f"{catalog.organisation.ckan_owner_org or 'org'}-{dataset.name}"),
        "title": gd["title"], "owner_org": gd["owner_org"], "private": dataset.classification != "public",
        "maintainer": gd["maintainer"], "maintainer_email": gd["maintainer_email"], "notes": gd["notes"],
        "tags": [{"name": t} for t in (gd["tags"] or [])],
        "update_frequency_interval": str(gd["update_frequency_interval"] or FREQUENCY_INTERVAL_DEFAULT),
        "data_source": gd["data_source"],
    }
    pkg.update(_choices(gd, schema, dataset, where, refusals))
    for key in ("reference_data", "high_value_dataset"):
        if gd.get(key) is not None and schema.field(key) is not None:
            pkg[key] = YES_NO[bool(gd[key])]
    pkg = {k: v for k, v in pkg.items() if v not in (None, "", [])}
    pkg["resources"] = _resources(dataset, gd, pkg)
    return pkg, refusals


@dataclass
class Export:
    """The packages of every dataset for one schema variant, and what each still lacks."""

    variant: str
    packages: list[dict]
    problems: dict[str, list[str]]
    notices: list[str]


def export(catalog: Catalog, variant: str = DEFAULT_VARIANT) -> Export:
    """Every dataset as a package of `variant`; refuses (DeclarationError) values that cannot be mapped."""
    schema, where = load_schema(variant), Located(catalog)
    packages, refusals, notices = [], [], []
    for dataset in catalog.by_kind():
        pkg, refused = package(catalog, dataset, schema, where)
        packages.append(pkg)
        refusals += refused
        if dataset.gd_catalog.resource_url and dataset.classification != "public":
            notices.append(f"{dataset.name}: resource_url not exported: the dataset is {dataset.classification}")
    if refusals:
        raise DeclarationError(refusals)
    return Export(variant, packages, validate_packages(packages, schema), notices)
