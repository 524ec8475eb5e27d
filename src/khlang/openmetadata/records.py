"""Khlang's catalogue, owners, tags, quality and lineage as OpenMetadata's generated request models.

Every record is one of the SDK's generated models (`metadata.generated.schema…`), or the ingestion
framework's wrapper around them that its REST sink knows how to send (OMetaUserProfile,
OMetaTagAndClassification, OMetaTestSuiteSample, OMetaTestCaseSample, OMetaTestCaseResultsSample).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

from metadata.generated.schema.api.classification.createClassification import CreateClassificationRequest
from metadata.generated.schema.api.classification.createTag import CreateTagRequest
from metadata.generated.schema.api.data.createDatabase import CreateDatabaseRequest
from metadata.generated.schema.api.data.createDatabaseSchema import CreateDatabaseSchemaRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.lineage.addLineage import AddLineageRequest
from metadata.generated.schema.api.services.createDatabaseService import CreateDatabaseServiceRequest
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.api.tests.createTestCase import CreateTestCaseRequest
from metadata.generated.schema.api.tests.createTestDefinition import CreateTestDefinitionRequest
from metadata.generated.schema.api.tests.createTestSuite import CreateTestSuiteRequest, TestSuiteEntityName
from metadata.generated.schema.entity.data.table import Column, DataType, TableType
from metadata.generated.schema.entity.services.connections.database.customDatabaseConnection import (
    CustomDatabaseConnection,
    CustomDatabaseType,
)
from metadata.generated.schema.entity.services.databaseService import DatabaseConnection, DatabaseServiceType
from metadata.generated.schema.entity.teams.team import TeamType
from metadata.generated.schema.tests.basic import TestCaseResult, TestCaseStatus, TestResultValue
from metadata.generated.schema.tests.testCase import TestCaseParameterValue
from metadata.generated.schema.tests.testDefinition import (
    DataQualityDimensions,
    EntityType,
    TestCaseParameterDefinition,
    TestPlatform,
)
from metadata.generated.schema.type.basic import (
    Duration,
    Email,
    EntityLink,
    EntityName,
    FullyQualifiedEntityName,
    Markdown,
    TestCaseEntityName,
    Timestamp,
    Uuid,
)
from metadata.generated.schema.type.entityLineage import EntitiesEdge, LineageDetails
from metadata.generated.schema.type.entityLineage import Source as LineageSource
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.generated.schema.type.entityReferenceList import EntityReferenceList
from metadata.generated.schema.type.tagLabel import LabelType, State, TagFQN, TagLabel, TagSource
from metadata.ingestion.models.ometa_classification import OMetaTagAndClassification
from metadata.ingestion.models.tests_data import OMetaTestCaseResultsSample, OMetaTestCaseSample, OMetaTestSuiteSample
from metadata.ingestion.models.user import OMetaUserProfile
from metadata.utils import fqn

from khlang.declarations import Dataset
from khlang.openmetadata import SOURCE_CLASS
from khlang.openmetadata.inputs import Inputs, RunResult
from khlang.openmetadata.mapping import (
    CLASSIFICATION,
    DIMENSION_CLASSIFICATION,
    DIMENSIONS,
    Location,
    classification_levels,
    classification_tag,
    data_type,
    location,
    pii_tag,
    test_case_name,
)
from khlang.quality.results import CheckResult
from khlang.report.committee_labels import DIMENSIONS as DIMENSION_LABELS
from khlang.report.labels import CLASSIFICATIONS, KINDS, PII_CATEGORIES

OWNER_ROLES = (("business_owner", "เจ้าของข้อมูลด้านธุรกิจ · Business owner"),
               ("digital_owner", "เจ้าของข้อมูลด้านดิจิทัล · Digital owner"),
               ("steward", "ผู้ดูแลข้อมูล · Data steward"))
CASE_PARAMETERS = ("dimension", "kind", "severity", "weight", "columns")
_NAMESPACE = uuid.UUID("5f1b7a52-6c2e-4a43-9d0e-6b686c616e67")  # fixed: offline ids are the same every run


class References:
    """Entity references for owners and lineage.

    OpenMetadata references entities by id, which only its server knows. `server`: look them up by fully
    qualified name through the workflow's client (the same run sent them first). `offline`: a name-based
    UUID (v5) with the name and FQN beside it, for exports to files where no server holds the entities.
    """

    def __init__(self, mode: str, metadata: Any = None) -> None:
        if mode not in ("server", "offline"):
            raise ValueError(f"references must be 'server' or 'offline', not {mode!r}")
        self.mode, self.metadata = mode, metadata
        self._cache: dict[tuple[str, str], EntityReference | None] = {}

    def get(self, kind: str, name: str) -> EntityReference | None:
        """A reference to the user, team or table of that FQN; None when a server does not know it."""
        key = (kind, name)
        if key not in self._cache:
            self._cache[key] = self._offline(kind, name) if self.mode == "offline" else self._lookup(kind, name)
        return self._cache[key]

    @staticmethod
    def _offline(kind: str, name: str) -> EntityReference:
        return EntityReference(id=Uuid(uuid.uuid5(_NAMESPACE, f"{kind}:{name}")), type=kind, name=fqn.split(name)[-1],
                               fullyQualifiedName=name)

    def _lookup(self, kind: str, name: str) -> EntityReference | None:
        from metadata.generated.schema.entity.data.table import Table
        from metadata.generated.schema.entity.teams.team import Team
        from metadata.generated.schema.entity.teams.user import User

        entity = {"user": User, "team": Team, "table": Table}[kind]
        found = self.metadata.get_by_name(entity=entity, fqn=name)
        if found is None:
            return None
        return EntityReference(id=found.id, type=kind, name=found.name.root,
                               fullyQualifiedName=found.fullyQualifiedName.root)


def both(th: str, en: str | None) -> str:
    """'ไทย · English', the form Khlang shows everywhere."""
    return f"{th} · {en}" if en and en != th else th


def markdown(text: str | None) -> Markdown | None:
    """An optional description as the SDK's Markdown type (the generated models' fields are typed so)."""
    return Markdown(text) if text is not None else None


# --- people and units -------------------------------------------------------------------------------

def teams(inputs: Inputs) -> Iterator[CreateTeamRequest]:
    """Each organisational unit as a Department team."""
    for unit in sorted(inputs.catalog.units.values(), key=lambda u: u.code):
        yield team_request(inputs, unit.code)


def team_request(inputs: Inputs, code: str) -> CreateTeamRequest:
    unit = inputs.catalog.units[code]
    return CreateTeamRequest(name=EntityName(unit.code), displayName=both(unit.name_th, unit.name_en),
                             description=Markdown(f"{unit.name_th}" + (f"\n\n{unit.name_en}" if unit.name_en else "")),
                             teamType=TeamType.Department)


def users(inputs: Inputs) -> Iterator[OMetaUserProfile]:
    """Every person with an e-mail (OpenMetadata requires one) as a user in their unit's team."""
    for person in sorted(inputs.catalog.people.values(), key=lambda p: p.id):
        if not person.email:
            continue
        lines = [person.position or "", "" if person.active else f"ไม่ได้ปฏิบัติงานแล้ว · Left on {person.left_on}"]
        user = CreateUserRequest(name=EntityName(person.id), displayName=both(person.name, person.name_en),
                                 email=Email(person.email),
                                 description=markdown("\n\n".join(x for x in lines if x) or None))
        unit = [team_request(inputs, person.unit)] if person.unit in inputs.catalog.units else None
        yield OMetaUserProfile(user=user, teams=unit)


# --- classifications ----------------------------------------------------------------------------------

def classifications() -> Iterator[OMetaTagAndClassification]:
    """The Thai classification levels (ชั้นความลับ) and Khlang's quality dimensions, each a classification."""
    levels = CreateClassificationRequest(
        name=EntityName(CLASSIFICATION), displayName="ชั้นความลับของข้อมูล · Data classification",
        mutuallyExclusive=True,
        description=Markdown("ระดับชั้นความลับของชุดข้อมูลตามนโยบายข้อมูลของ อคส. (public → top_secret) · "
                             "The dataset's confidentiality level in the organisation's data policy, lowest first."))
    for level in classification_levels():
        label = CLASSIFICATIONS[level]
        yield OMetaTagAndClassification(classification_request=levels, tag_request=CreateTagRequest(
            classification=FullyQualifiedEntityName(CLASSIFICATION), name=EntityName(level), displayName=label.both,
            description=Markdown(label.both)))
    dims = CreateClassificationRequest(
        name=EntityName(DIMENSION_CLASSIFICATION), displayName="มิติคุณภาพข้อมูล · Data quality dimension",
        mutuallyExclusive=True, description=Markdown("มิติคุณภาพข้อมูลของ Khlang · Khlang's data-quality dimensions"))
    for dim in DIMENSIONS:
        label = DIMENSION_LABELS[dim]
        yield OMetaTagAndClassification(classification_request=dims, tag_request=CreateTagRequest(
            classification=FullyQualifiedEntityName(DIMENSION_CLASSIFICATION), name=EntityName(dim),
            displayName=label.both, description=Markdown(label.both)))


def tag(tag_fqn: str, confirmed: bool = True) -> TagLabel:
    """A classification tag as applied by Khlang: declared tags are confirmed, detected ones suggested."""
    return TagLabel(tagFQN=TagFQN(tag_fqn), source=TagSource.Classification,
                    labelType=LabelType.Manual if confirmed else LabelType.Automated,
                    state=State.Confirmed if confirmed else State.Suggested)


# --- services, databases, schemas, tables ----------------------------------------------------------------

def locations(inputs: Inputs) -> dict[str, Location]:
    """Each declared dataset's place in OpenMetadata, by dataset name."""
    return {name: location(inputs.catalog, ds) for name, ds in sorted(inputs.catalog.datasets.items())}


def table_fqn(loc: Location) -> str:
    return fqn._build(loc.service, loc.database, loc.schema, loc.table)  # Java's FullyQualifiedName#build


def schema_fqn(loc: Location) -> str:
    return fqn._build(loc.service, loc.database, loc.schema)


def services(inputs: Inputs) -> Iterator[CreateDatabaseServiceRequest]:
    """One CustomDatabase service per Khlang source that holds a declared dataset."""
    used = {loc.service for loc in locations(inputs).values()}
    for name in sorted(used):
        source = inputs.catalog.sources.get(name)
        description = source.description if source else None
        if source is not None:
            description = f"{description or ''}\n\nKhlang source `{source.name}` ({source.type}" + \
                (f", system {source.system})" if source.system else ")")
        yield CreateDatabaseServiceRequest(
            name=EntityName(name), serviceType=DatabaseServiceType.CustomDatabase, description=markdown(description),
            connection=DatabaseConnection(config=CustomDatabaseConnection(type=CustomDatabaseType.CustomDatabase,
                                                                          sourcePythonClass=SOURCE_CLASS)))


def containers(inputs: Inputs) -> Iterator[CreateDatabaseRequest | CreateDatabaseSchemaRequest]:
    """The databases and schemas the tables sit in, each once."""
    places = sorted({(loc.service, loc.database, loc.schema) for loc in locations(inputs).values()})
    for service, database in sorted({(s, d) for s, d, _ in places}):
        yield CreateDatabaseRequest(name=EntityName(database), service=FullyQualifiedEntityName(service))
    for service, database, schema in places:
        yield CreateDatabaseSchemaRequest(name=EntityName(schema),
                                          database=FullyQualifiedEntityName(fqn._build(service, database)))


def tables(inputs: Inputs, refs: References) -> Iterator[CreateTableRequest]:
    """Every declared dataset as a table with its harvested columns, tags and owners."""
    for name, loc in locations(inputs).items():
        ds = inputs.catalog.datasets[name]
        snap = (inputs.snapshot or {}).get("datasets", {}).get(name)
        columns = table_columns(ds, snap)
        tags = [tag(classification_tag(ds.classification))]
        column_pii = {t.tagFQN.root for c in columns for t in c.tags or []}
        tags += [tag(t) for t in sorted(column_pii)]
        retention = _retention(ds)
        yield CreateTableRequest(
            name=EntityName(loc.table), displayName=both(ds.title_th, ds.title_en),
            description=Markdown(table_description(inputs, ds)), tableType=TableType.Regular, columns=columns,
            databaseSchema=FullyQualifiedEntityName(schema_fqn(loc)), tags=tags, owners=owners(inputs, ds, refs),
            retentionPeriod=Duration(retention) if retention is not None else None)


def table_columns(ds: Dataset, snap: dict | None) -> list[Column]:
    """Harvested columns in their order (type and detected PII), then declared columns not found."""
    harvested = {c["name"]: c for c in (snap or {}).get("columns", [])}
    names = list(harvested) + [c.name for c in ds.columns if c.name not in harvested]
    out = []
    for position, name in enumerate(names, start=1):
        declared, found = ds.column(name), harvested.get(name, {})
        label = (declared.pii if declared else None) or found.get("declared_pii")
        detected = found.get("pii")
        pii = pii_tag(ds, label or detected)
        out.append(Column(name=name, dataType=DataType(data_type(found.get("type"))),
                          dataTypeDisplay=found.get("type") or None, ordinalPosition=position,
                          description=markdown(column_description(declared.description if declared else None,
                                                                  label or detected)),
                          tags=[tag(pii, confirmed=bool(label))] if pii else []))
    return out


def column_description(text: str | None, pii: str | None) -> str | None:
    parts = [text or ""]
    if pii:
        parts.append(f"ข้อมูลส่วนบุคคล · Personal data: {PII_CATEGORIES[pii].both if pii in PII_CATEGORIES else pii}")
    return "\n\n".join(p for p in parts if p) or None


def table_description(inputs: Inputs, ds: Dataset) -> str:
    """Thai first, English beside: the title, the description, kind, classification and who is responsible."""
    lines = [f"**{ds.title_th}**" + (f" · {ds.title_en}" if ds.title_en else "")]
    if ds.description:
        lines.append(ds.description)
    lines.append(f"ประเภท · Kind: {KINDS[ds.kind].both}; ชั้นความลับ · Classification: "
                 f"{CLASSIFICATIONS[ds.classification].both}; ที่เก็บ · Object: `{ds.source}/{ds.object}`")
    for role, label in OWNER_ROLES:
        person = inputs.catalog.person(getattr(ds, role))
        if person:
            lines.append(f"{label}: {both(person.name, person.name_en)} ({person.id})")
    return "\n\n".join(lines)


def owners(inputs: Inputs, ds: Dataset, refs: References) -> EntityReferenceList | None:
    """Business owner, digital owner and steward, each once, as user references."""
    ids: list[str] = []
    for role, _ in OWNER_ROLES:
        pid = getattr(ds, role)
        person = inputs.catalog.person(pid)
        if person and person.email and pid not in ids:
            ids.append(pid)
    found = [r for r in (refs.get("user", pid) for pid in ids) if r is not None]
    return EntityReferenceList(root=found) if found else None


def _retention(ds: Dataset) -> str | None:
    """'10y' → ISO 8601 'P10Y' (OpenMetadata's retentionPeriod)."""
    value = ds.lifecycle.retention
    if not value or value == "permanent":
        return None
    return "P" + value.strip().upper().replace(" ", "")


# --- quality ---------------------------------------------------------------------------------------

def _column_of(check: CheckResult) -> str | None:
    """The one column a check is about; compound checks (a,b,c) are table-level."""
    return check.column if check.column and "," not in check.column else None


def definition_name(check: CheckResult) -> str:
    level = "column" if _column_of(check) else "table"
    return f"khlang_{check.type}_{level}"


def test_definitions(inputs: Inputs) -> Iterator[CreateTestDefinitionRequest]:
    """One test definition per Khlang check type and level (column or table) that the latest run used."""
    seen: dict[str, CheckResult] = {}
    for results in inputs.checks.values():
        for check in results:
            seen.setdefault(definition_name(check), check)
    for name, check in sorted(seen.items()):
        platform = TestPlatform.GreatExpectations if check.kind == "expectation" else TestPlatform.Other
        yield CreateTestDefinitionRequest(
            name=TestCaseEntityName(name), displayName=check.type,
            description=Markdown(f"Khlang {check.kind} check `{check.type}` "
                                 "(Great Expectations suite format for expectations)"),
            entityType=EntityType.COLUMN if _column_of(check) else EntityType.TABLE, testPlatforms=[platform],
            dataQualityDimension=DataQualityDimensions(DIMENSIONS.get(check.dimension, "NoDimension")),
            parameterDefinition=[TestCaseParameterDefinition(name=p, displayName=p, required=False)
                                 for p in CASE_PARAMETERS])


def test_suites(inputs: Inputs) -> Iterator[OMetaTestSuiteSample]:
    """One basic (executable) test suite per dataset with checks, named as OpenMetadata names them."""
    locs = locations(inputs)
    for name in sorted(inputs.checks):
        table = table_fqn(locs[name])
        yield OMetaTestSuiteSample(test_suite=CreateTestSuiteRequest(
            name=TestSuiteEntityName(f"{table}.testSuite"), basicEntityReference=FullyQualifiedEntityName(table),
            displayName=f"ชุดตรวจคุณภาพ · Quality checks: {name}",
            description=Markdown(f"Khlang quality checks of `{name}` (สงพท.-11 step 9)")))


def test_cases(inputs: Inputs) -> Iterator[tuple[OMetaTestCaseSample, CheckResult, str]]:
    """One test case per check of the latest run, with its dimension as a parameter and a tag; and its FQN."""
    locs = locations(inputs)
    for name in sorted(inputs.checks):
        loc, used = locs[name], set[str]()
        table = table_fqn(loc)
        for check in inputs.checks[name]:
            case = test_case_name(check.check if check.kind != "security" else f"security_{check.check}", used)
            column = _column_of(check)
            link = f"<#E::table::{table}::columns::{column}>" if column else f"<#E::table::{table}>"
            parts = (loc.service, loc.database, loc.schema, loc.table, *([column] if column else []), case)
            case_fqn = fqn._build(*parts)
            params = {"dimension": check.dimension, "kind": check.kind, "severity": check.severity,
                      "weight": f"{check.weight:g}", "columns": check.column or ""}
            request = CreateTestCaseRequest(
                name=TestCaseEntityName(case), displayName=check.check,
                testDefinition=FullyQualifiedEntityName(definition_name(check)), entityLink=EntityLink(link),
                description=Markdown(f"{_dimension_label(check.dimension)} — Khlang {check.kind} `{check.check}`"),
                parameterValues=[TestCaseParameterValue(name=k, value=v) for k, v in params.items()],
                tags=[tag(f"{DIMENSION_CLASSIFICATION}.{check.dimension}")])
            yield OMetaTestCaseSample(test_case=request), check, case_fqn


def _dimension_label(dimension: str) -> str:
    return DIMENSION_LABELS[dimension].both if dimension in DIMENSION_LABELS else dimension


def test_results(inputs: Inputs, check: CheckResult, case_fqn: str) -> Iterator[OMetaTestCaseResultsSample]:
    """The check's result in every stored run, oldest first."""
    for run in inputs.history.get(check.fingerprint, []):
        yield OMetaTestCaseResultsSample(test_case_results=result(check, run), test_case_name=case_fqn)


def result(check: CheckResult, run: RunResult) -> TestCaseResult:
    failed = run.unexpected_count
    total = run.element_count
    passed = total - failed if total is not None and failed is not None else None
    values = [TestResultValue(name="unexpected_count", value=str(failed)) if failed is not None else None,
              TestResultValue(name="element_count", value=str(total)) if total is not None else None,
              TestResultValue(name="dimension", value=check.dimension)]
    text = f"{'ผ่าน · passed' if run.success else 'ไม่ผ่าน · failed'} (run {run.run_key})"
    if failed is not None:
        text += f": {failed} of {total} unexpected" if total is not None else f": {failed} unexpected"
    return TestCaseResult(
        timestamp=Timestamp(int(_utc(run.finished_at).timestamp() * 1000)),
        testCaseStatus=TestCaseStatus.Success if run.success else TestCaseStatus.Failed, result=text,
        testResultValue=[v for v in values if v is not None], passedRows=passed, failedRows=failed,
        passedRowsPercentage=round(100.0 * passed / total, 4) if passed is not None and total else None,
        failedRowsPercentage=round(100.0 * failed / total, 4) if failed is not None and total else None)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# --- lineage ----------------------------------------------------------------------------------------

def lineage(inputs: Inputs, refs: References) -> Iterator[AddLineageRequest]:
    """Each declared derived_from edge between two datasets, from the parent table to the derived one."""
    locs = locations(inputs)
    for parent, child in inputs.edges:
        source, target = refs.get("table", table_fqn(locs[parent])), refs.get("table", table_fqn(locs[child]))
        if source is None or target is None:
            continue
        yield AddLineageRequest(edge=EntitiesEdge(
            fromEntity=source, toEntity=target,
            lineageDetails=LineageDetails(source=LineageSource.Manual,
                                          description=f"{child} ← derived_from {parent} (Khlang catalogue)")))
