"""The linkage workflow by signed-in people (สงพท.-08, issue 9): who may record analyses, move steps and decide;
four eyes; the legal-basis block; the import of the YAML register; every write audited, nothing on refusal.
Each test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.identity import FourEyes, PermissionDenied
from khlang.identity.actor import actor_for
from khlang.identity.records import AuditEntry
from khlang.linkage.records import LinkageAnalysis, LinkageImport, LinkageTransition
from khlang.linkage.register import load_register
from khlang.linkage.service import (
    available_analyses,
    available_transitions,
    import_register,
    linkage_view,
    record_analysis,
    record_transition,
)
from khlang.linkage.state import current_states
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
D = dt.date


def entry(lid: str, **over) -> dict:
    """A new outbound request of public data under public disclosure (nothing exceeds its basis)."""
    out = {"id": lid, "agency": "กรมการค้าภายใน", "owner_unit": "WHS", "datasets": ["monthly_commodity_summary"],
           "direction": "outbound", "purpose": "ทดสอบ", "legal_basis": "public_disclosure", "method": "api",
           "frequency": "monthly", "status": "requested", "requested_on": "2569-03-02"}
    out.update(over)
    return out


@pytest.fixture
def env(tmp_path, store_url):
    """A catalogue whose register holds a clean request, one beyond its legal basis, and an approved one."""
    cat = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", cat)
    bundled = yaml.safe_load((REPO / "catalog" / "linkages.yaml").read_text(encoding="utf-8"))
    entries = [entry("LNK-OK"), entry("LNK-PII", datasets=["depositors"]),
               entry("LNK-OLD", status="approved", decided_on="2569-03-25",
                     technical_analysis={"reference": "สทด. 1/2569", "completed_on": "2569-03-10", "by": "p04"},
                     legal_analysis={"reference": "ฝกม. 1/2569", "completed_on": "2569-03-20", "by": "p12"},
                     history=[{"status": "technical_review", "date": "2569-03-03"},
                              {"status": "legal_review", "date": "2569-03-11"},
                              {"status": "awaiting_decision", "date": "2569-03-23"},
                              {"status": "approved", "date": "2569-03-25", "by": "ผอก."}])]
    (cat / "linkages.yaml").write_text(yaml.safe_dump({"legal_bases": bundled["legal_bases"], "linkages": entries},
                                                      allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(cat)
    return catalog, load_register(catalog), open_store(store_url)


def person(catalog, pid: str, *extra: str):
    return actor_for(catalog, pid, f"user-{pid}", extra)


def counts(store) -> tuple[int, int, int]:
    with store.reading() as s:
        return (s.scalar(select(func.count()).select_from(LinkageTransition)),
                s.scalar(select(func.count()).select_from(LinkageAnalysis)),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def audits(store, action: str | None = None) -> list[AuditEntry]:
    with store.reading() as s:
        q = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            q = q.where(AuditEntry.action == action)
        return list(s.scalars(q))


def to_decision(catalog, register, store, lid: str, analyst=None, lawyer=None) -> None:
    """DT staff and the legal officer take a request up to the Director's desk."""
    analyst = analyst or person(catalog, "p04")
    lawyer = lawyer or person(catalog, "p12")
    record_transition(catalog, register, store, analyst, lid, "technical_review", "ประชุมแล้ว", D(2026, 3, 3))
    record_analysis(catalog, register, store, analyst, lid, "technical", reference="สทด. 0405/2569-001",
                    completed_on=D(2026, 3, 10))
    record_transition(catalog, register, store, analyst, lid, "legal_review", "ส่งฝ่ายกฎหมาย", D(2026, 3, 11))
    record_analysis(catalog, register, store, lawyer, lid, "legal", reference="ฝกม. 0302/2569-001",
                    completed_on=D(2026, 3, 20), summary="เปิดเผยได้ตาม พ.ร.บ.ข้อมูลข่าวสาร")
    record_transition(catalog, register, store, analyst, lid, "awaiting_decision", "เสนอ ผอก.", D(2026, 3, 23))


def test_the_director_approves_after_both_analyses_and_every_write_is_audited(env):
    catalog, register, store = env
    to_decision(catalog, register, store, "LNK-OK")
    director = person(catalog, "p10")
    step = record_transition(catalog, register, store, director, "LNK-OK", "approved", "อนุมัติ บันทึก 0100/2569-9",
                             D(2026, 3, 25))
    assert (step.status, step.by, step.recorded_by, step.channel) == ("approved", "p10", "user-p10", "cli")
    state = current_states(register, store)["LNK-OK"]
    assert state.status == "approved" and state.decided_on == D(2026, 3, 25)
    assert state.analysis("technical").by == "p04" and state.analysis("legal").by == "p12"
    rows = audits(store)
    assert [(r.action, r.person) for r in rows] == [
        ("linkage.transition", "p04"), ("linkage.analysis.technical", "p04"), ("linkage.transition", "p04"),
        ("linkage.analysis.legal", "p12"), ("linkage.transition", "p04"), ("linkage.decide", "p10")]
    assert all(r.object_type == "linkage" and r.object_id == "LNK-OK" for r in rows)
    assert rows[-1].before == {"status": "awaiting_decision"} and rows[-1].after["status"] == "approved"
    assert rows[3].after["reference"] == "ฝกม. 0302/2569-001"


def test_the_analyst_cannot_decide_and_nothing_is_written(env):
    catalog, register, store = env
    to_decision(catalog, register, store, "LNK-OK")
    before = counts(store)
    for target in ("approved", "returned", "rejected"):
        with pytest.raises(PermissionDenied, match="decide a linkage"):
            record_transition(catalog, register, store, person(catalog, "p04"), "LNK-OK", target, "x", D(2026, 3, 25))
    # a committee member, the secretary, an auditor and the linkage's data owner cannot either
    for pid in ("p02", "p11", "p13", "p01"):
        with pytest.raises(PermissionDenied):
            record_transition(catalog, register, store, person(catalog, pid), "LNK-OK", "approved", "x",
                              D(2026, 3, 25))
    assert counts(store) == before
    assert current_states(register, store)["LNK-OK"].status == "awaiting_decision"


def test_whoever_recorded_an_analysis_cannot_decide_even_the_director(env):
    catalog, register, store = env
    both = person(catalog, "p10", "dt_analyst")  # the Director's account also holds the analyst's role
    to_decision(catalog, register, store, "LNK-OK", analyst=both)
    before = counts(store)
    for target in ("approved", "returned", "rejected"):
        with pytest.raises(FourEyes, match="four eyes"):
            record_transition(catalog, register, store, both, "LNK-OK", target, "อนุมัติเอง", D(2026, 3, 25))
    assert counts(store) == before
    assert available_transitions(catalog, store, both, "LNK-OK", register) == []
    # an administrator recording for the Director (with a reason) meets the same four eyes
    admin = person(catalog, "p14").for_person("p10", "ผอก. สั่งการทางโทรศัพท์")
    with pytest.raises(FourEyes):
        record_transition(catalog, register, store, admin, "LNK-OK", "approved", "x", D(2026, 3, 25))
    assert counts(store) == before


def test_an_analysis_recorded_by_an_admin_for_the_director_is_the_directors(env):
    catalog, register, store = env
    record_transition(catalog, register, store, person(catalog, "p04"), "LNK-OK", "technical_review", "n",
                      D(2026, 3, 3))
    admin = person(catalog, "p14").for_person("p04", "บันทึกแทนตามบันทึกข้อความที่ 12/2569")
    a = record_analysis(catalog, register, store, admin, "LNK-OK", "technical", reference="สทด. 9/2569",
                        completed_on=D(2026, 3, 9))
    assert (a.by, a.recorded_by, a.reason) == ("p04", "user-p14", "บันทึกแทนตามบันทึกข้อความที่ 12/2569")
    row = audits(store, "linkage.analysis.technical")[-1]
    assert (row.person, row.on_behalf_of, row.reason) == ("p14", "p04", "บันทึกแทนตามบันทึกข้อความที่ 12/2569")
    with pytest.raises(PermissionDenied, match="reason"):
        record_analysis(catalog, register, store, person(catalog, "p14").for_person("p04", " "), "LNK-OK",
                        "technical", reference="x", completed_on=D(2026, 3, 9))


def test_exceeds_legal_basis_blocks_the_approval_but_not_a_return(env):
    catalog, register, store = env
    to_decision(catalog, register, store, "LNK-PII")
    director = person(catalog, "p10")
    before = counts(store)
    with pytest.raises(StateConflict, match="exceeds its legal basis") as exc:
        record_transition(catalog, register, store, director, "LNK-PII", "approved", "อนุมัติ", D(2026, 3, 25))
    assert "depositors" in str(exc.value) and "public_disclosure" in str(exc.value)
    assert counts(store) == before
    assert available_transitions(catalog, store, director, "LNK-PII", register) == ["returned", "rejected"]
    view = linkage_view(catalog, store, "LNK-PII", register)
    assert "exceeds_legal_basis" in {f.finding for f in view.findings}
    record_transition(catalog, register, store, director, "LNK-PII", "returned", "แก้ฐานทางกฎหมาย", D(2026, 3, 25))
    assert current_states(register, store)["LNK-PII"].status == "returned"


def test_only_the_roles_of_the_procedure_record_analyses(env):
    catalog, register, store = env
    analyst, lawyer = person(catalog, "p04"), person(catalog, "p12")
    with pytest.raises(StateConflict, match="recorded while it is"):
        record_analysis(catalog, register, store, analyst, "LNK-OK", "technical", reference="x",
                        completed_on=D(2026, 3, 3))
    record_transition(catalog, register, store, analyst, "LNK-OK", "technical_review", "n", D(2026, 3, 3))
    before = counts(store)
    for pid, kind in (("p12", "technical"), ("p10", "technical"), ("p04", "legal"), ("p08", "legal"),
                      ("p13", "legal")):
        with pytest.raises(PermissionDenied):
            record_analysis(catalog, register, store, person(catalog, pid), "LNK-OK", kind, reference="x",
                            completed_on=D(2026, 3, 5))
    assert counts(store) == before
    assert available_analyses(catalog, store, analyst, "LNK-OK", register) == ["technical"]
    assert available_analyses(catalog, store, lawyer, "LNK-OK", register) == ["legal"]
    # the owning unit (WHS) does the data and legal analysis too, as the procedure says
    owner_unit = person(catalog, "p06")
    assert available_analyses(catalog, store, owner_unit, "LNK-OK", register) == ["legal"]
    # the same rule answers a plain `allowed` about the register's entry (what the console's lists ask)
    from khlang.identity import allowed

    entry = register.entries["LNK-OK"]
    assert allowed(catalog, owner_unit, "linkage.analysis.legal", linkage=entry)
    assert not allowed(catalog, person(catalog, "p08"), "linkage.analysis.legal", linkage=entry)
    record_analysis(catalog, register, store, owner_unit, "LNK-OK", "legal", reference="ฝคส. 1/2569",
                    completed_on=D(2026, 3, 5))


def test_bad_analysis_input_is_a_field_error_and_writes_nothing(env):
    catalog, register, store = env
    analyst = person(catalog, "p04")
    record_transition(catalog, register, store, analyst, "LNK-OK", "technical_review", "n", D(2026, 3, 3))
    before = counts(store)
    future = dt.date.today() + dt.timedelta(days=5)
    cases = [({"reference": "x", "completed_on": future}, "completed_on: .* is in the future"),
             ({"reference": " ", "completed_on": D(2026, 3, 5)}, "reference"),
             ({"reference": "x", "completed_on": D(2026, 2, 1)}, "completed_on: .* before the request")]
    for kwargs, message in cases:
        with pytest.raises(GovernanceError, match=message):
            record_analysis(catalog, register, store, analyst, "LNK-OK", "technical", **kwargs)
    with pytest.raises(GovernanceError, match="kind"):
        record_analysis(catalog, register, store, analyst, "LNK-OK", "financial", reference="x",
                        completed_on=D(2026, 3, 5))
    with pytest.raises(NotFound, match="unknown linkage 'LNK-NOPE'"):
        record_analysis(catalog, register, store, analyst, "LNK-NOPE", "technical", reference="x",
                        completed_on=D(2026, 3, 5))
    with pytest.raises(GovernanceError, match="in the future"):
        record_transition(catalog, register, store, analyst, "LNK-OK", "legal_review", "n", future)
    with pytest.raises(GovernanceError, match="note"):
        record_transition(catalog, register, store, analyst, "LNK-OK", "legal_review", "  ", D(2026, 3, 5))
    assert counts(store) == before


def test_workflow_state_problems_are_conflicts(env):
    catalog, register, store = env
    analyst, director = person(catalog, "p04"), person(catalog, "p10")
    with pytest.raises(StateConflict, match="illegal transition: cannot go from requested to approved"):
        record_transition(catalog, register, store, director, "LNK-OK", "approved", "x", D(2026, 3, 5))
    record_transition(catalog, register, store, analyst, "LNK-OK", "technical_review", "n", D(2026, 3, 3))
    with pytest.raises(StateConflict, match="record the technical analysis first"):
        record_transition(catalog, register, store, analyst, "LNK-OK", "legal_review", "n", D(2026, 3, 5))
    assert available_transitions(catalog, store, analyst, "LNK-OK", register) == []
    assert available_transitions(catalog, store, director, "LNK-OK", register) == []


def test_available_transitions_are_the_buttons_each_person_may_press(env):
    catalog, register, store = env
    analyst, director = person(catalog, "p04"), person(catalog, "p10")
    assert available_transitions(catalog, store, analyst, "LNK-OK", register) == ["technical_review"]
    assert available_transitions(catalog, store, director, "LNK-OK", register) == []
    to_decision(catalog, register, store, "LNK-OK")
    assert available_transitions(catalog, store, analyst, "LNK-OK", register) == []
    assert available_transitions(catalog, store, director, "LNK-OK", register) == ["approved", "returned", "rejected"]
    assert available_transitions(catalog, store, person(catalog, "p13"), "LNK-OK", register) == []
    # approved: only the Director suspends or ends it
    assert available_transitions(catalog, store, director, "LNK-OLD", register) == ["suspended", "terminated"]
    assert available_transitions(catalog, store, analyst, "LNK-OLD", register) == []


def test_the_view_shows_status_analyses_history_with_actors_and_findings(env):
    catalog, register, store = env
    to_decision(catalog, register, store, "LNK-OK")
    data = linkage_view(catalog, store, "LNK-OK", register).to_dict()
    assert data["status"] == "awaiting_decision" and data["since"] == "2026-03-23"
    assert data["analyses"]["technical"]["reference"] == "สทด. 0405/2569-001"
    assert data["analyses"]["legal"]["by"] == "p12" and data["analyses"]["legal"]["recorded_by"] == "user-p12"
    assert [(h["status"], h["by"], h["source"]) for h in data["history"]] == [
        ("requested", None, "register"), ("technical_review", "p04", "store"), ("legal_review", "p04", "store"),
        ("awaiting_decision", "p04", "store")]
    assert isinstance(data["findings"], list)
    with pytest.raises(NotFound):
        linkage_view(catalog, store, "LNK-NOPE", register)


def test_import_records_the_register_once_audited_and_the_store_decides_from_then_on(env):
    catalog, register, store = env
    with pytest.raises(PermissionDenied):
        import_register(catalog, register, store, person(catalog, "p08"))
    assert counts(store) == (0, 0, 0)
    analyst = person(catalog, "p04")
    result = import_register(catalog, register, store, analyst)
    assert set(result.imported) == {"LNK-OK", "LNK-PII", "LNK-OLD"}
    assert result.imported["LNK-OLD"] == {"status": "approved", "steps": 5, "analyses": 2}
    written = counts(store)
    assert written == (1 + 1 + 5, 2, 3)
    assert [r.object_id for r in audits(store, "linkage.import")] == ["LNK-OK", "LNK-OLD", "LNK-PII"]
    # idempotent: a second import writes nothing
    again = import_register(catalog, register, store, analyst)
    assert again.imported == {} and sorted(again.already) == ["LNK-OK", "LNK-OLD", "LNK-PII"]
    assert counts(store) == written
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(LinkageImport)) == 3
    # from now on the YAML's steps no longer move the linkage: the store is the system of record
    view = linkage_view(catalog, store, "LNK-OLD", register)
    assert view.state.imported and view.state.status == "approved"
    assert view.state.analysis("technical").source == "import" and view.state.analysis("technical").by == "p04"
    # and the Director goes on from the imported state
    record_transition(catalog, register, store, person(catalog, "p10"), "LNK-OLD", "suspended", "ระงับชั่วคราว",
                      D(2026, 4, 1))
    assert current_states(register, store)["LNK-OLD"].status == "suspended"


def test_two_directors_deciding_at_once_record_one_decision(env, store_url):
    import threading

    catalog, register, store = env
    to_decision(catalog, register, store, "LNK-OK")
    director = person(catalog, "p10")
    outcomes: list[str] = []

    def decide(target: str) -> None:
        own = open_store(store_url, migrate=False)
        try:
            record_transition(catalog, register, own, director, "LNK-OK", target, "n", D(2026, 3, 25))
            outcomes.append("recorded")
        except StateConflict:
            outcomes.append("refused")
        finally:
            own.close()

    threads = [threading.Thread(target=decide, args=(t,)) for t in ("approved", "rejected", "approved", "returned")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["recorded", "refused", "refused", "refused"]
    assert len(audits(store, "linkage.decide")) == 1


def test_an_analysis_keeps_its_evidence_file_which_must_be_the_linkages(env, tmp_path, monkeypatch):
    from khlang.evidence import store_evidence

    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    catalog, register, store = env
    analyst = person(catalog, "p04")
    record_transition(catalog, register, store, analyst, "LNK-OK", "technical_review", "n", D(2026, 3, 3))
    memo = store_evidence(store, analyst, b"%PDF-1.4\n% memo\n", "บันทึกวิเคราะห์.pdf", subject_type="linkage",
                          subject_id="LNK-OK")
    other = store_evidence(store, analyst, b"%PDF-1.4\n% other\n", "other.pdf", subject_type="linkage",
                           subject_id="LNK-PII")
    before = counts(store)
    with pytest.raises(GovernanceError, match="no evidence file 'f00'"):
        record_analysis(catalog, register, store, analyst, "LNK-OK", "technical", reference="x",
                        completed_on=D(2026, 3, 9), evidence_id="f00")
    with pytest.raises(GovernanceError, match="attached to linkage LNK-PII, not to linkage LNK-OK"):
        record_analysis(catalog, register, store, analyst, "LNK-OK", "technical", reference="x",
                        completed_on=D(2026, 3, 9), evidence_id=other.id)
    assert counts(store) == before
    a = record_analysis(catalog, register, store, analyst, "LNK-OK", "technical", reference="สทด. 3/2569",
                        completed_on=D(2026, 3, 9), evidence_id=memo.id)
    assert a.evidence_id == memo.id
    view = linkage_view(catalog, store, "LNK-OK", register).to_dict()
    assert view["analyses"]["technical"]["evidence_id"] == memo.id
    assert audits(store, "linkage.analysis.technical")[-1].after["evidence_id"] == memo.id
