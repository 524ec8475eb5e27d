"""The issue workflow under identity: who may take each step, four eyes, state conflicts, unknown ids,
future dates, the audit row of every write, recording on behalf — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khlang.dates import today_bangkok
from khlang.declarations import load_catalog
from khlang.governance.lifecycle import (
    acknowledge,
    action_done,
    available_actions,
    close,
    load_issue,
    open_by_hand,
    resolve_by_hand,
)
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.governance.rca import RcaInput, record_rca
from khlang.governance.records import Issue, IssueEvent
from khlang.identity import SCHEDULER, FourEyes, PermissionDenied, actor_for
from khlang.identity.audit import audit_entries
from khlang.identity.records import AuditEntry
from khlang.store import open_store

pytestmark = pytest.mark.usefixtures("data_sources_only")  # the check/gap/policy loop alone

REPO = Path(__file__).resolve().parents[1]
D = dt.date


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "catalog")


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def who(catalog, pid):
    return actor_for(catalog, pid, f"user-{pid}", (), "console", "10.0.0.7")


def counts(store):
    with store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Issue, IssueEvent, AuditEntry))


def steps(store, issue_id):
    with store.reading() as s:
        issue = load_issue(s, issue_id)
        return issue, [(e.type, e.actor) for e in issue.events]


def test_a_hand_raised_issue_through_its_whole_life_with_its_audit_trail(store, catalog):
    fin, other_fin = who(catalog, "p08"), who(catalog, "p02")
    with pytest.raises(PermissionDenied):
        open_by_hand(catalog, store, actor=who(catalog, "p06"), category="cost_ineffective", title="สำเนาซ้ำ",
                     severity="medium", on=D(2026, 11, 1), unit="FIN")
    assert counts(store) == (0, 0, 0)
    iid = open_by_hand(catalog, store, actor=fin, category="cost_ineffective", title="สำเนาซ้ำ", severity="medium",
                       on=D(2026, 11, 1), unit="FIN")
    with pytest.raises(StateConflict, match="already raised"):
        open_by_hand(catalog, store, actor=fin, category="cost_ineffective", title="สำเนาซ้ำ", severity="medium",
                     on=D(2026, 11, 1), unit="FIN")
    issue, _ = steps(store, iid)
    assert available_actions(catalog, fin, issue) == ["issue.ack", "issue.rca", "issue.attach", "issue.resolve"]
    assert available_actions(catalog, who(catalog, "p06"), issue) == []
    assert available_actions(catalog, who(catalog, "p13"), issue) == [], "the auditor sees, never acts"
    assert available_actions(catalog, who(catalog, "p02"), issue) == ["issue.rca"], "the committee analyses"

    acknowledge(catalog, store, iid, actor=fin, on=D(2026, 11, 2), note="รับเรื่อง")
    record_rca(catalog, store, iid, RcaInput(cause_category="process", whys=["ไม่มีขั้นตอนลบสำเนา"], actions=[
        {"description": "ลบสำเนา", "owner": "p08", "due": D(2026, 11, 30)}]), D(2026, 11, 3), actor=fin)
    issue, _ = steps(store, iid)
    action = issue.actions[0].id
    assert available_actions(catalog, fin, issue) == ["issue.rca", "issue.attach", "issue.action_done",
                                                      "issue.resolve"]
    action_done(catalog, store, iid, action, actor=fin, on=D(2026, 11, 4))
    with pytest.raises(StateConflict, match="already done"):
        action_done(catalog, store, iid, action, actor=fin, on=D(2026, 11, 4))
    with pytest.raises(NotFound, match="no action 999"):
        action_done(catalog, store, iid, 999, actor=fin, on=D(2026, 11, 4))
    resolve_by_hand(catalog, store, iid, actor=fin, on=D(2026, 11, 5), note="ลบแล้ว")
    issue, _ = steps(store, iid)
    assert "issue.close" not in available_actions(catalog, fin, issue), "the fixer does not see the close button"
    assert "issue.close" in available_actions(catalog, other_fin, issue)
    with pytest.raises(FourEyes):
        close(catalog, store, iid, actor=fin, on=D(2026, 11, 6), note="ตรวจแล้ว")
    close(catalog, store, iid, actor=other_fin, on=D(2026, 11, 6), note="ตรวจแล้วไม่พบสำเนา")
    issue, history = steps(store, iid)
    assert (issue.status, issue.verified_by) == ("closed", "p02")
    assert history == [("opened", "p08"), ("acknowledged", "p08"), ("rca_recorded", "p08"), ("action_added", "p08"),
                       ("action_done", "p08"), ("resolved", "p08"), ("closed", "p02")]
    with store.reading() as s:
        trail = [(e.action, e.person, e.channel, e.address) for e in reversed(audit_entries(s, object_id=iid))]
        closing = audit_entries(s, action="issue.close")[0]
    assert trail == [("issue.open", "p08", "console", "10.0.0.7"), ("issue.ack", "p08", "console", "10.0.0.7"),
                     ("issue.rca", "p08", "console", "10.0.0.7"), ("issue.action_done", "p08", "console", "10.0.0.7"),
                     ("issue.resolve", "p08", "console", "10.0.0.7"), ("issue.close", "p02", "console", "10.0.0.7")]
    assert closing.before["status"] == "resolved" and closing.after["status"] == "closed"
    assert closing.after["verified_by"] == "p02"
    with pytest.raises(StateConflict):
        record_rca(catalog, store, iid, RcaInput(cause_category="process", whys=["x"]), D(2026, 11, 7),
                   actor=other_fin)


def test_refusals_write_nothing_and_say_which_kind_they_are(store, catalog):
    iid = open_by_hand(catalog, store, actor=who(catalog, "p06"), category="low_data_quality", title="ชื่อคลังซ้ำ",
                       severity="high", on=D(2026, 11, 1), dataset="warehouses")
    before = counts(store)
    tomorrow_plus = today_bangkok() + dt.timedelta(days=2)
    refusals = [
        (PermissionDenied, lambda: acknowledge(catalog, store, iid, actor=who(catalog, "p08"), on=D(2026, 11, 2))),
        (PermissionDenied, lambda: acknowledge(catalog, store, iid, actor=who(catalog, "p13"), on=D(2026, 11, 2))),
        (PermissionDenied, lambda: acknowledge(catalog, store, iid, actor=SCHEDULER, on=D(2026, 11, 2))),
        (NotFound, lambda: acknowledge(catalog, store, 424242, actor=who(catalog, "p06"), on=D(2026, 11, 2))),
        (StateConflict, lambda: close(catalog, store, iid, actor=who(catalog, "p03"), on=D(2026, 11, 2), note="x")),
        (GovernanceError, lambda: acknowledge(catalog, store, iid, actor=who(catalog, "p06"), on=tomorrow_plus)),
        (GovernanceError, lambda: record_rca(catalog, store, iid, RcaInput(cause_category="process", whys=["x"],
                                                                        analysed_on=tomorrow_plus), D(2026, 11, 2),
                                             actor=who(catalog, "p06"))),
    ]
    for kind, attempt in refusals:
        with pytest.raises(kind):
            attempt()
        assert counts(store) == before
    # tomorrow is accepted (a day of slack for time zones); after that, refused
    acknowledge(catalog, store, iid, actor=who(catalog, "p06"), on=today_bangkok() + dt.timedelta(days=1))


def test_recording_on_behalf_keeps_the_admin_and_the_reason_in_the_event_and_the_audit_row(store, catalog):
    iid = open_by_hand(catalog, store, actor=who(catalog, "p06"), category="low_data_quality", title="พิกัดผิด",
                       severity="low", on=D(2026, 11, 1), dataset="warehouses")
    admin = who(catalog, "p14")
    with pytest.raises(PermissionDenied):
        acknowledge(catalog, store, iid, actor=admin, on=D(2026, 11, 2))
    reason = "ผู้ดูแลข้อมูลรับเรื่องทางโทรศัพท์ระหว่างระบบขัดข้อง"
    acknowledge(catalog, store, iid, actor=admin.for_person("p06", reason), on=D(2026, 11, 2))
    issue, history = steps(store, iid)
    assert history[-1] == ("acknowledged", "p06")
    data = issue.events[-1].data
    assert (data["on_behalf_of"], data["recorded_by"], data["reason"]) == ("p06", "p14", reason)
    with store.reading() as s:
        row = audit_entries(s, action="issue.ack")[0]
        assert (row.person, row.on_behalf_of, row.reason) == ("p14", "p06", reason)
        assert [e.id for e in audit_entries(s, actor="p06", action="issue.ack")] == [row.id]


def test_the_scheduler_syncs_and_its_run_is_audited(store, catalog):
    from khlang.governance.sync import sync_issues
    from khlang.quality.records import record
    from khlang.quality.results import CheckResult

    failing = CheckResult(kind="expectation", dataset="warehouses", check="nn:name_th",
                          type="expect_column_values_to_not_be_null", dimension="completeness", success=False,
                          element_count=62, unexpected_count=3, column="name_th")
    record(store, "q1", [failing], dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC), datasets=["warehouses"])
    with pytest.raises(PermissionDenied):
        sync_issues(catalog, store, "i0", D(2026, 11, 1), actor=who(catalog, "p13"))
    out = sync_issues(catalog, store, "i1", D(2026, 11, 1))
    assert len(out["opened"]) == 1
    with store.reading() as s:
        [row] = audit_entries(s, action="issue.sync")
    assert (row.person, row.username, row.channel, row.object_id) == ("khlang", "khlang-scheduler", "scheduler", "i1")
    assert row.after["opened"] == out["opened"]
    issue, history = steps(store, out["opened"][0])
    assert history == [("opened", "khlang")]
    # the steward acts on it; the DBA analyst does not answer for warehouses
    assert available_actions(catalog, who(catalog, "p06"), issue) == ["issue.ack", "issue.rca", "issue.attach"]
    assert available_actions(catalog, who(catalog, "p04"), issue) == []
