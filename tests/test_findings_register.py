"""One register for every finding: every module's codes are registered, read in Thai and English, group into
one issue per defect, are assigned to people still with the organisation, and the linkage register, backups,
restore tests, PIRs and EA open and resolve issues through the same lifecycle."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from khlang.config import settings
from khlang.declarations import load_catalog
from khlang.governance.findings import CHECK_FAMILIES, FAMILIES, FINDING_TYPES, OWNER_RULES, check_finding
from khlang.governance.people import active_only, assignees
from khlang.governance.sync import sync_issues
from khlang.governance.views import issue_views
from khlang.governance.vocabulary import CATEGORIES, SEVERITIES
from khlang.quality.records import record
from khlang.quality.results import CheckResult
from khlang.store import open_store

D = dt.date
THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_every_code_a_module_reports_is_registered():
    from khlang.backup.verify import RULES, SEVERITY
    from khlang.catalog.gaps import GAP_RULES
    from khlang.ea.checks import EA_RULES
    from khlang.governance.rules import RULE_TYPES
    from khlang.linkage.checks import FINDING_RULES
    from khlang.quality.security import SECURITY_RULES

    wanted = {f"catalogue:{c}" for c in [*GAP_RULES, "source_unreadable", "undeclared_dataset"]}
    wanted |= {f"security:{c}" for c in SECURITY_RULES}
    wanted |= {f"linkage:{c}" for c in FINDING_RULES}
    wanted |= {f"ea:{c}" for c in EA_RULES}
    wanted |= {f"backup:{c}" for c in SEVERITY} | {"backup:not_verified"}
    wanted |= {f"policy:{name}" for name, kind in RULE_TYPES.items() if kind.category is not None}
    wanted |= {f"pir:{s}" for s in ("due", "overdue", "lapsed")} | {"restore:failed", "restore:overdue"}
    wanted |= {f"quality:{f}" for f in set(CHECK_FAMILIES.values())}
    assert len(RULES) >= 6
    missing = sorted(wanted - set(FINDING_TYPES))
    assert not missing, f"finding codes no entry of khlang.governance.findings registers: {missing}"
    # a check type with no family still has a type: its dimension's
    assert check_finding("expectation", "expect_column_values_to_be_dateutil_parseable", "validity") in FINDING_TYPES
    assert check_finding("consistency", "cross_system_match", "consistency") in FINDING_TYPES


def test_every_finding_type_reads_in_thai_and_english_and_is_filed_somewhere():
    for code, ft in FINDING_TYPES.items():
        assert ft.category in CATEGORIES and ft.severity in SEVERITIES, code
        assert ft.owner in OWNER_RULES, code
        assert ft.family is None or ft.family in FAMILIES, code
        for text in (ft.label.th, ft.sentence.th):
            assert THAI.search(text), f"{code}: {text!r} has no Thai"
        for text in (ft.label.en, ft.sentence.en):
            bare = re.sub(r"[\u0E00-\u0E7F]+\.-\d+", "", text)  # procedure forms keep their Thai names (สงพท.-06)
            assert text and not THAI.search(bare) and text[0].isupper(), f"{code}: {text!r}"
        assert ft.sentence.en.endswith("."), code
    for family, lab in FAMILIES.items():
        assert THAI.search(lab.th) and lab.en, family


def _check(check: str, type_: str, success: bool, dimension: str, severity: str = "medium") -> CheckResult:
    kind = "expectation" if type_.startswith("expect_") else "consistency"
    return CheckResult(kind=kind, dataset="depositors", check=check, type=type_, dimension=dimension,
                       success=success, element_count=20_000, unexpected_count=0 if success else 20,
                       column="province_code", severity=severity, weight=1.0, suite="depositors_suite")


def test_one_defect_found_by_two_checks_is_one_issue_that_resolves_when_both_pass(tmp_path, data_sources_only):
    catalog = load_catalog(settings().catalog_dir)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")

    def checked(run: str, in_set: bool, exists: bool, day: dt.date) -> dict:
        record(store, run, [
            _check("expect_column_values_to_be_in_set:province_code", "expect_column_values_to_be_in_set", in_set,
                   "validity"),
            _check("depositors_province_exists", "reference_exists", exists, "consistency", "high"),
            _check("expect_column_values_to_not_be_null:province_code", "expect_column_values_to_not_be_null",
                   False, "completeness")],
            dt.datetime.combine(day, dt.time(3), dt.UTC), datasets=["depositors"])
        return sync_issues(catalog, store, f"i-{run}", day)

    first = checked("q1", False, False, D(2026, 11, 2))
    assert len(first["opened"]) == 2, "unknown codes (two checks) and missing codes: two defects"
    [codes] = [v for v in issue_views(store) if len(v.findings) == 2]
    assert codes.title == "depositors.province_code: รหัสไม่มีในข้อมูลหลักหรือข้อมูลอ้างอิง · " \
                          "Codes not in the master or reference data"
    assert codes.severity == "high", "the worst of its findings"
    assert {m["code"] for m in codes.findings} == {"expect_column_values_to_be_in_set:province_code",
                                                   "depositors_province_exists"}
    assert "2 findings" in codes.detail

    half = checked("q2", True, False, D(2026, 11, 3))
    assert half["resolved"] == [] and half["opened"] == []
    still = next(v for v in issue_views(store) if v.id == codes.id)
    assert still.status == "open" and still.severity == "high"
    assert {m["code"]: m["failing"] for m in still.findings} == {
        "expect_column_values_to_be_in_set:province_code": False, "depositors_province_exists": True}

    both = checked("q3", True, True, D(2026, 11, 4))
    assert both["resolved"] == [codes.id]
    again = checked("q4", True, False, D(2026, 11, 5))
    assert again["reopened"] == [codes.id] and again["opened"] == []


def test_issues_kept_one_per_check_merge_into_one_per_defect(tmp_path, data_sources_only):
    """A store whose issues were opened one per finding (before grouping) is taken over, not duplicated."""
    from khlang.governance.records import Issue

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    results = [_check("expect_column_values_to_be_in_set:province_code", "expect_column_values_to_be_in_set",
                      False, "validity"),
               _check("depositors_province_exists", "reference_exists", False, "consistency")]
    record(store, "q1", results, dt.datetime(2026, 11, 2, 3, tzinfo=dt.UTC), datasets=["depositors"])
    sync_issues(catalog, store, "i1", D(2026, 11, 2))
    with store.transaction() as s:  # make the store look as issue sync left it before: one issue per check
        [grouped] = s.query(Issue).all()
        grouped.fingerprint = results[0].fingerprint
        grouped.evidence = {}
        twin = Issue(**{c.name: getattr(grouped, c.name) for c in Issue.__table__.columns if c.name != "id"})
        twin.fingerprint, twin.code = results[1].fingerprint, results[1].check
        s.add(twin)
    out = sync_issues(catalog, store, "i2", D(2026, 11, 3))
    assert out["opened"] == [] and len(out["merged"]) == 1
    views = issue_views(store)
    open_ = [v for v in views if v.status == "open"]
    assert len(open_) == 1 and all(open_[0].holds(r.fingerprint) for r in results)
    merged = next(v for v in views if v.id == out["merged"][0])
    assert merged.status == "resolved"


def test_nobody_who_left_is_assigned():
    catalog = load_catalog(settings().catalog_dir)
    left = catalog.person("p09")
    assert left is not None and not left.active
    # p09 was in DBA, which has no head: the head of the unit above it (DTO, p02) takes over
    assert active_only(catalog, [{"role": "steward", "person": "p09", "active": False}]) == [
        {"role": "steward", "person": "p02", "active": True, "instead_of": "p09"}]
    # no one at all: the committee
    assert {a["role"] for a in active_only(catalog, [])} == {"committee"}
    for name in catalog.datasets:
        people = assignees(catalog, name)
        assert people and all(catalog.person(a["person"]).active for a in people), name


@pytest.fixture
def first_day(khlang_env):
    """The repo's declarations on a fresh store, synced on 2569-11-25 by the scheduler (no data checked)."""
    catalog = load_catalog(settings().catalog_dir)
    store = open_store(settings().store_url)
    summary = sync_issues(catalog, store, "i1", D(2026, 11, 25))
    return catalog, store, summary


def _by(store, source: str) -> dict[str, object]:
    return {v.title.split(":")[0] + ":" + v.code: v for v in issue_views(store) if v.source == source}


def test_linkage_backup_pir_and_ea_findings_become_issues(first_day):
    catalog, store, summary = first_day
    linkage, backup, pir, ea = (_by(store, s) for s in ("linkage", "backup", "pir", "ea"))
    expired = linkage["LNK-2564-003:agreement_expired"]
    assert expired.severity == "high" and expired.category == "non_conformance"
    assert "ข้อตกลงหมดอายุแต่ยังเชื่อมโยงอยู่" in expired.title and "2569" in expired.detail
    assert expired.assignees and all(catalog.person(a["person"]).active for a in expired.assignees)
    # WMS, the main system: its database backup is not configured — never OK, an issue of high severity
    wms = backup["WMS/database:not_configured"]
    assert wms.severity == "high" and "not configured" in wms.detail
    assert [a["person"] for a in wms.assignees] == ["p03", "p01"], "the system's digital and business owners"
    # coverage: ERP's inventory entry claims a backup control, but no backup is declared
    assert "ERP:backup_not_declared" in backup
    # configured targets nobody has verified yet
    assert "DW/database:not_verified" in backup
    assert pir["DW:due"].severity == "low" and "2569" in pir["DW:due"].detail
    # LEGACY_WMS (database and programs: one defect) — its digital owner p09 left; the head above (DTO, p02) steps in
    assert [a["person"] for a in backup["LEGACY_WMS:not_verified"].assignees] == ["p02", "p01"]
    assert ea["TRADING:to_be_without_project"].assignees[0]["person"] == "p05"
    again = sync_issues(catalog, store, "i1", D(2026, 11, 25))
    assert (again["opened"], again["resolved"], again["reopened"]) == ([], [], [])


def test_a_fixed_declaration_resolves_its_issue_and_a_new_finding_of_the_same_defect_joins_it(
        first_day, khlang_env, monkeypatch):
    catalog, store, _ = first_day
    trading = _by(store, "ea")["TRADING:to_be_without_project"]
    path = khlang_env / "catalog" / "systems.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("  - code: TRADING\n")
    path.write_text(head + "  - code: TRADING\n" + tail.replace("    ea_state: to_be\n",
                                                                  "    ea_state: to_be\n    project: PRJ-2570-01\n", 1),
                    encoding="utf-8")
    wms = _by(store, "backup")["WMS/database:not_configured"]
    monkeypatch.setenv("KHLANG_BACKUP_PG_URL", "postgresql://backup@127.0.0.1:5432/test")
    catalog = load_catalog(settings().catalog_dir)
    out = sync_issues(catalog, store, "i2", D(2026, 11, 26))
    assert trading.id in out["resolved"]
    # configured now, but never verified: the same defect (no verified backup of WMS), still one open issue
    now = next(v for v in issue_views(store) if v.id == wms.id)
    assert now.status == "open" and wms.id not in out["resolved"]
    members = {m["code"]: m["failing"] for m in now.findings}
    assert members == {"not_configured": False, "not_verified": True}


def test_a_failed_restore_test_is_an_issue_until_a_restore_passes(first_day):
    from khlang.backup.records import RestoreTest

    catalog, store, _ = first_day

    def tested(day: dt.date, ok: bool) -> None:
        with store.transaction() as s:
            s.add(RestoreTest(run_key=f"r-{day}", tested_at=dt.datetime.combine(day, dt.time(3), dt.UTC),
                              system="DW", part="database", engine="duckdb", backup_file="/b/dw.duckdb",
                              backup_size=10, backup_sha256=None, against=None, ok=ok,
                              reason="" if ok else "table stock_balances: 99 rows restored, 100 expected",
                              duration_s=1.0))

    overdue = _by(store, "restore")["DW/database:overdue"]
    tested(D(2026, 11, 26), False)
    out = sync_issues(catalog, store, "i2", D(2026, 11, 26))
    failed = next(v for v in issue_views(store) if any(m["code"] == "failed" for m in v.findings))
    # tested now, so no longer overdue, but the test failed: the same defect (restore not proven), one issue
    assert failed.id == overdue.id and failed.id not in out["opened"] and failed.status == "open"
    assert "99 rows restored" in failed.detail and failed.severity == "high" and "2569" in failed.detail
    assert {m["code"]: m["failing"] for m in failed.findings} == {"overdue": False, "failed": True}
    tested(D(2026, 11, 27), True)
    out = sync_issues(catalog, store, "i3", D(2026, 11, 27))
    assert failed.id in out["resolved"]


def test_whoever_a_system_finding_is_assigned_to_finds_it_in_their_work(first_day):
    """WMS's backup is assigned to the system's digital owner (p03, of another unit than WMS's): her console
    work list shows it, as the permission rules let her act on it."""
    from khlang.console.reading import assigned_issues

    catalog, store, _ = first_day
    wms = _by(store, "backup")["WMS/database:not_configured"]
    mine = assigned_issues(store, catalog, "p03", D(2026, 11, 25), limit=500)
    assert wms.id in {r.id for r in mine.rows}
    others = assigned_issues(store, catalog, "p08", D(2026, 11, 25), limit=500)
    assert wms.id not in {r.id for r in others.rows}
