"""Policies as records made by signed-in people (สงพท.-11 steps 4–5, 8; issue 9): the Director's approval puts a
policy in force, the secretary records each communication, a unit's member records its self-assessment.
Every write is audited and nothing is written on a refusal. Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.governance.compliance import assess, latest_assessments
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.governance.policies import load_policies
from khlang.governance.policy_decisions import approve_policy, communicate_policy, with_decisions
from khlang.governance.policy_records import PolicyApproval, PolicyCommunication
from khlang.governance.records import Assessment
from khlang.identity import PermissionDenied
from khlang.identity.actor import actor_for
from khlang.identity.records import AuditEntry
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
D = dt.date
DRAFT = """
  - id: open_data
    title_th: นโยบายข้อมูลเปิด
    title_en: Open data policy
    owner_unit: STR
    rules:
      - id: open_data_reviewed
        title_th: หน่วยงานทบทวนชุดข้อมูลเปิดทุกปี
        check: self_assessment
        params: {units: [STR, WHS]}
"""


@pytest.fixture
def env(tmp_path, store_url):
    """The shipped catalogue with one draft policy (no approved_on) added."""
    cat = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", cat)
    path = cat / "policies.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("\nmeasures:", 1)
    path.write_text(head.rstrip("\n") + "\n" + DRAFT + "\nmeasures:" + tail, encoding="utf-8")
    catalog = load_catalog(cat)
    return catalog, load_policies(catalog), open_store(store_url)


def person(catalog, pid: str, *extra: str):
    return actor_for(catalog, pid, f"user-{pid}", extra)


def counts(store) -> tuple[int, int, int, int]:
    with store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(t))  # type: ignore[return-value]
                     for t in (PolicyApproval, PolicyCommunication, Assessment, AuditEntry))


def last_audit(store) -> AuditEntry:
    with store.reading() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_the_directors_approval_puts_a_draft_in_force_from_its_date(env):
    catalog, policies, store = env
    assert not policies.policy("open_data").in_force(D(2026, 11, 1))
    data = approve_policy(catalog, store, policies, person(catalog, "p10"), "open_data", on=D(2026, 10, 1),
                          note="อนุมัติตามบันทึก อคส. 0100/2569-77")
    assert (data["policy"], data["approved_on"], data["by"]) == ("open_data", "2026-10-01", "p10")
    merged = with_decisions(policies, store).policy("open_data")
    assert merged.in_force(D(2026, 10, 1)) and not merged.in_force(D(2026, 9, 30))
    assert merged.approved_on == D(2026, 10, 1) and merged.approvals[0].source == "store"
    assert merged.review_due() == D(2027, 10, 1)
    assert "open_data_reviewed" in {r.id for r in with_decisions(policies, store).rules_in_force(D(2026, 11, 1))}
    row = last_audit(store)
    assert (row.action, row.person, row.object_type, row.object_id) == ("policy.approve", "p10", "policy", "open_data")
    assert row.after["approved_on"] == "2026-10-01"
    # the YAML's approved_on stays the history of earlier approvals; a re-approval after review joins it
    approve_policy(catalog, store, policies, person(catalog, "p10"), "data_ownership", on=D(2026, 11, 20))
    owned = with_decisions(policies, store).policy("data_ownership")
    assert [(a.on, a.source) for a in owned.approvals] == [(D(2025, 12, 15), "register"), (D(2026, 11, 20), "store")]
    assert owned.approved_on == D(2025, 12, 15) and owned.review_due() == D(2027, 11, 20)
    with pytest.raises(StateConflict, match="already approved on 2026-11-20"):
        approve_policy(catalog, store, policies, person(catalog, "p10"), "data_ownership", on=D(2026, 11, 20))


def test_only_the_director_approves_and_a_refusal_writes_nothing(env):
    catalog, policies, store = env
    before = counts(store)
    for pid in ("p02", "p11", "p04", "p13", "p14", "p01"):
        with pytest.raises(PermissionDenied, match="approve a policy"):
            approve_policy(catalog, store, policies, person(catalog, pid), "open_data", on=D(2026, 10, 1))
    # an administrator recording for the Director needs a reason; with one it is the Director's approval
    with pytest.raises(PermissionDenied, match="reason"):
        approve_policy(catalog, store, policies, person(catalog, "p14").for_person("p10", ""), "open_data",
                       on=D(2026, 10, 1))
    assert counts(store) == before
    assert not with_decisions(policies, store).policy("open_data").in_force(D(2026, 11, 1))
    data = approve_policy(catalog, store, policies, person(catalog, "p14").for_person("p10", "ผอก. ลงนามในกระดาษ"),
                          "open_data", on=D(2026, 10, 1))
    assert data["by"] == "p10"
    with store.reading() as s:
        row = s.scalars(select(PolicyApproval)).one()
    assert (row.by, row.recorded_by, row.reason) == ("p10", "user-p14", "ผอก. ลงนามในกระดาษ")
    audit = last_audit(store)
    assert (audit.person, audit.on_behalf_of, audit.reason) == ("p14", "p10", "ผอก. ลงนามในกระดาษ")


def test_bad_approval_input(env):
    catalog, policies, store = env
    director = person(catalog, "p10")
    with pytest.raises(NotFound, match="unknown policy 'nope'"):
        approve_policy(catalog, store, policies, director, "nope", on=D(2026, 10, 1))
    with pytest.raises(GovernanceError, match="on: .* is in the future"):
        approve_policy(catalog, store, policies, director, "open_data", on=dt.date.today() + dt.timedelta(days=3))
    assert counts(store) == (0, 0, 0, 0)


def test_the_secretary_records_communications_of_approved_policies_only(env):
    catalog, policies, store = env
    secretary = person(catalog, "p11")
    with pytest.raises(StateConflict, match="not approved on 2026-10-02"):
        communicate_policy(catalog, store, policies, secretary, "open_data", channel="circular",
                           audience="internal", on=D(2026, 10, 2))
    approve_policy(catalog, store, policies, person(catalog, "p10"), "open_data", on=D(2026, 10, 1))
    before = counts(store)
    for pid in ("p10", "p02", "p04", "p13"):
        with pytest.raises(PermissionDenied, match="record a policy communication"):
            communicate_policy(catalog, store, policies, person(catalog, pid), "open_data", channel="circular",
                               audience="internal", on=D(2026, 10, 2))
    for kwargs, message in (({"channel": "fax", "audience": "internal"}, "channel: one of circular"),
                            ({"channel": "email", "audience": "everyone"}, "audience: one of internal")):
        with pytest.raises(GovernanceError, match=message):
            communicate_policy(catalog, store, policies, secretary, "open_data", on=D(2026, 10, 2), **kwargs)
    assert counts(store) == before
    communicate_policy(catalog, store, policies, secretary, "open_data", channel="circular", audience="internal",
                       on=D(2026, 10, 2), note="หนังสือเวียน ที่ อคส. 0100/ว 15")
    data = communicate_policy(catalog, store, policies, secretary, "open_data", channel="email",
                              audience="external", on=D(2026, 10, 8))
    assert (data["channel"], data["audience"], data["by"]) == ("email", "external", "p11")
    merged = with_decisions(policies, store).policy("open_data")
    assert [(c.channel, c.audience) for c in merged.communications] == [("circular", "internal"),
                                                                         ("email", "external")]
    assert merged.communicated_on == D(2026, 10, 2)
    row = last_audit(store)
    assert (row.action, row.person, row.after["channel"]) == ("policy.communicate", "p11", "email")


def test_a_self_assessment_is_recorded_by_a_member_of_the_unit(env):
    catalog, policies, store = env
    before = counts(store)
    # p08 works in FIN, p04 in DBA, p02 is a committee member of DTO: none of them speaks for WHS
    for pid in ("p08", "p04", "p02", "p10"):
        with pytest.raises(PermissionDenied, match="record a self-assessment"):
            assess(catalog, store, policies, person(catalog, pid), "pdpa_training", unit="WHS", result="compliant",
                   evidence="x", on=D(2026, 8, 12))
    for kwargs, error, message in (
            ({"rule_id": "owners_declared", "unit": "WHS"}, GovernanceError, "checked automatically"),
            ({"rule_id": "nope", "unit": "WHS"}, NotFound, "unknown rule 'nope'"),
            ({"rule_id": "pdpa_training", "unit": "DBA"}, GovernanceError, "does not assess pdpa_training")):
        with pytest.raises(error, match=message):
            assess(catalog, store, policies, person(catalog, "p06"), result="compliant", evidence="x",
                   on=D(2026, 8, 12), **kwargs)
    with pytest.raises(GovernanceError, match="evidence"):
        assess(catalog, store, policies, person(catalog, "p06"), "pdpa_training", unit="WHS", result="compliant",
               evidence=" ", on=D(2026, 8, 12))
    assert counts(store) == before
    data = assess(catalog, store, policies, person(catalog, "p06"), "pdpa_training", unit="WHS", result="compliant",
                  evidence="บันทึกการอบรม PDPA", on=D(2026, 8, 12))
    assert (data["assessed_by"], data["unit"]) == ("p06", "WHS")
    latest = latest_assessments(store)[("pdpa_training", "WHS")]
    assert latest["assessed_by"] == "p06" and latest["result"] == "compliant"
    row = last_audit(store)
    assert (row.action, row.person, row.object_type, row.object_id) == (
        "policy.assess", "p06", "policy_rule", "pdpa_training:WHS")


def test_the_measure_counts_communications_recorded_in_the_store(env):
    from khlang.governance.compliance import check_compliance

    catalog, policies, store = env
    approve_policy(catalog, store, policies, person(catalog, "p10"), "open_data", on=D(2026, 10, 1))
    communicate_policy(catalog, store, policies, person(catalog, "p11"), "open_data", channel="intranet",
                       audience="internal", on=D(2026, 10, 3))
    data = check_compliance(catalog, store, with_decisions(policies, store), "r1", D(2026, 11, 25))
    measures = {m["id"]: m for m in data["measures"]}
    # 5 of the 6 shipped policies were communicated within 5 days, and so was the new one
    assert (measures["policies_communicated"]["numerator"], measures["policies_communicated"]["denominator"]) == (6, 7)
    assert "open_data" in data["policies"]


def test_decisions_keep_their_evidence_file_which_must_be_the_policys(env, tmp_path, monkeypatch):
    from khlang.evidence import store_evidence

    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    catalog, policies, store = env
    director, secretary = person(catalog, "p10"), person(catalog, "p11")
    signed = store_evidence(store, director, b"%PDF-1.4\n% signed\n", "นโยบายลงนาม.pdf", subject_type="policy",
                            subject_id="open_data")
    elsewhere = store_evidence(store, director, b"%PDF-1.4\n% x\n", "x.pdf", subject_type="policy",
                               subject_id="data_quality")
    before = counts(store)
    with pytest.raises(GovernanceError, match="attached to policy data_quality, not to policy open_data"):
        approve_policy(catalog, store, policies, director, "open_data", on=D(2026, 10, 1), evidence_id=elsewhere.id)
    with pytest.raises(GovernanceError, match="no evidence file"):
        approve_policy(catalog, store, policies, director, "open_data", on=D(2026, 10, 1), evidence_id="nope")
    assert counts(store) == before
    approve_policy(catalog, store, policies, director, "open_data", on=D(2026, 10, 1), evidence_id=signed.id)
    circular = store_evidence(store, secretary, b"%PDF-1.4\n% circular\n", "ว15.pdf", subject_type="policy",
                              subject_id="open_data")
    communicate_policy(catalog, store, policies, secretary, "open_data", channel="circular", audience="internal",
                       on=D(2026, 10, 2), evidence_id=circular.id)
    merged = with_decisions(policies, store).policy("open_data")
    assert merged.approvals[-1].evidence_id == signed.id and merged.communications[-1].evidence_id == circular.id
    training = store_evidence(store, person(catalog, "p06"), b"%PDF-1.4\n% t\n", "อบรม.pdf", subject_type="unit",
                              subject_id="WHS")
    assess(catalog, store, policies, person(catalog, "p06"), "pdpa_training", unit="WHS", result="compliant",
           evidence="รายชื่อผู้เข้าอบรม", on=D(2026, 8, 12), evidence_id=training.id)
    with pytest.raises(GovernanceError, match="evidence_file: evidence .* is attached to unit WHS"):
        assess(catalog, store, policies, person(catalog, "p08"), "pdpa_training", unit="FIN", result="compliant",
               evidence="x", on=D(2026, 8, 12), evidence_id=training.id)


def test_available_policy_actions_are_the_buttons_each_person_may_press(env):
    from khlang.governance.policy_decisions import available_policy_actions

    catalog, policies, store = env
    director, secretary, steward = person(catalog, "p10"), person(catalog, "p11"), person(catalog, "p06")
    today = D(2026, 11, 1)
    assert available_policy_actions(catalog, policies, director, "open_data", today) == ["approve"]
    assert available_policy_actions(catalog, policies, secretary, "open_data", today) == []
    assert available_policy_actions(catalog, policies, steward, "open_data", today) == []
    # an approved policy whose review is not due: nothing to approve; the secretary communicates it
    assert available_policy_actions(catalog, policies, director, "data_quality", today) == []
    assert available_policy_actions(catalog, policies, secretary, "data_quality", today) == ["communicate"]
    # its review falls due a year after approval (2025-12-15): the Director may re-approve it
    assert available_policy_actions(catalog, policies, director, "data_quality", D(2026, 12, 20)) == ["approve"]
    approve_policy(catalog, store, policies, director, "open_data", on=D(2026, 10, 1))
    merged = with_decisions(policies, store)
    assert available_policy_actions(catalog, merged, director, "open_data", today) == []
    assert available_policy_actions(catalog, merged, secretary, "open_data", today) == ["communicate"]
