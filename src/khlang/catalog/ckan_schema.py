"""The GD Catalog dataset schemas as data (ckan_schemas/*.json), and the check of a package against one of them.

The JSON files are facts read from DGA's CKAN extensions (each names its repository, path and commit);
validate_package applies them together with CKAN's own package_create rules (ckan_core.json), so what passes
here is what those CKANs accept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from khlang.catalog.ckan_vocabulary import OTHER

SCHEMA_DIR = Path(__file__).with_name("ckan_schemas")
VARIANTS = ("thai_gdc", "tgdcschema")
DEFAULT_VARIANT = "thai_gdc"
# Keys of CKAN's default package and resource schemas that every variant accepts besides its own fields.
CORE_PACKAGE_KEYS = frozenset({
    "id", "name", "title", "author", "author_email", "maintainer", "maintainer_email", "license_id", "notes", "url",
    "version", "state", "type", "owner_org", "private", "tags", "resources", "groups", "extras",
})
CORE_RESOURCE_KEYS = frozenset({
    "id", "url", "description", "format", "hash", "name", "resource_type", "url_type", "mimetype", "size",
    "created", "last_modified",
})
EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")


@dataclass(frozen=True)
class Field:
    """One field of a schema variant."""

    name: str
    required: bool
    choices: tuple[str, ...] | None
    multiple: bool
    data_types: tuple[str, ...] | None

    def applies_to(self, data_type: object) -> bool:
        """The schema shows some fields only for some data types (form_data_type)."""
        return self.data_types is None or data_type in (None, "") or data_type in self.data_types


@dataclass(frozen=True)
class Schema:
    """A schema variant: its dataset and resource fields, its source and its extra limits."""

    variant: str
    source: dict
    dataset_fields: dict[str, Field]
    resource_fields: dict[str, Field]
    limits: dict
    core: dict

    def field(self, name: str) -> Field | None:
        """A dataset field by name."""
        return self.dataset_fields.get(name)


def _field(raw: dict) -> Field:
    return Field(raw["field"], bool(raw.get("required")), tuple(raw["choices"]) if raw.get("choices") else None,
                 bool(raw.get("multiple")), tuple(raw["data_types"]) if raw.get("data_types") else None)


@cache
def load_schema(variant: str) -> Schema:
    """One encoded schema variant (thai_gdc or tgdcschema)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown GD Catalog schema {variant!r} (known: {', '.join(VARIANTS)})")
    raw = json.loads((SCHEMA_DIR / f"{variant}.json").read_text(encoding="utf-8"))
    core = json.loads((SCHEMA_DIR / "ckan_core.json").read_text(encoding="utf-8"))
    return Schema(variant, raw["source"], {f["field"]: _field(f) for f in raw["dataset_fields"]},
                  {f["field"]: _field(f) for f in raw["resource_fields"]}, raw.get("limits", {}), core)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate_package(package: dict, schema: Schema) -> list[str]:
    """Every reason the variant's CKAN would refuse the package, or lose part of it, as `field: message`."""
    problems = _core_problems(package, schema)
    for key in package:
        if key not in CORE_PACKAGE_KEYS and key not in schema.dataset_fields:
            problems.append(f"{key}: not a field of {schema.variant}: CKAN would drop it")
    data_type = package.get("data_type")
    for field in schema.dataset_fields.values():
        value = package.get("tags") if field.name == "tag_string" else package.get(field.name)
        if field.required and field.applies_to(data_type) and _empty(value):
            problems.append(f"{field.name}: mandatory field missing")
        elif not _empty(value) and field.choices:
            problems += _choice_problems(field, value, package, schema)
    for i, resource in enumerate(package.get("resources") or []):
        problems += [f"resources[{i}].{p}" for p in _resource_problems(resource, schema, data_type)]
    return problems


def validate_packages(packages: list[dict], schema: Schema) -> dict[str, list[str]]:
    """Problems per package name, including what only shows across packages (a title used twice)."""
    out = {p.get("name") or f"#{i}": validate_package(p, schema) for i, p in enumerate(packages)}
    if schema.limits.get("unique_title"):
        seen: dict[str, str] = {}
        for p in packages:
            title, name = p.get("title"), p.get("name") or ""
            if title in seen:
                out[name].append(f"title: already used by {seen[title]} (titles are unique in {schema.variant})")
            elif title:
                seen[title] = name
    return {name: problems for name, problems in out.items() if problems}


def _core_problems(package: dict, schema: Schema) -> list[str]:
    rules, problems = schema.core["name"], []
    name = package.get("name") or ""
    longest = min(rules["max_length"], schema.limits.get("package_name_max_length", rules["max_length"]))
    if not re.fullmatch(rules["pattern"][1:-1], name) or name in rules["reserved"]:
        problems.append(f"name: {name!r} must be lowercase letters, digits, - and _")
    if not rules["min_length"] <= len(name) <= longest:
        problems.append(f"name: {name!r} must be {rules['min_length']} to {longest} characters")
    if _empty(package.get("owner_org")):
        problems.append("owner_org: CKAN needs the organisation (catalog/organisation.yaml ckan_owner_org)")
    if not isinstance(package.get("private", False), bool):
        problems.append("private: must be true or false")
    for key in schema.core["email_fields"]:
        if not _empty(package.get(key)) and not EMAIL.match(str(package[key])):
            problems.append(f"{key}: {package[key]!r} is not an e-mail address")
    limits = schema.core["tags"]
    for tag in package.get("tags") or []:
        text = tag.get("name", "") if isinstance(tag, dict) else str(tag)
        if not limits["min_length"] <= len(text) <= limits["max_length"] or "," in text:
            problems.append(f"tags: {text!r} must be {limits['min_length']} to {limits['max_length']} "
                            "characters without a comma")
    return problems


def _choice_problems(field: Field, value: object, package: dict, schema: Schema) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not field.multiple:
        return [f"{field.name}: takes one value, not a list"]
    assert field.choices is not None
    problems = [f"{field.name}: {v!r} is not one of {schema.variant}'s values ({', '.join(field.choices)})"
                for v in values if v not in field.choices]
    other = f"{field.name}_other"
    if OTHER in values and other in schema.dataset_fields and _empty(package.get(other)):
        problems.append(f"{other}: needed when {field.name} is {OTHER}")
    return problems


def _resource_problems(resource: dict, schema: Schema, data_type: object) -> list[str]:
    problems = [f"{key}: not a resource field of {schema.variant}: CKAN would drop it"
                for key in resource if key not in CORE_RESOURCE_KEYS and key not in schema.resource_fields]
    for field in schema.resource_fields.values():
        if field.required and field.applies_to(data_type) and _empty(resource.get(field.name)):
            problems.append(f"{field.name}: mandatory field missing")
    return problems


def choice_fields(schema: Schema) -> dict[str, Any]:
    """Every choice field of a variant with its values (for the README and the tests)."""
    return {f.name: list(f.choices or ()) for f in schema.dataset_fields.values() if f.choices}
