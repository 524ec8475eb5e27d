"""Typed declarations of the catalogue (สงพท.-11 steps 1, 3, 7): what the data should be."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from khlang.dates import parse_date

Kind = Literal["master", "reference", "transactional", "warehouse"]
Classification = Literal["public", "internal", "confidential", "secret", "top_secret"]
PiiLabel = Literal[
    "national_id", "phone", "email", "bank_account", "person_name", "address",
    # PDPA section 26 sensitive data (ข้อมูลส่วนบุคคลที่มีความอ่อนไหว): stricter gaps than the labels above
    "race", "religion", "health", "disability", "criminal_record", "biometric", "genetic", "political_opinion",
    "trade_union", "sexual_behaviour",
]
SENSITIVE_PII: frozenset[str] = frozenset({
    "race", "religion", "health", "disability", "criminal_record", "biometric", "genetic", "political_opinion",
    "trade_union", "sexual_behaviour",
})
# Lawful bases that PDPA section 26 admits for sensitive data (explicit consent or one of its exceptions).
SENSITIVE_BASES: frozenset[str] = frozenset({"consent", "vital_interest", "legal_obligation", "public_task"})
Frequency = Literal[
    "realtime", "hourly", "daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "on_demand", "none"
]
LifecycleStage = Literal["planned", "creation", "active", "archived", "destruction_due", "destroyed"]
LawfulBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interest", "public_task", "legitimate_interest"
]

# The order of confidentiality, lowest first; later checks compare levels with it.
CLASSIFICATION_ORDER: tuple[str, ...] = ("public", "internal", "confidential", "secret", "top_secret")


def _date(value: Any) -> dt.date | None:
    return None if value is None else parse_date(value)


Date = Annotated[dt.date, BeforeValidator(_date)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]


class Strict(BaseModel):
    """Declarations reject unknown keys: a typo must not silently drop a rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(Strict):
    """An organisational unit (สำนัก/ฝ่าย) that owns data."""

    code: str
    name_th: str
    name_en: str | None = None
    head: str | None = None  # the person who heads it: who takes over the work of someone who left
    parent: str | None = None  # the unit it belongs to, whose head is asked when it has none


class Person(Strict):
    """Someone who can own, steward or access data."""

    id: str
    name: str
    name_en: str | None = None
    unit: str
    email: str | None = None
    position: str | None = None
    active: bool = True
    left_on: Date | None = None
    roles: list[str] = []

    @field_validator("roles")
    @classmethod
    def _roles(cls, roles: list[str]) -> list[str]:
        from khlang.identity.roles import why_not_declarable

        for code in roles:
            problem = why_not_declarable(code)
            if problem:
                raise ValueError(problem)
        if len(set(roles)) != len(roles):
            raise ValueError("a role is listed twice")
        return roles


class Governance(Strict):
    """Step 1: strategy, goals and scope of the governance framework (its definitions are glossary.yaml's terms)."""

    strategy: str | None = None
    goals: list[str] = []
    scope: str | None = None
    definitions: dict[str, str] = {}  # refused when not empty: one place per thing, the glossary
    committee: list[str] = []
    secretary: str | None = None  # the committee secretary (เลขานุการคณะกรรมการ), a person id

    @field_validator("definitions")
    @classmethod
    def _definitions_live_in_the_glossary(cls, definitions: dict[str, str]) -> dict[str, str]:
        if definitions:
            raise ValueError("definitions are terms of catalog/glossary.yaml (อภิธานศัพท์): move each there "
                             "with its English name, definitions and steward")
        return definitions


MemoKind = Literal["backup", "restore", "programs", "linkage", "pir"]


class MemoIssuer(Strict):
    """Who issues a procedure's report memo (บันทึกข้อความ): the unit (ส่วนราชการ) and the person who signs it."""

    unit: str
    signer: str | None = None  # a person id of organisation.yaml


class Organisation(Strict):
    """The organisation itself, as the GD Catalog names it."""

    name_th: str
    name_en: str
    abbreviation: str | None = None
    ckan_owner_org: str | None = None
    governance: Governance = Governance()
    memos: dict[MemoKind, MemoIssuer] = {}


class Source(Strict):
    """Where datasets live: a folder of files, one file, or a database."""

    name: Name
    type: str  # a registered source type (khlang.sources.SOURCE_TYPES: files, parquet, csv, duckdb, sqlite …)
    path: str | None = None
    url: str | None = None
    system: str | None = None
    encoding: str | None = None
    encrypted: bool = False
    description: str | None = None
    engine: str | None = None  # the quality engine for its datasets (khlang.quality.engines); None: default

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        from khlang.sources import SOURCE_TYPES

        if value not in SOURCE_TYPES:
            raise ValueError(f"unknown source type {value!r} (known: {', '.join(SOURCE_TYPES)})")
        return value

    @model_validator(mode="after")
    def _location(self) -> Source:
        from khlang.sources import plugin

        missing = plugin(self.type).missing(self)
        if missing:
            raise ValueError(missing)
        return self

    @field_validator("engine")
    @classmethod
    def _engine(cls, engine: str | None, info: ValidationInfo) -> str | None:
        if engine is not None:
            from khlang.quality.engines import ENGINES
            from khlang.quality.engines.base import can_check, engine_refusal
            from khlang.sources import SOURCE_TYPES

            found = ENGINES.get(engine)
            if found is None:
                raise ValueError(f"unknown quality engine {engine!r} (known: {', '.join(ENGINES)})")
            kind = info.data.get("type")
            if isinstance(kind, str) and kind in SOURCE_TYPES and not can_check(found, kind):
                raise ValueError(engine_refusal(found, kind))
        return engine


class Column(Strict):
    """A documented column."""

    name: str
    description: str | None = None
    pii: PiiLabel | None = None


class PersonalData(Strict):
    """PDPA flags (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล)."""

    contains_pii: bool = False
    categories: list[PiiLabel] = []
    sensitive: bool = False
    lawful_basis: LawfulBasis | None = None


_RETENTION = re.compile(r"^(\d+)\s*([ymd])$")


class Lifecycle(Strict):
    """From creation to destruction (ตั้งแต่การสร้างข้อมูล ถึงการทำลายข้อมูล).

    Retention of a living dataset applies to its records (a quality check); the dataset as a
    whole is past retention once it is archived and its retention has run from archiving, or
    when an explicit retain_until date has passed.
    """

    stage: LifecycleStage = "active"
    created_on: Date | None = None
    archived_on: Date | None = None
    retention: str | None = None
    retain_until: Date | None = None
    destroy_method: str | None = None
    destroyed_on: Date | None = None

    @field_validator("retention")
    @classmethod
    def _retention(cls, value: str | None) -> str | None:
        if value is None or value == "permanent" or _RETENTION.match(value.strip()):
            return value
        raise ValueError("retention is like '10y', '18m', '90d' or 'permanent'")

    def retention_ends(self) -> dt.date | None:
        """The last day the dataset may be kept, where that is known."""
        if self.retain_until:
            return self.retain_until
        if not self.retention or self.retention == "permanent":
            return None
        if self.stage not in ("archived", "destruction_due", "destroyed"):
            return None
        base = self.archived_on or self.created_on
        return add_period(base, self.retention) if base else None


def add_period(start: dt.date, period: str) -> dt.date:
    """start + '10y' / '18m' / '90d', clamping to the month's last day."""
    number, unit = _RETENTION.match(period.strip()).groups()  # type: ignore[union-attr]
    n = int(number)
    if unit == "d":
        return start + dt.timedelta(days=n)
    months = n * 12 if unit == "y" else n
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return dt.date(year, month, min(start.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


class GdCatalog(Strict):
    """The Thai Government Data Catalog (DGA, CKAN) metadata; missing fields are gaps, not errors.

    Choice fields hold the schema's own value or a Khlang code of khlang.catalog.ckan_vocabulary; an `*_other`
    field carries the text the schema asks for when the choice is อื่นๆ (other).
    """

    data_type: str | None = None
    data_type_other: str | None = None
    title: str | None = None
    owner_org: str | None = None
    maintainer: str | None = None
    maintainer_email: str | None = None
    notes: str | None = None
    tags: list[str] | None = None
    objective: str | list[str] | None = None
    objective_other: str | None = None
    update_frequency_unit: str | None = None
    update_frequency_unit_other: str | None = None
    update_frequency_interval: int | None = None
    geo_coverage: str | None = None
    geo_coverage_other: str | None = None
    data_source: str | None = None
    data_format: str | list[str] | None = None
    data_format_other: str | None = None
    data_category: str | None = None
    license_id: str | None = None
    license_id_other: str | None = None
    data_classification: str | None = None
    data_language: list[str] | None = None
    reference_data: bool | None = None
    high_value_dataset: bool | None = None
    # Where the public can download the data; never sent for a dataset that is not public.
    resource_url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)] | None = None


class Dataset(Strict):
    """One dataset in the list of datasets (รายการชุดข้อมูล)."""

    name: Name
    kind: Kind
    title_th: str
    title_en: str | None = None
    description: str | None = None
    source: Name
    object: str
    source_system: str | None = None
    business_owner: str | None = None
    digital_owner: str | None = None
    steward: str | None = None
    classification: Classification
    personal_data: PersonalData = PersonalData()
    lifecycle: Lifecycle = Lifecycle()
    update_frequency: Frequency | None = None
    tags: list[str] = []
    columns: list[Column] = []
    gd_catalog: GdCatalog = GdCatalog()
    row_count_tolerance: float = Field(0.5, gt=0)
    # Dataset-level lineage: the datasets this one is computed from, and the reports it feeds.
    derived_from: list[Name] = []
    feeds_reports: list[Annotated[str, Field(min_length=1, max_length=300)]] = []

    @field_validator("derived_from", "feeds_reports")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ValueError(f"{value!r} is listed twice")
            seen.add(value)
        return values

    @field_validator("columns")
    @classmethod
    def _unique_columns(cls, columns: list[Column]) -> list[Column]:
        seen: set[str] = set()
        for col in columns:
            if col.name in seen:
                raise ValueError(f"column {col.name!r} is declared twice")
            seen.add(col.name)
        return columns

    def column(self, name: str) -> Column | None:
        """The declared column of that name, if any."""
        return next((c for c in self.columns if c.name == name), None)
