"""The EA process (สงพท.-10, issue 13): a version's records made by the right people, in the procedure's order, each
step tracked against its control point; the Director alone endorses or returns (anyone else is refused and nothing
is written); the value assessment, the perception survey on the PIR engine, the feed-back into the next version;
overdue steps as findings in the one register and the Director's pending endorsement as a committee decision."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.ea import perception, process, value
from khlang.ea.process_records import EaRecord, EaVersion
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.identity import PermissionDenied, actor_for
from khlang.identity.records import AuditEntry
from khlang.sample.seeds import ea as demo
from khlang.store import open_store

D = dt.date
AS_OF = D(2026, 11, 25)


@pytest.fixture
def env(khlang_env, store_url):
    catalog = load_catalog(khlang_env / "catalog")
    store = open_store(store_url)
    yield catalog, store
    store.close()


def who(catalog, pid: str):
    return actor_for(catalog, pid, f"user-{pid}", (), "console")


def counts(store) -> tuple[int, int, int]:
    with store.reading() as s:
        return (s.scalar(select(func.count()).select_from(EaVersion)),  # type: ignore[return-value]
                s.scalar(select(func.count()).select_from(EaRecord)),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def _to_submission(catalog, store) -> None:
    head = who(catalog, "p03")
    process.open_version(catalog, store, head, "EA2570", "สถาปัตยกรรมองค์กร 2570", on=D(2026, 6, 1))
    process.appoint_working_group(catalog, store, head, "EA2570", order_no="214/2569", order_date=D(2026, 6, 3),
                                  signed_by="p10", members=demo.MEMBERS, on=D(2026, 6, 4),
                                  evidence=(demo.ORDER_PDF, "order.pdf"))
    process.record_plan(catalog, store, head, "EA2570", activities=demo.PLAN, on=D(2026, 6, 20))
    process.take_snapshot(catalog, store, who(catalog, "p04"), "EA2570", on=D(2026, 7, 15))
    process.record_tech_survey(catalog, store, head, "EA2570", unit="WHS", respondents=5, systems_used=["WMS"],
                               comments=["ช้า"], on=D(2026, 7, 20))
    process.submit_draft(catalog, store, head, "EA2570", on=D(2026, 8, 20))


def test_the_working_group_plan_snapshot_and_survey_are_recorded_with_their_evidence(env):
    catalog, store = env
    _to_submission(catalog, store)
    rec = process.version_record(store, "EA2570", AS_OF)
    wg = rec["working_group"]
    assert (wg["order_no"], wg["order_date"], wg["signed_by"], wg["recorded_by"]) == ("214/2569", "2026-06-03", "p10",
                                                                                     "p03")
    assert {m["person"]: m["role"] for m in wg["members"]}["p03"] == "chair"
    assert {"WHS", "TRD", "STR", "FIN"} <= set(wg["units"])
    from khlang.evidence.store import open_evidence

    evidence, data = open_evidence(store, catalog, who(catalog, "p04"), wg["evidence_id"])
    assert data == demo.ORDER_PDF and evidence.subject_type == "ea_version" and evidence.subject_id == "EA2570"
    with pytest.raises(PermissionDenied):  # the order is not for everyone: a warehouse analyst may not open it
        open_evidence(store, catalog, who(catalog, "p06"), wg["evidence_id"])
    assert [a["activity"] for a in rec["plan"]] == [a["activity"] for a in demo.PLAN]
    # the snapshot: the inventory, the catalogue and the lineage as of its date, identified by its sha256
    doc, sha = process.snapshot_document(store, "EA2570")  # type: ignore[misc]
    assert doc["taken_on"] == "2026-07-15" and {s["code"] for s in doc["systems"]} >= {"WMS", "DW", "LEGACY_WMS"}
    assert {"from": "stock_movements", "to": "monthly_commodity_summary"} in doc["lineage"]
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    assert sha == hashlib.sha256(text.encode()).hexdigest() == rec["snapshot"]["sha256"]
    assert rec["tech_surveys"][0]["unit"] == "WHS" and rec["status"] == "submitted"
    steps = {s["code"]: s for s in rec["steps"]}
    assert steps["working_group"]["due_on"] == "2026-06-06" and steps["working_group"]["state"] == "done"
    assert steps["plan"]["started_on"] == "2026-06-04" and steps["plan"]["due_on"] == "2026-07-04"
    assert steps["current_state"]["done_on"] == "2026-07-20" and steps["current_state"]["days"] == 60
    assert steps["endorsement"]["started_on"] == "2026-08-20" and steps["endorsement"]["due_on"] == "2026-09-04"
    assert steps["endorsement"]["state"] == "overdue" and steps["endorsement"]["days_late"] == 82


def test_bad_input_and_steps_out_of_order_write_nothing(env):
    catalog, store = env
    head = who(catalog, "p03")
    process.open_version(catalog, store, head, "EA2570", "EA 2570", on=D(2026, 6, 1))
    before = counts(store)
    with pytest.raises(StateConflict):  # a plan before the working group
        process.record_plan(catalog, store, head, "EA2570", activities=demo.PLAN, on=D(2026, 6, 2))
    with pytest.raises(GovernanceError, match="chair"):
        process.appoint_working_group(catalog, store, head, "EA2570", order_no="1", order_date=D(2026, 6, 1),
                                      signed_by="p10", members=[{"person": "p01"}, {"person": "p05"}],
                                      on=D(2026, 6, 2))
    with pytest.raises(GovernanceError, match="p09"):  # someone who has left
        process.appoint_working_group(catalog, store, head, "EA2570", order_no="1", order_date=D(2026, 6, 1),
                                      signed_by="p10", members=[{"person": "p09", "role": "chair"}],
                                      on=D(2026, 6, 2))
    with pytest.raises(GovernanceError, match="business offices"):
        process.appoint_working_group(catalog, store, head, "EA2570", order_no="1", order_date=D(2026, 6, 1),
                                      signed_by="p10", members=[{"person": "p03", "role": "chair"},
                                                                {"person": "p04"}], on=D(2026, 6, 2))
    with pytest.raises(GovernanceError):  # in the future
        process.open_version(catalog, store, head, "EA2599", "x", on=D(2099, 1, 1))
    with pytest.raises(StateConflict):
        process.open_version(catalog, store, head, "EA2570", "again", on=D(2026, 6, 1))
    with pytest.raises(NotFound):
        process.submit_draft(catalog, store, head, "EA9999", on=D(2026, 6, 1))
    with pytest.raises(PermissionDenied):  # only สงพท. records the review's work
        process.open_version(catalog, store, who(catalog, "p01"), "EA2571", "x", on=D(2026, 6, 1))
    assert counts(store) == before


@pytest.mark.parametrize("pid", ["p03", "p04", "p01", "p02", "p11", "p14", "p13"])
def test_only_the_director_endorses_or_returns_and_a_refusal_writes_nothing(env, pid):
    catalog, store = env
    _to_submission(catalog, store)
    before = counts(store)
    with pytest.raises(PermissionDenied):
        process.endorse(catalog, store, who(catalog, pid), "EA2570", on=D(2026, 8, 25))
    with pytest.raises(PermissionDenied):
        process.return_draft(catalog, store, who(catalog, pid), "EA2570", on=D(2026, 8, 25), comments="แก้")
    assert counts(store) == before
    assert process.version_record(store, "EA2570")["status"] == "submitted"
    assert process.available_actions(catalog, store, who(catalog, pid), "EA2570") in ([], ["snapshot", "tech_survey"])


def test_the_director_returns_with_comments_then_endorses_the_revision(env):
    catalog, store = env
    _to_submission(catalog, store)
    director, head = who(catalog, "p10"), who(catalog, "p03")
    assert process.available_actions(catalog, store, director, "EA2570") == ["endorse", "return"]
    with pytest.raises(GovernanceError, match="comments"):
        process.return_draft(catalog, store, director, "EA2570", on=D(2026, 8, 28), comments="  ")
    process.return_draft(catalog, store, director, "EA2570", on=D(2026, 8, 28), comments="เพิ่มแผนยกเลิกระบบเดิม")
    assert process.version_record(store, "EA2570", AS_OF)["status"] == "returned"
    step5 = next(s for s in process.version_record(store, "EA2570", AS_OF)["steps"] if s["code"] == "endorsement")
    assert step5["state"] == "returned" and step5["due_on"] is None  # being revised: not the Director's delay
    with pytest.raises(StateConflict):  # nothing waits for the Director now
        process.endorse(catalog, store, director, "EA2570", on=D(2026, 8, 29))
    process.submit_draft(catalog, store, head, "EA2570", on=D(2026, 9, 5), note="ฉบับปรับปรุง")
    with pytest.raises(StateConflict):
        process.submit_draft(catalog, store, head, "EA2570", on=D(2026, 9, 6))
    process.endorse(catalog, store, director, "EA2570", on=D(2026, 9, 12), note="เห็นชอบ")
    rec = process.version_record(store, "EA2570", AS_OF)
    assert (rec["status"], rec["endorsed_by"], rec["endorsed_on"]) == ("endorsed", "p10", "2026-09-12")
    assert rec["returns"] == [{"on": "2026-08-28", "by": "p10", "comments": "เพิ่มแผนยกเลิกระบบเดิม"}]
    assert [s["on"] for s in rec["submissions"]] == ["2026-08-20", "2026-09-05"]
    step5 = next(s for s in rec["steps"] if s["code"] == "endorsement")
    assert (step5["state"], step5["started_on"], step5["done_on"]) == ("done", "2026-09-05", "2026-09-12")
    with store.reading() as s:
        actions = [(a.action, a.person) for a in s.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "ea_version").order_by(AuditEntry.id))]
    assert ("ea.endorse", "p10") in actions and actions.count(("ea.endorse", "p10")) == 2


def test_the_demo_records_every_step_by_its_person_and_feeds_the_next_version(env):
    catalog, store = env
    done = demo.ea_review(catalog, store)
    assert done == {"versions": 2, "returns": 1, "responses": 7, "carried items": 7}
    assert demo.ea_review(catalog, store) == {}  # idempotent
    rec = process.version_record(store, "EA2570", AS_OF)
    assert rec["status"] == "fed_back" and all(s["state"] == "done" for s in rec["steps"])
    with store.reading() as s:
        by_kind = {(r.kind, r.by) for r in s.scalars(select(EaRecord).where(EaRecord.version == "EA2570"))}
    assert {("returned", "p10"), ("endorsed", "p10"), ("working_group", "p03"), ("snapshot", "p04"),
            ("value_score", "p01"), ("value_score", "p08"), ("perception_response", "p06")} <= by_kind
    # the value assessment: costs, use and the owners' scores; the legacy system is out of line
    va = rec["value_assessment"]
    ranked = {r["system"]: r for r in va["systems"]}
    assert ranked["WMS"]["rank"] == 1 and ranked["WMS"]["value"] == 5.0 and ranked["WMS"]["transactions"] == 11494
    assert ranked["WMS"]["cost"]["total"] == 1_560_000 and ranked["WMS"]["cost_per_use"] == round(1_560_000 / 11494, 2)
    assert va["out_of_line"] == ["LEGACY_WMS"]
    assert set(ranked["LEGACY_WMS"]["flags"]) == {"cost_per_use_high", "low_value_high_cost"}
    # the perception survey: 5 answers in the console and 2 imported, per unit with response rates
    score = rec["perception"]["score"]
    assert score["responses"] == 7 and score["invited"] == 10 and score["response_rate"] == 0.7
    units = {u["unit"]: u for u in score["units"]}
    assert (units["WHS"]["responses"], units["WHS"]["invited"]) == (4, 5)  # 2 in the console + 3 of the CSV invited
    assert units["LEG"]["response_rate"] == 0.0
    assert score["overall"]["level"] == "high" and score["overall"]["mean"] == round(120 / 35, 4)
    # feed-back: the low questions, the silent units and the out-of-line system are the next plan's items
    nxt = process.version_record(store, "EA2571", AS_OF)
    refs = {(i["from"], i["ref"]) for i in nxt["plan"]}
    assert {("perception", "q3"), ("perception", "LEG"), ("value_assessment", "LEGACY_WMS")} <= refs
    assert nxt["previous"] == "EA2570" and all(i["source"] == "feedback" for i in nxt["plan"])
    # EA2571's working group was due 5 days after it opened: an overdue step, a finding
    late = process.overdue_steps(store, AS_OF)
    assert [(s["version"], s["code"], s["due_on"]) for s in late] == [("EA2571", "working_group", D(2026, 10, 25))]


def test_only_a_systems_owners_score_its_value(env):
    catalog, store = env
    _to_submission(catalog, store)
    for fn, pid in ((process.endorse, "p10"),):
        fn(catalog, store, who(catalog, pid), "EA2570", on=D(2026, 9, 1))
    head = who(catalog, "p03")
    with pytest.raises(StateConflict):  # before the guideline
        value.score_value(catalog, store, who(catalog, "p01"), "EA2570", system="WMS", score=4, on=D(2026, 9, 2))
    process.inform_committee(catalog, store, head, "EA2570", on=D(2026, 9, 2), meeting="3/2569")
    process.record_guideline(catalog, store, head, "EA2570", on=D(2026, 9, 3), guideline="ใช้ EA ในทุกโครงการ")
    before = counts(store)
    for pid in ("p05", "p10", "p04"):  # not WMS's owners (p01 business, p03 digital)
        with pytest.raises(PermissionDenied):
            value.score_value(catalog, store, who(catalog, pid), "EA2570", system="WMS", score=5, on=D(2026, 9, 4))
    with pytest.raises(GovernanceError):
        value.score_value(catalog, store, who(catalog, "p01"), "EA2570", system="WMS", score=6, on=D(2026, 9, 4))
    assert counts(store) == before
    assert value.available_scores(catalog, store, who(catalog, "p01"), "EA2570") == ["EDEPOSIT", "LEGACY_WMS", "WMS"]
    value.score_value(catalog, store, who(catalog, "p01"), "EA2570", system="WMS", score=2, on=D(2026, 9, 4))
    value.score_value(catalog, store, who(catalog, "p01"), "EA2570", system="WMS", score=4, on=D(2026, 9, 5))
    rows = {r["system"]: r for r in value.assessment(catalog, process.records(store, "EA2570"))["systems"]}
    assert rows["WMS"]["value"] == 4.0 and rows["WMS"]["scored_by"] == ["p01"]  # a later score replaces theirs


def test_costs_file_errors_name_the_file_line_and_field(env, khlang_env):
    from khlang.declarations.loader import DeclarationError
    from khlang.declarations.systems import load_systems

    catalog, _store = env
    path = khlang_env / "catalog" / "ea_costs.yaml"
    path.write_text("costs:\n  - {system: WMS, year: 2569, support: 10}\n  - {system: NOPE, year: 2569}\n"
                    "  - {system: WMS, year: 2569, hosting: -1}\n", encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        value.load_costs(catalog, load_systems(catalog))
    text = str(err.value)
    assert "ea_costs.yaml:3" in text and "NOPE" in text and "ea_costs.yaml:4" in text and "hosting" in text


def test_the_perception_survey_takes_each_invited_person_once_and_a_csv_on_the_pir_engine(env, tmp_path):
    catalog, store = env
    _to_submission(catalog, store)
    head, director = who(catalog, "p03"), who(catalog, "p10")
    process.endorse(catalog, store, director, "EA2570", on=D(2026, 9, 1))
    process.inform_committee(catalog, store, head, "EA2570", on=D(2026, 9, 2), meeting="3/2569")
    process.record_guideline(catalog, store, head, "EA2570", on=D(2026, 9, 3), guideline="ใช้ EA")
    with pytest.raises(StateConflict):  # the survey follows the value assessment
        perception.open_survey(catalog, store, head, "EA2570", invited=["p01"], on=D(2026, 9, 4))
    value.close_assessment(catalog, store, head, "EA2570", on=D(2026, 9, 4))
    perception.open_survey(catalog, store, head, "EA2570", invited=["p01", "p05"], on=D(2026, 9, 5))
    before = counts(store)
    with pytest.raises(PermissionDenied):  # not invited
        perception.answer(catalog, store, who(catalog, "p06"), "EA2570", answers=[3] * 5, on=D(2026, 9, 6))
    with pytest.raises(GovernanceError):
        perception.answer(catalog, store, who(catalog, "p01"), "EA2570", answers=[3] * 4, on=D(2026, 9, 6))
    assert counts(store) == before
    assert perception.may_answer(catalog, store, who(catalog, "p01"), "EA2570") == list(perception.QUESTIONS)
    perception.answer(catalog, store, who(catalog, "p01"), "EA2570", answers=[5, 4, None, 4, 5], on=D(2026, 9, 6))
    with pytest.raises(StateConflict):
        perception.answer(catalog, store, who(catalog, "p01"), "EA2570", answers=[1] * 5, on=D(2026, 9, 6))
    assert perception.may_answer(catalog, store, who(catalog, "p01"), "EA2570") is None
    bad = tmp_path / "bad.csv"
    bad.write_text("หน่วยงาน,ข้อ 1,ข้อ 2,ข้อ 3,ข้อ 4,ข้อ 5\nฝ่ายการค้า,4,4,9,4,4\n", encoding="utf-8")
    from khlang.pir.survey import SurveyError

    with pytest.raises(SurveyError, match=r"bad.csv:2: column 4"):
        perception.import_csv(catalog, store, head, "EA2570", bad, on=D(2026, 9, 7))
    good = tmp_path / "trd.csv"
    good.write_text("# invited: TRD=4\nหน่วยงาน,ข้อ 1,ข้อ 2,ข้อ 3,ข้อ 4,ข้อ 5\nTRD,๔,มาก,3,2,น้อยที่สุด\n",
                    encoding="utf-8")
    assert perception.import_csv(catalog, store, head, "EA2570", good, on=D(2026, 9, 7))["responses"] == 1
    with pytest.raises(StateConflict):
        perception.import_csv(catalog, store, head, "EA2570", good, on=D(2026, 9, 7))
    closed = perception.close_survey(catalog, store, head, "EA2570", on=D(2026, 9, 8))
    assert (closed["responses"], closed["response_rate"]) == (2, round(2 / 6, 4))
    units = {u["unit"]: u for u in process.version_record(store, "EA2570")["perception"]["score"]["units"]}
    assert (units["TRD"]["responses"], units["TRD"]["invited"]) == (1, 5)
    assert units["WHS"]["mean"] == 4.5


def test_overdue_steps_become_issues_and_the_pending_endorsement_a_decision(env):
    from khlang.governance.decisions import DECISION_SOURCES
    from khlang.governance.observations import SyncInputs
    from khlang.governance.operational import from_ea_process

    catalog, store = env
    _to_submission(catalog, store)
    obs = [o for o in from_ea_process(SyncInputs(catalog, store, AS_OF)) if o.failing]
    assert [(o.finding, o.subject, o.unit) for o in obs] == [("ea_process:step_overdue", "EA2570 step 5", "EXE")]
    assert "2026-09-04" in obs[0].evidence["due_on"]
    assert from_ea_process(SyncInputs(catalog, store, D(2026, 9, 1))) == []  # not yet late on 1 September

    class Ctx:
        def __init__(self) -> None:
            self.store, self.as_of, self.catalog = store, AS_OF, catalog

        def person(self, pid: str) -> dict:
            return {"id": pid, "active": True}

    found = list(DECISION_SOURCES["ea_endorsement"](Ctx()))  # type: ignore[arg-type]
    assert [(d.ref, d.due_on, d.since) for d in found] == [("EA2570", D(2026, 9, 4), D(2026, 8, 20))]
    assert found[0].deciders[0]["role"] == "director"
    process.endorse(catalog, store, who(catalog, "p10"), "EA2570", on=D(2026, 9, 12))
    assert list(DECISION_SOURCES["ea_endorsement"](Ctx())) == []  # type: ignore[arg-type]
    late = {o.subject for o in from_ea_process(SyncInputs(catalog, store, AS_OF)) if o.failing}
    assert late == {"EA2570 step 6"}  # endorsed 12 September: the committee was due to be told by the 27th


def test_the_issues_sync_files_an_overdue_step_for_its_unit(khlang_env):
    from khlang.config import settings
    from khlang.governance.service import sync

    catalog = load_catalog(khlang_env / "catalog")
    store = open_store(settings().store_url)
    _to_submission(catalog, store)
    sync("ea-late", AS_OF)
    from khlang.governance.records import Issue

    with store.reading() as s:
        issues = [(i.source, i.code, i.unit) for i in s.scalars(select(Issue).where(Issue.source == "ea_process"))]
    assert issues == [("ea_process", "step_overdue", "EXE")]


def test_the_command_records_as_the_signed_in_person(khlang_env, login, capsys, tmp_path):
    from khlang.cli import main

    login("p03")
    assert main(["ea", "open", "EA2570", "--title-th", "สถาปัตยกรรมองค์กร 2570", "--on", "2569-06-01"]) == 0
    order = tmp_path / "order.pdf"
    order.write_bytes(demo.ORDER_PDF)
    members = [f"--member={m['person']}:{m['role']}" for m in demo.MEMBERS]
    assert main(["ea", "working-group", "EA2570", "--order-no", "214/2569", "--order-date", "2569-06-03",
                 "--signed-by", "p10", *members, "--order-file", str(order), "--on", "2569-06-04"]) == 0
    plan = tmp_path / "plan.yaml"
    plan.write_text(json.dumps(demo.PLAN, ensure_ascii=False), encoding="utf-8")
    assert main(["ea", "plan", "EA2570", str(plan), "--on", "2569-06-20"]) == 0
    assert main(["ea", "snapshot", "EA2570", "--on", "2569-07-15"]) == 0
    assert main(["ea", "tech-survey", "EA2570", "--unit", "WHS", "--respondents", "3", "--system", "WMS",
                 "--comment", "ช้า", "--on", "2569-07-16"]) == 0
    assert main(["ea", "submit", "EA2570", "--on", "2569-08-20"]) == 0
    capsys.readouterr()
    assert main(["ea", "endorse", "EA2570"]) == 3  # not the Director
    assert "ผอก." in capsys.readouterr().err
    login("p10")
    assert main(["ea", "return", "EA2570", "--comments", "เพิ่มแผนยกเลิกระบบเดิม", "--on", "2569-08-28"]) == 0
    login("p03")
    assert main(["ea", "submit", "EA2570", "--on", "2569-09-05"]) == 0
    login("p10")
    assert main(["ea", "endorse", "EA2570", "--on", "2569-09-12"]) == 0
    capsys.readouterr()
    assert main(["ea", "show", "EA2570", "--format", "json", "--as-of", "2569-11-25"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["endorsed_by"], shown["endorsed_on"], len(shown["returns"])) == ("p10", "2026-09-12", 1)
    assert shown["working_group"]["evidence_id"]
    assert main(["ea", "show", "EA2570", "--as-of", "2569-11-25"]) == 0
    out = capsys.readouterr().out
    assert "ผอก. เห็นชอบแล้ว" in out and "เกินกำหนด" in out  # step 6 (inform the committee) is late
    assert main(["ea", "versions"]) == 0
    assert "EA2570" in capsys.readouterr().out


def test_an_unknown_version_is_an_error_not_a_trace(khlang_env, capsys):
    from khlang.cli import main

    assert main(["ea", "show", "EA1"]) != 0
    err = capsys.readouterr().err
    assert "unknown EA version 'EA1'" in err and "Traceback" not in err


def test_version_record_is_what_the_book_reads(env):
    catalog, store = env
    demo.ea_review(catalog, store)
    rec = process.version_record(store, "EA2570")
    assert {"title_th", "title_en", "status", "plan", "endorsed_by", "endorsed_on", "returns"} <= set(rec)
    assert rec["title_en"] == "PWO Enterprise Architecture 2570"


def test_the_committee_report_and_the_book_show_the_review(env, store_url, monkeypatch):
    from khlang.ea import book
    from khlang.ea.views import Architecture
    from khlang.ea.views_decl import load_ea
    from khlang.governance.operations import Context, ea_section

    catalog, store = env
    demo.ea_review(catalog, store)
    ctx = Context(catalog, store, None, AS_OF, [])  # type: ignore[arg-type]
    section = ea_section(ctx)
    assert section is not None
    by_code = {v["code"]: v for v in section["versions"]}
    assert by_code["EA2570"]["returns"] == 1 and by_code["EA2570"]["endorsed_on"] and not by_code["EA2570"]["overdue"]
    assert [s["code"] for s in by_code["EA2571"]["overdue"]] == ["working_group"]
    monkeypatch.setenv("KHLANG_STORE_URL", store_url)
    assert book.current_version(AS_OF) == "EA2570"  # the newest endorsed, not EA2571 still being drafted
    rec = book.stored_record("EA2570", AS_OF)
    assert rec is not None and book.stored_record("EA1999") is None
    model = book.book_model(Architecture(catalog, ctx.systems, load_ea(catalog, ctx.systems), AS_OF), "EA2570", rec)
    assert model["record"]["returns"][0]["by"] == "p10" and model["record"]["endorsed_by"] == "p10"
    assert model["record"]["plan"] and all(p["starts_on"] for p in model["record"]["plan"])
    from khlang.cli import main

    out = Path(os.environ["KHLANG_HOME"]) / "committee"
    assert main(["report", "build", "--no-pdf", "--as-of", "2026-11-25", "--out", str(out)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'data-version="EA2570"' in html and 'data-version="EA2571"' in html and "แต่งตั้งคณะทำงาน DT" in html

