"""What Khlang's vocabulary is in OpenMetadata's: names, column types, PII tags, dimensions (no SDK import).

Kept apart from the SDK so the mapping is readable as a table and testable without the 20 s import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khlang.declarations import Catalog, Dataset
from khlang.declarations.models import CLASSIFICATION_ORDER

DEFAULT = "default"
CLASSIFICATION = "KhlangDataClassification"  # ชั้นความลับ: a classification of its own beside OpenMetadata's PII
DIMENSION_CLASSIFICATION = "KhlangQualityDimension"
PII_SENSITIVE = "PII.Sensitive"
PII_NON_SENSITIVE = "PII.NonSensitive"

# OpenMetadata's PII.Sensitive is personal data whose disclosure can cause substantial harm (identity
# numbers, bank accounts); PII.NonSensitive is what is found in public sources (names, phones, e-mail).
PII_TAGS: dict[str, str] = {
    "national_id": PII_SENSITIVE,
    "bank_account": PII_SENSITIVE,
    "phone": PII_NON_SENSITIVE,
    "email": PII_NON_SENSITIVE,
    "person_name": PII_NON_SENSITIVE,
    "address": PII_NON_SENSITIVE,
}

# Khlang's quality dimensions on OpenMetadata's DataQualityDimensions; the two it lacks keep their
# Khlang tag only (timeliness, security).
DIMENSIONS: dict[str, str] = {
    "completeness": "Completeness",
    "validity": "Validity",
    "uniqueness": "Uniqueness",
    "consistency": "Consistency",
    "accuracy": "Accuracy",
    "timeliness": "NoDimension",
    "security": "NoDimension",
}

# DuckDB's (the harvest's) type names, by their leading word, on OpenMetadata's DataType.
_TYPES: dict[str, str] = {
    "VARCHAR": "VARCHAR", "TEXT": "TEXT", "STRING": "STRING", "CHAR": "CHAR", "BPCHAR": "CHAR",
    "BIGINT": "BIGINT", "INT8": "BIGINT", "LONG": "BIGINT", "HUGEINT": "NUMBER", "UBIGINT": "NUMBER",
    "INTEGER": "INT", "INT": "INT", "INT4": "INT", "UINTEGER": "BIGINT", "SMALLINT": "SMALLINT", "INT2": "SMALLINT",
    "USMALLINT": "INT", "TINYINT": "TINYINT", "UTINYINT": "SMALLINT", "DOUBLE": "DOUBLE", "FLOAT8": "DOUBLE",
    "FLOAT": "FLOAT", "REAL": "FLOAT", "FLOAT4": "FLOAT", "DECIMAL": "DECIMAL", "NUMERIC": "NUMERIC",
    "BOOLEAN": "BOOLEAN", "BOOL": "BOOLEAN", "DATE": "DATE", "TIME": "TIME", "TIMESTAMP": "TIMESTAMP",
    "DATETIME": "DATETIME", "TIMESTAMPTZ": "TIMESTAMPZ", "INTERVAL": "INTERVAL", "BLOB": "BLOB",
    "BYTEA": "BYTEA", "UUID": "UUID", "JSON": "JSON", "STRUCT": "STRUCT", "MAP": "MAP", "UNION": "UNION",
    "ENUM": "ENUM", "BIT": "BIT",
}


def data_type(harvested: str | None) -> str:
    """OpenMetadata's DataType for a harvested type name; UNKNOWN when there is no snapshot of it."""
    if not harvested:
        return "UNKNOWN"
    text = harvested.strip().upper()
    if text.endswith("[]") or text.startswith("LIST"):
        return "ARRAY"
    if text.startswith("TIMESTAMP WITH TIME ZONE"):
        return "TIMESTAMPZ"
    word = re.split(r"[\s(<]", text, maxsplit=1)[0]
    return _TYPES.get(word, "UNKNOWN")


def pii_tag(dataset: Dataset, label: str | None) -> str | None:
    """The PII tag of a column carrying `label`; sensitive personal data (PDPA s.26) is always Sensitive."""
    if label is None:
        return None
    if dataset.personal_data.sensitive:
        return PII_SENSITIVE
    return PII_TAGS.get(label, PII_NON_SENSITIVE)


def classification_tag(level: str) -> str:
    """The tag FQN of a Thai classification level."""
    return f"{CLASSIFICATION}.{level}"


def classification_levels() -> tuple[str, ...]:
    """public … top_secret, lowest first."""
    return CLASSIFICATION_ORDER


@dataclass(frozen=True)
class Location:
    """Where a dataset sits in OpenMetadata: service → database → schema → table."""

    service: str
    database: str
    schema: str
    table: str


def location(catalog: Catalog, dataset: Dataset) -> Location:
    """One database service per Khlang source, named after it; databases and schemas as their engines have them.

    PostgreSQL: the URL's database and the object's schema (default public), as OpenLineage names it too;
    MySQL: the URL's database is the schema of a `default` database (OpenMetadata's own MySQL layout);
    DuckDB and SQLite: schema `main`; files: `default.default`. The table is the dataset's name, which is
    unique in the catalogue and safe in a fully qualified name.
    """
    source = catalog.sources.get(dataset.source)
    schema, database = DEFAULT, DEFAULT
    if source is not None:
        from khlang.sources import plugin

        named_database, named_schema = plugin(source.type).openmetadata_place(source, dataset)
        database, schema = named_database or DEFAULT, named_schema or DEFAULT
    return Location(dataset.source, database, schema, dataset.name)


def test_case_name(check: str, used: set[str]) -> str:
    """A readable, unique test case name from Khlang's check name (e.g. expect_…_unique:depositor_id)."""
    base = re.sub(r"[^\w-]+", "_", check).strip("_")[:200] or "check"
    name, n = base, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name
