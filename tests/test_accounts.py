"""สงพท.-04 user registration: the quarterly account report and the annual review circular with its replies."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from khlang.accounts.quarterly import account_report
from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.governance.periods import parse_period
from khlang.quality.security import load_access_register

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    dst = tmp_path_factory.mktemp("acc") / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return load_catalog(dst)


@pytest.fixture(scope="module")
def register(catalog):
    return load_access_register(catalog)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ----------------------------------------------------------------------------- the quarterly report
def test_the_quarter_of_the_sample_counts_what_access_yaml_dates_say(catalog, register):
    q4 = account_report(catalog, register, parse_period("2569Q4"))
    assert (q4["period"]["start"], q4["period"]["end"], q4["period"]["start_be"]) == \
        ("2026-10-01", "2026-12-31", "1 ต.ค. 2569")
    # p12 read warehouses from 5 Oct and was revoked on 20 Nov; the auditor general's read of grades expires 31 Dec
    assert q4["totals"] == {"created": 1, "changed": 0, "removed": 2, "in_force": len(register.grants) - 2}
    assert [(e["event"], e["grantee"], e["dataset"], e["on_be"], e["how"]) for e in q4["entries"]] == [
        ("created", "p12", "warehouses", "5 ต.ค. 2569", None),
        ("removed", "p12", "warehouses", "20 พ.ย. 2569", "revoked"),
        ("removed", "oag", "grades", "31 ธ.ค. 2569", "expired")]
    units = {u["unit"]: u for u in q4["units"]}
    assert (units["LEG"]["created"], units["LEG"]["removed"], units["LEG"]["in_force"]) == (1, 1, 0)
    assert units["external"]["removed"] == 1 and units["LEG"]["unit_name"] == "ฝ่ายกฎหมาย"
    assert q4["headings"]["created"] == {"th": "เพิ่มสิทธิ์", "en": "Created"}


def test_other_quarters_created_and_reviewed(catalog, register):
    q1 = account_report(catalog, register, parse_period("2026Q1"))
    assert {(e["grantee"], e["on"]) for e in q1["entries"] if e["event"] == "created"} == {
        ("siam_audit", "2026-01-10"), ("oag", "2026-02-01"), ("p08", "2026-03-02")}
    assert q1["totals"]["changed"] == 0 and q1["totals"]["removed"] == 0
    q3 = account_report(catalog, register, parse_period("2569Q3"))
    # the annual review: 25 grants reviewed in July–September 2026 (grep reviewed_on 2026-0[789] / 2569-0[789])
    assert q3["totals"]["changed"] == 25 and q3["totals"]["created"] == 0
    p01 = next(e for e in q3["entries"] if e["grantee"] == "p01" and e["dataset"] == "warehouses")
    assert (p01["on"], p01["by"]) == ("2026-09-12", "p01")  # a B.E. date in access.yaml, read as C.E.


def test_the_cli_prints_the_report_as_table_and_json(khlang_env, capsys):
    code, out, _ = run(capsys, "security", "accounts", "--quarter", "2569Q4", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["created"] == 1 and data["period"]["code"] == "2026Q4"
    code, out, _ = run(capsys, "security", "accounts", "--quarter", "2026Q4")
    assert code == 0
    assert "เพิ่มสิทธิ์ (Created)" in out and "ยกเลิกสิทธิ์ (Removed)" in out and "20 พ.ย. 2569" in out
    assert "ไตรมาส 4/2569" in out
    code, _, err = run(capsys, "security", "accounts", "--quarter", "2569-11")
    assert code == 2 and "a quarter like 2569Q4" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- the annual review circular
@pytest.fixture
def store(tmp_path):
    from khlang.store import open_store

    return open_store(f"sqlite:///{tmp_path / 'store.db'}")


def _actor(catalog, person: str):
    from khlang.identity import actor_for

    return actor_for(catalog, person, f"user-{person}")


def _counts(store) -> tuple[int, int]:
    from sqlalchemy import func, select

    from khlang.accounts.records import ReviewReply
    from khlang.identity.records import AuditEntry

    with store.reading() as s:
        return (s.scalar(select(func.count()).select_from(ReviewReply)),
                s.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.action == "accounts.review_reply")))


def test_the_circular_asks_the_offices_holding_grants_and_only_the_dt_section_sends_it(catalog, register, store):
    from khlang.accounts.reviews import issue_circular, review_status
    from khlang.governance.people import StateConflict
    from khlang.identity import PermissionDenied

    with pytest.raises(PermissionDenied, match="issue the annual account review circular"):
        issue_circular(catalog, store, _actor(catalog, "p06"), register, cycle=2026, issued_on=dt.date(2026, 8, 15))
    done = issue_circular(catalog, store, _actor(catalog, "p03"), register, cycle=2026,
                          issued_on=dt.date(2026, 8, 15), document_number="อคส. DTD/2569/88")
    # offices whose active people or unit groups hold grants on 15 Aug 2026 (p09 of DBA has left; p04 is DBA too)
    assert done["units"] == ["DBA", "DTD", "DTO", "FIN", "STR", "TRD", "WHS"]
    assert (done["reply_by"], done["reply_by_be"], done["deadline_be"]) == ("2026-09-29", "29 ก.ย. 2569",
                                                                            "30 ก.ย. 2569")
    with pytest.raises(StateConflict):
        issue_circular(catalog, store, _actor(catalog, "p04"), register, cycle=2026, issued_on=dt.date(2026, 8, 16))
    status = review_status(catalog, store, 2026, dt.date(2026, 9, 1))
    assert {o["state"] for o in status["offices"]} == {"waiting"}


def test_a_reply_is_refused_for_the_wrong_person_accepted_once_and_audited(catalog, register, store, tmp_path):
    from sqlalchemy import select

    from khlang.accounts.reviews import issue_circular, record_reply, review_status
    from khlang.governance.people import StateConflict
    from khlang.identity import PermissionDenied
    from khlang.identity.records import AuditEntry

    issue_circular(catalog, store, _actor(catalog, "p03"), register, cycle=2026, issued_on=dt.date(2026, 8, 15))
    for wrong in ("p08", "p06", "p01"):  # Finance's accountant, a steward of another unit, another unit's head
        with pytest.raises(PermissionDenied, match="record the office's account review"):
            record_reply(catalog, store, _actor(catalog, wrong), cycle=2026, unit="STR",
                         reviewed_on=dt.date(2026, 9, 20), note="ไม่ถูกต้อง")
    assert _counts(store) == (0, 0), "refused: nothing written, nothing audited"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    reply = record_reply(catalog, store, _actor(catalog, "p07"), cycle=2026, unit="STR",
                         reviewed_on=dt.date(2026, 9, 20), note="ทบทวนแล้ว ไม่มีการเปลี่ยนแปลง (reviewed, no change)",
                         evidence=(pdf, "str-review.pdf"))
    assert (reply["unit"], reply["by"], reply["reviewed_on_be"]) == ("STR", "p07", "20 ก.ย. 2569")
    assert reply["evidence_id"]
    with pytest.raises(StateConflict, match="already replied"):
        record_reply(catalog, store, _actor(catalog, "p07"), cycle=2026, unit="STR", reviewed_on=dt.date(2026, 9, 21))
    # a steward working in the unit may reply for it: p06 for the Warehouse Department
    record_reply(catalog, store, _actor(catalog, "p06"), cycle=2026, unit="WHS", reviewed_on=dt.date(2026, 9, 25))
    # DBA has no head of its own: the head of the unit above (DTO, p02) answers for it
    record_reply(catalog, store, _actor(catalog, "p02"), cycle=2026, unit="DBA", reviewed_on=dt.date(2026, 9, 25))
    assert _counts(store) == (3, 3)
    with store.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.object_id == "2026:STR")).one()
    assert (entry.person, entry.after["reviewed_on"], entry.after["note"]) == ("p07", "2026-09-20", reply["note"])
    status = {o["unit"]: o["state"] for o in review_status(catalog, store, 2026, dt.date(2026, 10, 1))["offices"]}
    assert status == {"DBA": "replied", "DTD": "overdue", "DTO": "overdue", "FIN": "overdue", "STR": "replied",
                      "TRD": "overdue", "WHS": "replied"}


def test_an_office_that_did_not_reply_is_an_issue_of_that_office_assigned_to_its_head(khlang_env, register):
    from khlang.accounts.reviews import issue_circular, record_reply
    from khlang.config import settings
    from khlang.governance.sync import sync_issues
    from khlang.governance.views import issue_views
    from khlang.store import open_store

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(settings().store_url)
    issue_circular(catalog, store, _actor(catalog, "p03"), register, cycle=2026, issued_on=dt.date(2026, 8, 15))
    heads = {"DBA": "p02", "DTD": "p03", "DTO": "p02", "FIN": "p10", "TRD": "p05", "WHS": "p01"}  # all but STR
    for unit, head in heads.items():
        record_reply(catalog, store, _actor(catalog, head), cycle=2026, unit=unit, reviewed_on=dt.date(2026, 9, 20))
    assert not [v for v in issue_views(store) if v.source == "account_review"]
    sync_issues(catalog, store, "i0", dt.date(2026, 9, 29))  # within the 45 days: nothing yet
    assert not [v for v in issue_views(store) if v.source == "account_review"]
    sync_issues(catalog, store, "i1", dt.date(2026, 9, 30))
    overdue = [v for v in issue_views(store) if any(m.get("finding") == "accounts:review_reply_overdue"
                                                    for m in v.findings)]
    assert len(overdue) == 1, "one issue per late office, not one per dataset its people read"
    [issue] = overdue
    assert (issue.unit, issue.dataset, issue.status) == ("STR", None, "open")
    assert {a["person"] for a in issue.assignees} == {"p07"}  # the head of Policy & Planning
    # STR replies (late): the next sync resolves the office's issue
    record_reply(catalog, store, _actor(catalog, "p07"), cycle=2026, unit="STR", reviewed_on=dt.date(2026, 10, 2))
    changed = sync_issues(catalog, store, "i2", dt.date(2026, 10, 3))
    assert issue.id in changed["resolved"]


def test_the_cli_records_the_circular_and_replies_as_the_signed_in_person(khlang_env, login, capsys, tmp_path):
    login("p03")
    code, out, err = run(capsys, "security", "circular", "--cycle", "2569", "--issued-on", "15/08/2569",
                         "--number", "อคส. DTD/2569/88", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["reply_by"] == "2026-09-29"
    login("p08")  # Finance's accountant may not answer for Policy & Planning
    code, _, err = run(capsys, "security", "reply", "STR", "--cycle", "2569", "--reviewed-on", "2569-09-20")
    assert code == 3 and "ไม่มีสิทธิ์" in err and "Traceback" not in err
    evidence = tmp_path / "str.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    login("p07")
    code, out, err = run(capsys, "security", "reply", "STR", "--cycle", "2569", "--reviewed-on", "2569-09-20",
                         "--note", "ทบทวนแล้ว", "--evidence", str(evidence))
    assert code == 0, err
    assert "20 ก.ย. 2569" in out and "p07" in out
    code, _, err = run(capsys, "security", "reply", "STR", "--cycle", "2569", "--reviewed-on", "2569-09-21")
    assert code == 2 and "already replied" in err
    code, out, _ = run(capsys, "security", "replies", "--cycle", "2569", "--as-of", "2569-10-01", "--format", "json")
    states = {o["unit"]: o["state"] for o in json.loads(out)["offices"]}
    assert states["STR"] == "replied" and states["WHS"] == "overdue"
    code, out, _ = run(capsys, "security", "replies", "--cycle", "2569", "--as-of", "2569-10-01")
    assert "เกินกำหนด (overdue)" in out and "ตอบแล้ว (replied)" in out


def test_who_may_reply_for_each_office_generated_from_the_sample(catalog):
    """Every active person × every unit: the unit's head (else the head above it) or a steward working there."""
    from khlang.identity import allowed

    def head_of(unit: str) -> str | None:
        while unit:
            decl = catalog.units[unit]
            if decl.head and catalog.people[decl.head].active:
                return decl.head
            unit = decl.parent or ""
        return None

    stewards = {ds.steward for ds in catalog.datasets.values() if ds.steward}
    cases = 0
    for pid, person in catalog.people.items():
        if not person.active:
            continue
        for unit in catalog.units:
            expected = pid == head_of(unit) or (pid in stewards and person.unit == unit)
            assert allowed(catalog, _actor(catalog, pid), "accounts.review_reply", unit=unit) is expected, (pid, unit)
            cases += 1
    assert cases == 13 * len(catalog.units)
    assert allowed(catalog, _actor(catalog, "p02"), "accounts.review_reply", unit="DBA")  # DBA has no head
    assert not allowed(catalog, _actor(catalog, "p04"), "accounts.review_reply", unit="DBA")
    assert allowed(catalog, _actor(catalog, "p04"), "accounts.circular")  # a DT analyst
    assert not allowed(catalog, _actor(catalog, "p01"), "accounts.circular")
