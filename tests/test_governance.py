"""Governance issues: one per fingerprint, opened, resolved and reopened by the checks; root causes,
actions, escalation and closure; bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.governance.records import Action, Issue, IssueEvent, RootCause
from khlang.governance.sync import sync_issues
from khlang.governance.views import issue_views, view_at
from khlang.identity import actor_for
from khlang.quality.records import record
from khlang.quality.results import CheckResult
from khlang.store import open_store

pytestmark = pytest.mark.usefixtures("data_sources_only")  # this file tests the check/gap/policy loop

REPO = Path(__file__).resolve().parents[1]
D = dt.date
FIRST_FAILURE_DAY = D(2026, 10, 1)  # the day the null check first fails in most tests


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def null_check(success: bool, unexpected: int = 150, severity: str = "high", weight: float = 1.0) -> CheckResult:
    return CheckResult(kind="expectation", dataset="stock_movements",
                       check="expect_column_values_to_not_be_null:warehouse_code",
                       type="expect_column_values_to_not_be_null", dimension="completeness", success=success,
                       element_count=20_000, unexpected_count=0 if success else unexpected, column="warehouse_code",
                       severity=severity, weight=weight, suite="stock_movements_suite")


def security_check(success: bool) -> CheckResult:
    return CheckResult(kind="security", dataset="depositors_export", check="pii_in_public:depositors_export",
                       type="pii_in_public", dimension="security", success=success, element_count=4,
                       unexpected_count=0 if success else 2, severity="critical", weight=3.0)


def checked(store, run_key: str, results: list[CheckResult], when: dt.datetime) -> None:
    record(store, run_key, results, when, datasets=sorted({r.dataset for r in results}))


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(3), dt.UTC)


def counts(store) -> tuple[int, int, int, int]:
    with store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Issue, IssueEvent, RootCause, Action))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "catalog")


def test_a_failing_check_opens_one_issue_resolves_when_it_passes_and_reopens(store_url, catalog):
    store = open_store(store_url)
    checked(store, "q1", [null_check(False), security_check(False)], at(D(2026, 10, 1)))
    first = sync_issues(catalog, store, "i1", D(2026, 10, 1))
    assert len(first["opened"]) == 2 and first["failing"] == 2

    [issue] = issue_views(store, dataset="stock_movements")
    assert issue.holds(null_check(False).fingerprint) and len(issue.findings) == 1
    assert (issue.status, issue.category, issue.severity, issue.source) == ("open", "low_data_quality", "high", "check")
    assert [(a["role"], a["person"]) for a in issue.assignees] == [
        ("steward", "p06"), ("business_owner", "p01"), ("digital_owner", "p03")]
    assert issue.unit == "WHS"
    assert (issue.collect_due, issue.rca_due) == (D(2026, 10, 16), D(2026, 10, 31))
    assert issue.evidence["unexpected_count"] == 150
    [sec] = issue_views(store, dataset="depositors_export")
    assert (sec.category, sec.severity) == ("non_conformance", "critical")

    # Airflow re-runs the task, or the next run sees the same failure: no duplicate, no new event.
    before = counts(store)
    again = sync_issues(catalog, store, "i1", D(2026, 10, 1))
    assert again["opened"] == again["resolved"] == again["reopened"] == []
    sync_issues(catalog, store, "i2", D(2026, 10, 2))
    assert counts(store) == before

    checked(store, "q2", [null_check(True), security_check(False)], at(D(2026, 10, 5)))
    resolved = sync_issues(catalog, store, "i3", D(2026, 10, 5))
    assert resolved["resolved"] == [issue.id]
    [issue] = issue_views(store, dataset="stock_movements")
    assert (issue.status, issue.resolved_on) == ("resolved", D(2026, 10, 5))

    checked(store, "q3", [null_check(False, unexpected=7), security_check(False)], at(D(2026, 10, 20)))
    reopened = sync_issues(catalog, store, "i4", D(2026, 10, 20))
    assert reopened["reopened"] == [issue.id] and reopened["opened"] == []
    [issue] = issue_views(store, dataset="stock_movements")
    assert (issue.status, issue.cycle, issue.cycle_opened_on, issue.rca_due) == ("open", 2, D(2026, 10, 20),
                                                                                 D(2026, 11, 19))
    assert issue.opened_on == D(2026, 10, 1) and issue.evidence["unexpected_count"] == 7

    with store.reading() as s:
        events = s.execute(select(IssueEvent.type, IssueEvent.to_status, IssueEvent.on, IssueEvent.run_key)
                           .where(IssueEvent.issue_id == issue.id).order_by(IssueEvent.id)).all()
    assert [tuple(e) for e in events] == [("opened", "open", D(2026, 10, 1), "i1"),
                                          ("resolved", "resolved", D(2026, 10, 5), "i3"),
                                          ("reopened", "open", D(2026, 10, 20), "i4")]
    with store.reading() as s:
        loaded = s.scalars(select(Issue).where(Issue.id == issue.id)).one()
        assert view_at(loaded, D(2026, 9, 30)) is None
        assert view_at(loaded, D(2026, 10, 3)).status == "open"
        assert view_at(loaded, D(2026, 10, 10)).status == "resolved"
        assert view_at(loaded, D(2026, 10, 25)).cycle == 2


def test_a_removed_check_resolves_its_issue_but_an_unchecked_dataset_does_not(tmp_path, catalog):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    other = CheckResult(kind="expectation", dataset="warehouses", check="x", type="expect_column_values_to_be_unique",
                        dimension="uniqueness", success=False, element_count=62, unexpected_count=2, column="name_th")
    checked(store, "q1", [null_check(False)], at(D(2026, 10, 1)))
    checked(store, "q1", [other], at(D(2026, 10, 1)))
    sync_issues(catalog, store, "i1", D(2026, 10, 1))
    assert len(issue_views(store, status="open")) == 2
    # stock_movements is checked again without its null check; warehouses is not checked again
    keep = CheckResult(kind="expectation", dataset="stock_movements", check="row_count", type="t",
                       dimension="completeness", success=True, element_count=1, unexpected_count=0)
    checked(store, "q2", [keep], at(D(2026, 10, 3)))
    out = sync_issues(catalog, store, "i2", D(2026, 10, 3))
    [gone] = issue_views(store, dataset="stock_movements")
    assert out["resolved"] == [gone.id] and gone.status == "resolved"
    assert issue_views(store, dataset="warehouses")[0].status == "open"
    with store.reading() as s:
        note = s.scalar(select(IssueEvent.note).where(IssueEvent.type == "resolved"))
    assert note == "the check is no longer run on its dataset"


def test_escalation_is_deterministic_and_added_once_per_level(tmp_path, catalog):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    checked(store, "q1", [null_check(False)], at(D(2026, 10, 1)))
    sync_issues(catalog, store, "i1", D(2026, 10, 1))
    # collect due 10-16 (16 days late on 11-01: the committee), RCA due 10-31 (1 day late: the assignees)
    first = sync_issues(catalog, store, "i2", D(2026, 11, 1))
    assert sorted((e["subject"], e["level"], e["target"]) for e in first["escalated"]) == [
        ("collect", 2, "committee"), ("rca", 1, "assignees")]
    assert sync_issues(catalog, store, "i2", D(2026, 11, 1))["escalated"] == []
    assert sync_issues(catalog, store, "i3", D(2026, 11, 2))["escalated"] == []
    [issue] = issue_views(store)
    assert issue.escalation_level == 2
    later = sync_issues(catalog, store, "i4", D(2026, 12, 1))
    assert sorted((e["subject"], e["level"]) for e in later["escalated"]) == [("collect", 3), ("rca", 3)]
    assert issue_views(store)[0].escalation_level == 3
    assert {o["subject"] for o in issue_views(store)[0].to_dict(D(2026, 12, 1))["overdue"]} == {"collect", "rca"}


def the_issue(store):
    """The issue of the null check (policy rules open others for the same dataset)."""
    fp = null_check(False).fingerprint
    return next(v for v in issue_views(store) if v.holds(fp))


def _store_with_failure(khlang_env, day: dt.date = FIRST_FAILURE_DAY):
    from khlang.config import settings

    store = open_store(settings().store_url)
    checked(store, "q1", [null_check(False)], at(day))
    return store


def test_rca_from_flags_with_buddhist_era_dates_plans_actions(capsys, khlang_env, login):
    store = _store_with_failure(khlang_env)
    login("khlang")
    assert run(capsys, "issues", "sync", "--as-of", "2569-10-01", "--run-key", "i1")[0] == 0
    issue = the_issue(store)
    login("p06")
    code, out, err = run(capsys, "issues", "rca", str(issue.id), "--cause-category", "process",
                         "--why", "รหัสคลังว่างในรายการรับเข้า", "--why", "หน้าจอบันทึกไม่บังคับกรอกรหัสคลัง",
                         "--why", "ไม่มีข้อกำหนดการตรวจสอบข้อมูลนำเข้า",
                         "--action", "เพิ่มการบังคับกรอกรหัสคลังในระบบ WMS|p03|2569-11-30",
                         "--preventive", "ทบทวนข้อกำหนดการนำเข้าข้อมูลทุกไตรมาส|นางสุนันทา แก้วมณี|31/12/2569",
                         "--on", "2569-10-10", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "action_planned" and data["event"] == "rca_recorded"
    assert [(a["kind"], a["owner"], a["due_on"]) for a in data["actions"]] == [
        ("corrective", "p03", "2026-11-30"), ("preventive", "p03", "2026-12-31")]

    code, out, _ = run(capsys, "issues", "show", str(issue.id), "--format", "json", "--as-of", "2569-10-10")
    shown = json.loads(out)
    assert shown["root_cause"]["cause_category"] == "process"
    assert shown["root_cause"]["root_cause"] == "ไม่มีข้อกำหนดการตรวจสอบข้อมูลนำเข้า"
    assert len(shown["root_cause"]["whys"]) == 3 and shown["rca_on"] == "2026-10-10"
    assert [e["type"] for e in shown["events"]] == ["opened", "rca_recorded", "action_added", "action_added"]
    assert shown["events"][1]["to_status"] == "action_planned"

    # revising the analysis keeps the old one in the event, and adds no duplicate actions
    code, out, err = run(capsys, "issues", "rca", str(issue.id), "--cause-category", "technology",
                         "--why", "ตรวจสอบซ้ำพบว่าเป็นข้อบกพร่องของระบบ", "--on", "2569-10-12")
    assert code == 0, err
    shown = json.loads(run(capsys, "issues", "show", str(issue.id), "--format", "json")[1])
    assert shown["root_cause"]["cause_category"] == "technology" and len(shown["actions"]) == 2
    revised = shown["events"][-1]
    assert revised["type"] == "rca_revised" and revised["data"]["previous"]["cause_category"] == "process"
    assert shown["rca_on"] == "2026-10-10", "the first analysis date is when the RCA was done"
    assert {e["actor"] for e in shown["events"][1:]} == {"p06"}, "the signed-in person is the analyst"


@pytest.mark.parametrize("who, argv, message, exit_code", [
    ("p06", ["--cause-category", "weather", "--why", "x"], "invalid choice", 2),
    ("p06", ["--cause-category", "process"], "--why", 2),
    ("p14", ["--cause-category", "process", "--why", "x", "--on-behalf-of", "nobody", "--reason", "form"],
     "unknown person 'nobody'", 2),
    ("p14", ["--cause-category", "process", "--why", "x", "--on-behalf-of", "p09", "--reason", "form"],
     "has left the organisation", 2),
    ("p06", ["--cause-category", "process", "--why", "x", "--on-behalf-of", "p03", "--reason", "form"],
     "only an administrator records on behalf", 3),
    ("p14", ["--cause-category", "process", "--why", "x", "--on-behalf-of", "p06"], "--reason", 3),
    ("p14", ["--cause-category", "process", "--why", "x"], "may not record the root cause", 3),
    ("p08", ["--cause-category", "process", "--why", "x"], "may not record the root cause", 3),
    ("p13", ["--cause-category", "process", "--why", "x"], "auditors read everything and change nothing", 3),
    (None, ["--cause-category", "process", "--why", "x"], "not signed in: run `khlang login`", 3),
    ("p06", ["--cause-category", "process", "--why", "x", "--action", "fix it|p03"],
     "expected 'what|owner|due date'", 2),
    ("p06", ["--cause-category", "process", "--why", "x", "--action", "fix|p03|2569-02-30"], "not a valid date", 2),
    ("p06", ["--cause-category", "process", "--why", "x", "--action", "fix|p03|2569-09-01",
             "--on", "2569-10-05"], "before the analysis", 2),
    ("p06", ["--cause-category", "process", "--why", "x", "--on", "2569-09-01"], "before the issue was opened", 2),
    ("p06", ["--cause-category", "process", "--why", "x", "--on", "2599-01-01"], "is in the future", 2),
])
def test_bad_rca_input_is_refused_and_nothing_changes(capsys, khlang_env, login, who, argv, message, exit_code):
    store = _store_with_failure(khlang_env)
    login("khlang")
    run(capsys, "issues", "sync", "--as-of", "2569-10-01")
    login(who)
    before = counts(store)
    issue = the_issue(store)
    try:
        code, out, err = run(capsys, "issues", "rca", str(issue.id), *argv)
    except SystemExit as exc:  # argparse refuses unknown choices itself
        code, err = exc.code, capsys.readouterr().err
    assert code == exit_code and message in err, err
    assert counts(store) == before
    assert the_issue(store).status == "open"


def test_rca_file_errors_point_at_file_and_line(capsys, khlang_env, tmp_path, login):
    store = _store_with_failure(khlang_env)
    login("khlang")
    run(capsys, "issues", "sync", "--as-of", "2569-10-01")
    login("p06")
    issue = the_issue(store)
    bad = tmp_path / "rca.yaml"
    bad.write_text(
        "cause_category: process\n"
        "whys:\n"
        "  - ไม่บังคับกรอกรหัสคลัง\n"
        "analysed_by: p06\n"
        "analysed_on: 2569-10-10\n"
        "actions:\n"
        "  - {description: แก้หน้าจอ, owner: p99, due: 2569-11-30}\n"
        "  - {kind: corrective, description: ตรวจย้อนหลัง, owner: p03, due: 2569-10-01}\n"
        "  - {kind: fix, description: x, owner: p03, due: 2569-12-01, colour: red}\n", encoding="utf-8")
    before = counts(store)
    code, out, err = run(capsys, "issues", "rca", str(issue.id), "--file", str(bad))
    assert code == 2
    assert f"{bad}:9: actions[2].kind" in err and f"{bad}:9: actions[2].colour: unknown field" in err
    assert counts(store) == before
    bad.write_text(bad.read_text(encoding="utf-8").rsplit("  - {kind: fix", 1)[0], encoding="utf-8")
    code, out, err = run(capsys, "issues", "rca", str(issue.id), "--file", str(bad))
    assert code == 2
    assert f"{bad}:7: actions[0].owner: unknown or departed person 'p99'" in err
    assert f"{bad}:8: actions[1].due: 2026-10-01 is before the analysis (2026-10-10)" in err
    assert counts(store) == before

    good = tmp_path / "good.yaml"
    good.write_text(
        f"issue: {issue.id}\ncause_category: data_source\n"
        "whys: [ไฟล์นำเข้าจากสาขาไม่มีรหัสคลัง, สาขาใช้แบบฟอร์มเก่า, ไม่ได้แจ้งแบบฟอร์มใหม่ให้สาขา]\n"
        "root_cause: สาขาไม่ได้รับแจ้งแบบฟอร์มนำเข้าใหม่\n"
        "analysed_by: ชัยวัฒน์ ปัญญาดี\nanalysed_on: 10/10/2569\n"
        "actions:\n  - {description: แจ้งแบบฟอร์มใหม่ทุกสาขา, owner: p01, due: 2569-10-31}\n", encoding="utf-8")
    login("p03")  # the digital owner may record an analysis, but not one the file says p06 made
    code, out, err = run(capsys, "issues", "rca", str(issue.id), "--file", str(good))
    assert code == 2 and "analysed_by: ชัยวัฒน์ ปัญญาดี is not who is recording it (p03)" in err, err
    assert counts(store) == before
    login("p06")
    code, out, err = run(capsys, "issues", "rca", str(issue.id), "--file", str(good), "--format", "json")
    assert code == 0, err
    with store.reading() as s:
        rc = s.scalars(select(RootCause)).one()
    assert (rc.cause_category, rc.analysed_by, rc.analysed_on) == ("data_source", "p06", D(2026, 10, 10))


def test_close_needs_resolution_an_analysis_and_done_actions(capsys, khlang_env, login):
    store = _store_with_failure(khlang_env)
    login("khlang")
    run(capsys, "issues", "sync", "--as-of", "2569-10-01")
    issue = the_issue(store)
    i = str(issue.id)
    login("p02")
    code, _, err = run(capsys, "issues", "close", i, "--note", "ok", "--on", "2569-10-02")
    assert code == 2 and "it is open, not resolved" in err and "no root-cause analysis" in err
    for who in ("p08", "p13", "p14"):  # an accountant, the auditor, the administrator: see, but may not act
        login(who)
        before = counts(store)
        code, _, err = run(capsys, "issues", "ack", i, "--on", "2569-10-03")
        assert code == 3 and "may not take an issue up" in err and counts(store) == before, (who, err)
    login("p06")
    code, _, err = run(capsys, "issues", "ack", i, "--on", "2599-10-03")
    assert code == 2 and "is in the future" in err
    assert run(capsys, "issues", "ack", i, "--on", "2569-10-03")[0] == 0
    assert the_issue(store).status == "rca_in_progress"
    code, _, err = run(capsys, "issues", "ack", i, "--on", "2569-10-03")
    assert code == 2 and "only an open issue is taken up" in err
    assert run(capsys, "issues", "rca", i, "--cause-category", "people", "--why", "ผู้บันทึกใหม่ไม่ได้รับการอบรม",
               "--action", "อบรมผู้บันทึกข้อมูล|p01|2569-10-20", "--on", "2569-10-05")[0] == 0
    login("p02")
    code, _, err = run(capsys, "issues", "close", i, "--note", "ok")
    assert code == 2 and "its check still fails" in err

    checked(store, "q2", [null_check(True)], at(D(2026, 10, 15)))
    login("khlang")
    run(capsys, "issues", "sync", "--as-of", "2569-10-15")
    assert the_issue(store).status == "resolved"
    login("p02")
    code, _, err = run(capsys, "issues", "close", i, "--note", "ok", "--on", "2569-10-16")
    assert code == 2 and "corrective actions not done" in err
    action = the_issue(store).actions[0]["id"]
    login("p01")
    code, _, err = run(capsys, "issues", "action-done", i, "99")
    assert code == 2 and f"has no action 99 (its actions: {action})" in err
    assert run(capsys, "issues", "action-done", i, str(action), "--on", "2569-10-14")[0] == 0
    for fixer in ("p06", "p01"):  # who analysed it and who did its action may not verify it (four eyes)
        login(fixer)
        code, _, err = run(capsys, "issues", "close", i, "--note", "ok", "--on", "2569-10-30")
        assert code == 3 and "four eyes" in err, err
    assert the_issue(store).status == "resolved"
    login("p02")
    code, _, err = run(capsys, "issues", "close", i, "--note", "ok", "--on", "2569-10-10")
    assert code == 2 and "before the issue was resolved" in err
    code, out, err = run(capsys, "issues", "close", i, "--on", "2569-10-30",
                         "--note", "ตรวจสอบ 2 รอบติดต่อกันไม่พบรหัสคลังว่าง", "--format", "json")
    assert code == 0, err
    closed = the_issue(store)
    assert (closed.status, closed.closed_on, closed.verified_by) == ("closed", D(2026, 10, 30), "p02")
    shown = json.loads(run(capsys, "issues", "show", i, "--format", "json")[1])
    assert [e["type"] for e in shown["events"]] == [
        "opened", "acknowledged", "rca_recorded", "action_added", "resolved", "action_done", "closed"]
    # the taken-up date counts for the 15-day control point; the RCA date for the 30-day one
    assert (shown["taken_up_on"], shown["rca_on"]) == ("2026-10-03", "2026-10-05")

    # a closed issue that fails again is reopened and needs a new analysis
    checked(store, "q3", [null_check(False)], at(D(2026, 11, 20)))
    login("khlang")
    run(capsys, "issues", "sync", "--as-of", "2569-11-20")
    again = the_issue(store)
    assert (again.status, again.cycle, again.root_cause, again.verified_by) == ("open", 2, None, None)


def test_issues_raised_by_hand(capsys, khlang_env, login):
    args = ["issues", "open", "--category", "cost_ineffective", "--severity", "medium",
            "--title", "สำเนาข้อมูลผู้ฝากสินค้าเก็บซ้ำบนไฟล์แชร์ของฝ่ายบัญชี", "--unit", "FIN", "--on", "2569-11-01"]
    code, _, err = run(capsys, *args)
    assert code == 3 and "not signed in" in err
    login("p04")  # the DBA analyst works in another unit
    code, _, err = run(capsys, *args)
    assert code == 3 and "may not raise an issue for unit FIN" in err, err
    login("p08")
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    issue_id = json.loads(out)["id"]
    code, _, err = run(capsys, *args)
    assert code == 2 and f"already raised as issue #{issue_id}" in err
    code, out, _ = run(capsys, "issues", "list", "--category", "cost_ineffective", "--format", "json")
    [row] = json.loads(out)
    assert (row["unit"], row["source"], row["assignees"]) == ("FIN", "manual", ["p08"])
    for bad, message in [(["--dataset", "nope"], "unknown dataset 'nope'"), (["--unit", "XYZ"], "unknown unit 'XYZ'"),
                         ([], "give --dataset or --unit")]:
        code, _, err = run(capsys, "issues", "open", "--category", "non_conformance", "--severity", "low",
                           "--title", "t", *bad)
        assert code == 2 and message in err, err
    code, _, err = run(capsys, "issues", "resolve", str(issue_id), "--note", " ")
    assert code == 2 and "--note" in err
    assert run(capsys, "issues", "resolve", str(issue_id), "--note", "ลบสำเนาแล้ว", "--on", "2569-11-05")[0] == 0
    shown = json.loads(run(capsys, "issues", "show", str(issue_id), "--format", "json")[1])
    assert shown["status"] == "resolved" and [e["actor"] for e in shown["events"]] == ["p08", "p08"]

    # a check's issue is resolved by its check, not by hand
    store = _store_with_failure(khlang_env, D(2026, 11, 1))
    login("khlang")
    run(capsys, "issues", "sync", "--as-of", "2569-11-01")
    check_issue = the_issue(store)
    login("p06")
    code, _, err = run(capsys, "issues", "resolve", str(check_issue.id), "--note", "fixed")
    assert code == 2 and "resolves itself when it passes again" in err
    code, _, err = run(capsys, "issues", "show", "999")
    assert code == 2 and "no issue #999" in err


def test_in_process_measures_count_the_control_points(tmp_path, catalog):
    from khlang.governance.compliance import check_compliance
    from khlang.governance.lifecycle import acknowledge, action_done
    from khlang.governance.policies import load_policies
    from khlang.governance.rca import RcaInput, record_rca

    store = open_store(f"sqlite:///{tmp_path / 's.db'}")

    def check(column: str, success: bool) -> CheckResult:
        return CheckResult(kind="expectation", dataset="warehouses", check=f"not_null:{column}",
                           type="expect_column_values_to_not_be_null", dimension="completeness", success=success,
                           element_count=62, unexpected_count=0 if success else 1, column=column)

    checked(store, "q1", [check("a", False), check("b", False), check("c", False)], at(D(2026, 10, 1)))
    sync_issues(catalog, store, "i1", D(2026, 10, 1))
    ids = {v.column: v.id for v in issue_views(store)}
    steward, digital_owner = actor_for(catalog, "p06", "chaiwat"), actor_for(catalog, "p03", "sunanta")
    acknowledge(catalog, store, ids["a"], actor=steward, on=D(2026, 10, 3))
    record_rca(catalog, store, ids["a"], RcaInput(cause_category="technology", whys=["ตัวตรวจสอบรับค่าว่าง"],
                                                 actions=[{"description": "แก้ตัวตรวจสอบ", "owner": "p03",
                                                           "due": D(2026, 10, 20)}]), D(2026, 10, 5), actor=steward)
    action = next(v for v in issue_views(store) if v.id == ids["a"]).actions[0]["id"]
    action_done(catalog, store, ids["a"], action, actor=digital_owner, on=D(2026, 10, 25))
    # c goes away by itself before anything was due: it counts for no control point
    checked(store, "q2", [check("a", False), check("b", False), check("c", True)], at(D(2026, 10, 10)))
    sync_issues(catalog, store, "i2", D(2026, 10, 10))

    result = check_compliance(catalog, store, load_policies(catalog), "p1", D(2026, 11, 5))
    measures = {m["id"]: (m["numerator"], m["denominator"], m["value"]) for m in result["measures"]}
    assert measures["collected_on_time"] == (1, 2, 50.0), "a taken up on day 2, b never"
    assert measures["rca_on_time"] == (1, 2, 50.0), "a analysed on day 4, b overdue since 31 Oct"
    assert measures["actions_on_time"] == (0, 1, 0.0), "done 25 Oct, due 20 Oct"
    rca_rule = {o["subject"]: o["status"] for o in result["outcomes"] if o["rule"] == "rca_within_30_days"}
    assert rca_rule == {f"issue:{ids['a']}": "compliant", f"issue:{ids['b']}": "non_compliant"}
