"""The one vocabulary (khlang.report.labels and the committee's words): every code a report shows a person has a
Thai and an English label, taken from the registries and declarations that define the codes, so a new check type,
decision kind, status or finding without its labels fails here."""

from __future__ import annotations

import typing

import pytest

from khlang.report import committee_labels as CL
from khlang.report import labels as L


def _literal(annotation: object) -> set[str]:
    """The values of a Literal type (possibly Optional)."""
    found: set[str] = set()
    for arg in typing.get_args(annotation) or ():
        found |= _literal(arg) if typing.get_args(arg) else ({arg} if isinstance(arg, str) else set())
    return found


def _codes() -> list[tuple[str, dict, set[str]]]:
    from khlang.backup import status
    from khlang.backup.verify import RULES, SEVERITY
    from khlang.declarations.systems import System, Technology
    from khlang.ea import process as EP
    from khlang.ea import value as EV
    from khlang.ea.checks import EA_RULES
    from khlang.ea.gaps import GAP_RULES
    from khlang.ea.views_decl import Frequency, Method, SiteKind
    from khlang.governance import vocabulary as V
    from khlang.governance.decisions import DECISION_SOURCES
    from khlang.governance.glossary import STATUSES as GLOSSARY_STATUSES
    from khlang.governance.measures import MEASURES
    from khlang.linkage.checks import FINDING_RULES
    from khlang.linkage.workflow import STATUSES as LINKAGE_STATUSES
    from khlang.pir.schedule import STATUSES as PIR_STATUSES
    from khlang.quality.consistency import CONSISTENCY_TYPES
    from khlang.quality.expectations import EXPECTATIONS
    from khlang.quality.results import DIMENSIONS
    from khlang.quality.security import SECURITY_RULES

    controls = _literal(System.model_fields["security_controls"].annotation)
    return [
        ("measure methods", L.MEASURE_METHODS, set(MEASURES)),
        ("check types", L.CHECK_TYPES, set(EXPECTATIONS) | set(CONSISTENCY_TYPES) | set(SECURITY_RULES)),
        ("decision kinds", L.DECISION_KINDS, set(DECISION_SOURCES)),
        ("decision asks", L.DECISION_ASKS, set(DECISION_SOURCES)),
        ("decider roles", L.DECIDER_ROLES, {"director", "system_business_owner", "system_digital_owner"}),
        ("backup states", L.BACKUP_STATES, {status.VERIFIED, status.FAILED, status.NOT_CONFIGURED,
                                            status.NEVER_CHECKED}),
        # every finding code has its severity in verify.SEVERITY (the "size" rule yields size_drop / size_jump)
        ("backup findings", L.BACKUP_FINDINGS, set(SEVERITY) | (set(RULES) - {"size"})),
        ("backup parts", L.BACKUP_PARTS, {"database", "programs"}),
        ("restore results", L.RESTORE_RESULTS, {"passed", "failed", "missing", "not_declared"}),
        ("PIR statuses", L.PIR_STATUSES, set(PIR_STATUSES)),
        ("glossary statuses", L.GLOSSARY_STATUSES, set(GLOSSARY_STATUSES)),
        ("linkage statuses", L.LINKAGE_STATUSES, set(LINKAGE_STATUSES)),
        ("linkage findings", L.LINKAGE_FINDINGS, set(FINDING_RULES)),
        ("EA findings", L.EA_FINDINGS, set(EA_RULES) | set(GAP_RULES)),
        ("EA views", L.EA_VIEWS, {"business", "data", "application", "technology", "security"}),
        ("EA gap statuses", L.EA_GAP_STATUSES, {"planned", "no_project", "late"}),
        ("EA interface methods", L.EA_INTERFACE_METHODS, _literal(Method)),
        ("EA interface frequencies", L.EA_INTERFACE_FREQUENCIES, _literal(Frequency)),
        ("EA site kinds", L.EA_SITE_KINDS, _literal(SiteKind)),
        ("EA steps", L.EA_STEPS, set(EP.STEPS)),
        ("EA version statuses", L.EA_VERSION_STATUSES, set(EP.STATUSES)),
        ("EA step states", L.EA_STEP_STATES, {"done", "due", "overdue", "returned", "waiting"}),
        ("EA record kinds", L.EA_RECORD_KINDS, set(EP.KINDS)),
        ("EA working-group roles", L.EA_WG_ROLES, set(EP.WG_ROLES)),
        ("EA value flags", L.EA_VALUE_FLAGS, set(EV.FLAGS)),
        ("EA states", L.EA_STATES, _literal(System.model_fields["ea_state"].annotation)),
        ("hostings", L.HOSTINGS, _literal(Technology.model_fields["hosting"].annotation)),
        ("security controls", L.SECURITY_CONTROLS, controls),
        ("dimensions", CL.DIMENSIONS, set(DIMENSIONS) | {"overall"}),
        ("issue statuses", CL.STATUSES, set(V.STATUSES)),
        ("issue categories", CL.CATEGORIES, set(V.CATEGORIES)),
        ("cause categories", CL.CAUSES, set(V.CAUSE_CATEGORIES)),
        ("issue severities", CL.SEVERITIES, set(V.SEVERITIES)),
        ("issue sources", CL.SOURCES, set(V.SOURCES)),
        ("action kinds", CL.ACTION_KINDS, set(V.ACTION_KINDS)),
    ]


@pytest.mark.parametrize("name, table, codes", _codes(), ids=[c[0] for c in _codes()])
def test_every_code_has_a_thai_and_an_english_label(name, table, codes):
    assert codes, f"no {name} found: the test reads the wrong registry"
    missing = sorted(codes - set(table))
    assert not missing, f"{name} without a label: {missing}"
    for code in codes:
        lab = table[code]
        assert lab.th.strip() and lab.en.strip(), (name, code)
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in lab.th), f"{name} {code}: the Thai label has no Thai"
        assert lab.en.isascii() or "(" in lab.en, f"{name} {code}: the English label is not English"


def test_every_page_word_of_the_committee_report_is_bilingual():
    for key, lab in {**CL.UI, **CL.MATTERS}.items():
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in lab.th), key
        assert lab.en and lab.en != lab.th, key


@pytest.mark.parametrize("check, type_, th, en", [
    ("pii_in_public:depositors", "pii_in_public", "ข้อมูลส่วนบุคคลในชุดข้อมูลเปิดเผย: depositors",
     "Personal data in a public dataset: depositors"),
    ("expect_column_values_to_be_unique:national_id", "expect_column_values_to_be_unique",
     "ค่าต้องไม่ซ้ำกัน: national_id", "Values are unique: national_id"),
    ("expect_table_row_count_to_be_between:(table)", None, "จำนวนแถวต้องอยู่ในช่วงที่กำหนด",
     "Row count is within range"),
    ("something_new:x", None, "something_new:x", "something_new:x"),  # an unknown code shows as itself
])
def test_check_names_read_as_what_they_test(check, type_, th, en):
    assert L.check_label(check, type_) == L.Label(th, en)


def test_a_declared_description_wins_and_periods_read_as_words():
    assert L.check_label("depositors_unique_national_id", "duplicate_key", None, "ผู้ฝากไม่ซ้ำ", "No duplicates") \
        == L.Label("ผู้ฝากไม่ซ้ำ", "No duplicates")
    assert L.period_label("1y") == L.Label("1 ปี", "1 year")
    assert L.period_label("6m") == L.Label("6 เดือน", "6 months")
    assert L.period_label("soon") == L.Label("soon", "soon")
