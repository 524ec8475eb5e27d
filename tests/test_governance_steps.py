"""สงพท.-11 steps 1–6 as records made by the person who decided (issue 13): the secretary publishes the structure
and records resolutions and practices, only the Director appoints the committee and approves the lists, a unit's
head acknowledges a policy; anyone else is refused and nothing is written. Each step is timed from the previous
step's record; an overdue step is an issue and a decision of the committee report. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.evidence.records import EvidenceRecord
from khlang.governance.people import GovernanceError, StateConflict
from khlang.governance.policy_decisions import approve_policy, communicate_policy, policies_with_decisions
from khlang.governance.step_records import (
    CommitteeOrder,
    CommitteeResolution,
    ListApproval,
    PolicyAcknowledgement,
    PolicyPractice,
    StructurePublication,
)
from khlang.governance.steps import (
    acknowledge_policy,
    add_practice,
    approve_lists,
    overview,
    publish_structure,
    record_appointment,
    record_resolution,
    step_lines,
)
from khlang.identity import PermissionDenied
from khlang.identity.actor import actor_for
from khlang.identity.records import AuditEntry
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
D = dt.date
PDF = (b"%PDF-1.4\n% order\n%%EOF\n", "order.pdf")
TABLES = (StructurePublication, CommitteeOrder, CommitteeResolution, ListApproval, PolicyAcknowledgement,
          PolicyPractice, EvidenceRecord, AuditEntry)
MEMBERS = [("p02", "chair"), ("p01", "member"), ("p05", "member"), ("p07", "member"), ("p11", "secretary")]


@pytest.fixture
def env(tmp_path, store_url, monkeypatch):
    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    cat = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", cat)
    catalog = load_catalog(cat)
    return catalog, open_store(store_url)


def who(catalog, pid: str):
    return actor_for(catalog, pid, f"user-{pid}")


def counts(store) -> tuple[int, ...]:
    with store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in TABLES)


def _order(catalog, store, pid: str = "p10", number: str = "อคส. 215/2568"):
    return record_appointment(catalog, store, who(catalog, pid), number=number, issued_on=D(2025, 11, 28),
                              term_from=D(2025, 11, 28), term_until=D(2027, 11, 27), members=MEMBERS, evidence=PDF)


def test_anyone_but_the_right_person_is_refused_and_nothing_is_written(env):
    catalog, store = env
    policies = policies_with_decisions(catalog, store)
    before = counts(store)
    for pid in ("p02", "p11", "p01", "p13", "p14"):  # the chair, the secretary, a member, the auditor, the admin
        with pytest.raises(PermissionDenied):
            _order(catalog, store, pid)
    for pid in ("p10", "p06", "p13", "p14"):  # the Director does not record the committee's structure or resolution
        with pytest.raises(PermissionDenied):
            publish_structure(catalog, store, who(catalog, pid), drafted_from=D(2025, 10, 27),
                              published_on=D(2025, 11, 3), evidence=PDF)
        with pytest.raises(PermissionDenied):
            record_resolution(catalog, store, policies, who(catalog, pid), number="1/2568", meeting_on=D(2025, 12, 11),
                              policy_ids=["data_quality"], evidence=PDF)
    assert counts(store) == before
    _order(catalog, store)
    record_resolution(catalog, store, policies, who(catalog, "p11"), number="1/2568", meeting_on=D(2025, 12, 11),
                      policy_ids=["data_quality"], evidence=PDF)
    before = counts(store)
    for pid in ("p02", "p11", "p05", "p13", "p14"):
        with pytest.raises(PermissionDenied):
            approve_lists(catalog, store, who(catalog, pid), resolution="1/2568", on=D(2025, 12, 15), evidence=PDF)
    assert counts(store) == before
    approve_policy(catalog, store, policies, who(catalog, "p10"), "data_quality", on=D(2025, 12, 15))
    policies = policies_with_decisions(catalog, store)
    communicate_policy(catalog, store, policies, who(catalog, "p11"), "data_quality", channel="circular",
                       audience="internal", on=D(2025, 12, 18))
    policies = policies_with_decisions(catalog, store)
    before = counts(store)
    for pid in ("p06", "p01", "p13"):  # a WHS steward and WHS's head may not acknowledge for Trading
        with pytest.raises(PermissionDenied):
            acknowledge_policy(catalog, store, policies, who(catalog, pid), "data_quality", unit="TRD",
                               on=D(2025, 12, 19))
    for pid in ("p06", "p10", "p13"):
        with pytest.raises(PermissionDenied):
            add_practice(catalog, store, policies, who(catalog, pid), "data_quality", code="x", what_th="ทำ",
                         shown_by="แบบประเมิน", due_on=D(2026, 9, 30), on=D(2025, 12, 25))
    assert counts(store) == before


def test_each_record_is_kept_with_its_person_and_document_once(env):
    catalog, store = env
    policies = policies_with_decisions(catalog, store)
    with pytest.raises(StateConflict, match="appoints the committee first"):
        record_resolution(catalog, store, policies, who(catalog, "p11"), number="1/2568", meeting_on=D(2025, 12, 11),
                          policy_ids=[])
    with pytest.raises(GovernanceError, match="exactly one chair"):
        record_appointment(catalog, store, who(catalog, "p10"), number="x", issued_on=D(2025, 11, 28),
                           term_from=D(2025, 11, 28), term_until=D(2027, 11, 27), members=[("p01", "member"),
                                                                                          ("p11", "secretary")])
    with pytest.raises(GovernanceError, match="has left"):
        record_appointment(catalog, store, who(catalog, "p10"), number="x", issued_on=D(2025, 11, 28),
                           term_from=D(2025, 11, 28), term_until=D(2027, 11, 27),
                           members=[*MEMBERS, ("p09", "member")])
    order = _order(catalog, store)
    assert order["by"] == "p10" and order["evidence_id"] and order["members"][0] == {"person": "p02", "role": "chair"}
    with pytest.raises(StateConflict):
        _order(catalog, store)
    res = record_resolution(catalog, store, policies, who(catalog, "p07"), number="1/2568",  # a member records it
                            meeting_on=D(2025, 12, 11), policy_ids=["data_quality"], evidence=PDF)
    assert res["by"] == "p07" and len(res["lists"]["datasets"]) == len(catalog.datasets)
    approved = approve_lists(catalog, store, who(catalog, "p10"), resolution="1/2568", on=D(2025, 12, 15),
                             evidence=PDF)
    assert approved["by"] == "p10" and approved["evidence_id"]
    with store.reading() as s:
        audit = [(e.action, e.person) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert ("committee.appoint", "p10") in audit and ("committee.resolve", "p07") in audit
    assert ("lists.approve", "p10") in audit and ("evidence.store", "p10") in audit


def test_steps_are_timed_from_the_previous_record_and_an_overdue_step_is_an_issue_and_a_decision(env):
    from khlang.governance.decisions import decisions
    from khlang.governance.operations import Context
    from khlang.governance.sync import sync_issues
    from khlang.governance.views import issue_views
    from khlang.sample.seeds.governance import governance_steps

    catalog, store = env
    done = governance_steps(catalog, store)
    assert done["order"] == 1 and done["policy_approval"] == 6 and done["acknowledgement"] == 60
    assert set(governance_steps(catalog, store)) == {"already"}, "the seed is idempotent"
    policies = policies_with_decisions(catalog, store)
    as_of = D(2026, 12, 2)
    lines = {(ln.step, ln.subject): ln for ln in step_lines(catalog, store, policies, as_of)}
    assert lines[(1, "structure")].state == "done" and lines[(3, "resolution")].state == "done"
    assert lines[(4, "lists:1/2568")].state == "done" and lines[(5, "data_quality")].state == "done"
    # cost_effective_data: communicated 18 days after its approval (late), and no practice since (overdue)
    assert lines[(5, "cost_effective_data")].state == "late"
    six = lines[(6, "cost_effective_data")]
    assert (six.state, six.since, six.due_on) == ("overdue", D(2026, 3, 20), D(2026, 4, 4))
    assert [k for k, ln in lines.items() if ln.state == "overdue"] == [(6, "cost_effective_data")]
    view = overview(catalog, store, policies, as_of)
    [pending] = view["pending_approval"]
    assert pending not in view["resolutions"][0]["lists"]["datasets"]
    assert view["acknowledgements"]["data_quality"]["on_time"] == len(catalog.units)
    sync_issues(catalog, store, "i1", as_of)
    issues = {m["finding"]: v for v in issue_views(store) if v.source == "governance" for m in v.findings}
    assert set(issues) == {"governance:step_overdue", "governance:dataset_not_approved"}
    assert [a["person"] for a in issues["governance:step_overdue"].assignees] == ["p11"]  # the secretary's to record
    assert issues["governance:dataset_not_approved"].dataset == pending
    ctx = Context(catalog, store, policies, as_of, issue_views(store))
    assert [d["ref"] for d in decisions(ctx) if d["kind"] == "governance_step"] == ["6:cost_effective_data"]
    from khlang.governance.periods import parse_period
    from khlang.governance.summary import committee_model
    from khlang.report.committee import build_committee_report

    model = committee_model(catalog, store, policies, parse_period("2569Q4"), as_of=as_of)
    assert model["governance"]["overdue"] == 1 and model["governance"]["steps"][0]["subject"] == "cost_effective_data"
    build_committee_report(model, Path(catalog.directory).parent / "committee", pdf=False)
    html = (Path(catalog.directory).parent / "committee" / "index.html").read_text(encoding="utf-8")
    assert 'id="governance-steps"' in html and html.count('data-state="overdue"') == 1
    # the committee sets the practice (late): the step is done late and its issue resolves
    add_practice(catalog, store, policies, who(catalog, "p11"), "cost_effective_data", code="usage_review",
                 what_th="ทบทวนชุดข้อมูลที่ไม่มีผู้ใช้งานทุกไตรมาส", shown_by="รายงาน usage.yaml", due_on=D(2026, 12, 31),
                 on=D(2026, 12, 1))
    changed = sync_issues(catalog, store, "i2", as_of)
    assert issues["governance:step_overdue"].id in changed["resolved"]


def test_a_glossary_steward_who_left_is_a_gap_not_a_validation_error(env, tmp_path):
    from khlang.governance.sync import sync_issues
    from khlang.governance.views import issue_views

    catalog, store = env
    path = Path(catalog.directory) / "glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("steward: p03", "steward: p09", 1), encoding="utf-8")
    org = Path(catalog.directory) / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("restore: {unit: DBA, signer: p04}",
                                                           "restore: {unit: DBA, signer: p09}"), encoding="utf-8")
    catalog = load_catalog(Path(catalog.directory))  # validates
    sync_issues(catalog, store, "i1", D(2026, 12, 2))
    found = {m["finding"]: v for v in issue_views(store) for m in v.findings if v.source == "governance"}
    assert {"governance:glossary_steward_left", "governance:memo_signer_left"} <= set(found)
    assert found["governance:memo_signer_left"].unit == "DBA"
    assert [a["person"] for a in found["governance:memo_signer_left"].assignees] == ["p02"]  # DBA's head: DTO's


def test_the_self_assessment_asks_about_the_practices_of_its_policy(env):
    from khlang.governance.compliance import assess, evaluate_all, gather
    from khlang.sample.seeds.governance import governance_steps

    catalog, store = env
    governance_steps(catalog, store)
    policies = policies_with_decisions(catalog, store)
    first = assess(catalog, store, policies, who(catalog, "p06"), "pdpa_training", unit="WHS", result="compliant",
                   evidence="รายชื่อผู้ผ่านการอบรม", on=D(2026, 6, 1))
    assert first["practices"] == ["personal_data_protection_annual"]  # what the assessment answers for

    def whs(as_of: dt.date) -> tuple[str, str]:
        [o] = [o for rid, o in evaluate_all(gather(catalog, store, policies, as_of))
               if rid == "pdpa_training" and o.unit == "WHS"]
        return o.status, o.detail

    assert whs(D(2026, 9, 1))[0] == "compliant"  # the practice is not due yet
    status, detail = whs(D(2026, 12, 2))  # due 30 Sep 2026: an assessment from before it no longer answers
    assert status == "not_assessed" and "personal_data_protection_annual (due 2026-09-30)" in detail
    assess(catalog, store, policies, who(catalog, "p06"), "pdpa_training", unit="WHS", result="partial",
           evidence="อบรมแล้ว 8 ใน 10 คน", on=D(2026, 10, 5))
    assert whs(D(2026, 12, 2))[0] == "partial"


def test_the_cli_records_as_the_signed_in_person_and_refuses_anyone_else(khlang_env, login, capsys, tmp_path):
    import json

    from khlang.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    order = tmp_path / "order.pdf"
    order.write_bytes(PDF[0])
    argv = ("governance", "appoint", "--number", "อคส. 215/2568", "--issued-on", "28/11/2568",
            "--term-from", "2568-11-28", "--term-until", "2570-11-27", "--member", "p02:chair",
            "--member", "p01:member", "--member", "p11:secretary", "--file", str(order), "--format", "json")
    login("p11")
    code, _out, err = run(*argv)
    assert code == 3 and "committee" in err and "Traceback" not in err
    login("p10")
    code, out, err = run(*argv)
    assert code == 0, err
    assert json.loads(out)["by"] == "p10" and json.loads(out)["evidence_id"]
    code, out, err = run("governance", "status", "--as-of", "2025-12-20", "--format", "json")
    assert code == 0, err
    steps = {(s["step"], s["subject"]): s for s in json.loads(out)["steps"]}
    assert steps[(2, "order")]["state"] == "done" and steps[(3, "resolution")]["state"] == "overdue"
    assert steps[(3, "resolution")]["due_on"] == "2025-12-13"


def test_the_communication_measure_counts_the_units_acknowledgements(env):
    from sqlalchemy import delete

    from khlang.governance.compliance import evaluate_all, gather
    from khlang.governance.measures import MEASURES
    from khlang.sample.seeds.governance import governance_steps

    catalog, store = env
    governance_steps(catalog, store)
    as_of = D(2026, 12, 2)

    def measure() -> tuple:
        ctx = gather(catalog, store, policies_with_decisions(catalog, store), as_of)
        return MEASURES["policies_communicated_on_time_percent"].compute(ctx, evaluate_all(ctx))

    on_time, asked = measure()
    in_force = [p for p in policies_with_decisions(catalog, store).policies if p.in_force(as_of)]
    assert asked == len(catalog.units) * len(in_force) and 0 < on_time <= asked
    with store.transaction() as s:  # one unit's acknowledgement of data_quality is not on record after all
        query = select(PolicyAcknowledgement).where(PolicyAcknowledgement.policy_id == "data_quality")
        victim = s.scalars(query).first()
        assert victim is not None
        s.execute(delete(PolicyAcknowledgement).where(PolicyAcknowledgement.id == victim.id))
    assert measure() == (on_time - 1, asked)
