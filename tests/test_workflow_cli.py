"""The linkage workflow and the policy decisions through the CLI, signed in with a token (issue 9), on SQLite and
PostgreSQL: the same permission rules as the library, exit codes 3 (refused) / 2 (bad input or state), nothing
written on a refusal, every write in the audit log with its actor."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from workflow_support import Cli

from khlang.identity.records import AuditEntry
from khlang.store import open_store

PEOPLE = ("p01", "p04", "p06", "p08", "p10", "p11", "p12", "p13", "p14")


@pytest.fixture
def cli(capsys, monkeypatch, khlang_env, store_url):
    monkeypatch.setenv("KHLANG_STORE_URL", store_url)
    cli = Cli(capsys, monkeypatch)
    cli.sign_in(*PEOPLE)  # accounts and tokens first: their audit rows are not the workflow's
    return cli


def audit_rows(store_url: str, action: str | None = None) -> list[AuditEntry]:
    store = open_store(store_url)
    try:
        with store.reading() as s:
            q = select(AuditEntry).order_by(AuditEntry.id)
            if action:
                q = q.where(AuditEntry.action == action)
            return list(s.scalars(q))
    finally:
        store.close()


def count(store_url: str) -> int:
    store = open_store(store_url)
    try:
        with store.reading() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry))
    finally:
        store.close()


def test_a_write_without_a_token_is_refused(cli, store_url):
    before = count(store_url)
    code, out, err = cli(None, "linkage", "transition", "LNK-2569-005", "approved", "--note", "x")
    assert code == 3 and out == "" and "khlang login" in err
    code, _, err = cli(None, "policy", "approve", "data_quality", "--on", "2569-11-20")
    assert code == 3 and "khlang login" in err
    assert count(store_url) == before


def test_the_director_approves_and_the_analyst_is_refused(cli, store_url):
    before = count(store_url)
    code, out, err = cli("p04", "linkage", "transition", "LNK-2569-005", "approved", "--note", "อนุมัติ",
                         "--on", "2569-11-24")
    assert code == 3 and out == "" and "decide a linkage" in err and "Traceback" not in err
    assert count(store_url) == before
    step = cli.json("p10", "linkage", "transition", "LNK-2569-005", "approved", "--note",
                    "อนุมัติตามบันทึก อคส. 0100/2569-311", "--on", "2569-11-24")
    assert (step["status"], step["by"], step["recorded_by"], step["channel"]) == ("approved", "p10", "user-p10", "cli")
    [row] = audit_rows(store_url, "linkage.decide")
    assert (row.person, row.username, row.channel, row.object_id) == ("p10", "user-p10", "cli", "LNK-2569-005")
    assert "@" in row.address  # os-user@hostname
    listed = {r["id"]: r for r in cli.json("p13", "linkage", "list")}
    assert listed["LNK-2569-005"]["status"] == "approved"


def test_the_analyses_then_the_decision_with_four_eyes(cli, store_url):
    """LNK-2569-006 is under technical review: p04 analyses it, the legal officer too, then the Director."""
    code, _, err = cli("p12", "linkage", "analysis", "LNK-2569-006", "technical", "--reference", "x", "--on",
                       "2569-11-20")
    assert code == 3 and "record the technical analysis" in err
    a = cli.json("p04", "linkage", "analysis", "LNK-2569-006", "technical", "--reference", "สทด. 0405/2569-070",
                 "--on", "2569-11-20", "--summary", "ส่งไฟล์ CSV รายเดือนผ่าน SFTP ได้")
    assert (a["by"], a["reference"], a["completed_on"]) == ("p04", "สทด. 0405/2569-070", "2026-11-20")
    assert cli.json("p04", "linkage", "transition", "LNK-2569-006", "legal_review", "--note", "ส่งฝ่ายกฎหมาย",
                    "--on", "2569-11-21")["status"] == "legal_review"
    cli.json("p12", "linkage", "analysis", "LNK-2569-006", "legal", "--reference", "ฝกม. 0302/2569-031",
             "--on", "2569-11-24")
    cli.json("p04", "linkage", "transition", "LNK-2569-006", "awaiting_decision", "--note", "เสนอ ผอก.",
             "--on", "2569-11-24")
    code, _, err = cli("p04", "linkage", "transition", "LNK-2569-006", "approved", "--note", "x", "--on", "2569-11-25")
    assert code == 3
    # the administrator records for the analyst who did the analysis: still four eyes
    code, _, err = cli("p14", "linkage", "transition", "LNK-2569-006", "approved", "--note", "x", "--on",
                       "2569-11-25", "--on-behalf-of", "p04", "--reason", "ผู้วิเคราะห์ขอให้บันทึกแทน")
    assert code == 3
    view = cli.json("p13", "linkage", "show", "LNK-2569-006")
    assert view["status"] == "awaiting_decision"
    assert view["analyses"]["technical"]["by"] == "p04" and view["analyses"]["legal"]["by"] == "p12"
    assert [h["by"] for h in view["history"] if h["source"] == "store"] == ["p04", "p04"]
    cli.json("p10", "linkage", "transition", "LNK-2569-006", "approved", "--note", "อนุมัติ", "--on", "2569-11-25")
    actions = [(r.action, r.person) for r in audit_rows(store_url) if r.object_type == "linkage"]
    assert actions == [("linkage.analysis.technical", "p04"), ("linkage.transition", "p04"),
                       ("linkage.analysis.legal", "p12"), ("linkage.transition", "p04"), ("linkage.decide", "p10")]


def test_exceeds_legal_basis_blocks_the_directors_approval(cli, store_url):
    """LNK-2569-012 sends depositors' personal data collected on contract under a consent basis."""
    cli.json("p06", "linkage", "analysis", "LNK-2569-012", "legal", "--reference", "ฝคส. 0201/2569-040",
             "--on", "2569-11-24")  # p06 works in WHS, the unit that owns the linkage
    cli.json("p04", "linkage", "transition", "LNK-2569-012", "awaiting_decision", "--note", "เสนอ ผอก.",
             "--on", "2569-11-24")
    before = count(store_url)
    code, out, err = cli("p10", "linkage", "transition", "LNK-2569-012", "approved", "--note", "อนุมัติ",
                         "--on", "2569-11-25")
    assert code == 2 and out == ""
    assert "cannot be approved" in err and "exceeds_legal_basis" in err and "depositors" in err
    assert count(store_url) == before
    returned = cli.json("p10", "linkage", "transition", "LNK-2569-012", "returned", "--note",
                        "ขอความยินยอมจากสมาชิกก่อน", "--on", "2569-11-25")
    assert returned["status"] == "returned"


def test_illegal_transition_exits_2_with_the_register_line(cli, khlang_env):
    path = khlang_env / "catalog" / "linkages.yaml"
    code, out, err = cli("p10", "linkage", "transition", "LNK-2569-007", "approved", "--note", "y")
    assert code == 2 and out == ""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - id: LNK-2569-007")
    line = next(i for i, t in enumerate(lines, 1) if i > start and t.strip() == "status: requested")
    assert f"{path}:{line}: linkages[6].status: illegal transition: cannot go from requested to approved " \
           "(allowed: technical_review)" in err


def test_import_once_by_dt_staff(cli, store_url):
    code, _, err = cli("p08", "linkage", "import")
    assert code == 3 and "import the linkage register" in err
    first = cli.json("p04", "linkage", "import")
    assert len(first["imported"]) == 13 and first["already_in_store"] == []
    again = cli.json("p04", "linkage", "import")
    assert again["imported"] == {} and len(again["already_in_store"]) == 13
    assert len(audit_rows(store_url, "linkage.import")) == 13
    view = cli.json("p13", "linkage", "show", "LNK-2566-010")
    assert view["imported"] and view["status"] == "suspended"
    assert {h["source"] for h in view["history"]} == {"import"}


def test_policy_approval_communication_and_self_assessment(cli, store_url):
    before = count(store_url)
    for pid in ("p04", "p11", "p01", "p13"):
        code, out, err = cli(pid, "policy", "approve", "data_quality", "--on", "2569-11-20")
        assert code == 3 and "approve a policy" in err, (pid, err)
    code, _, err = cli("p10", "policy", "approve", "data_quality", "--on", "2570-11-20")
    assert code == 2 and "in the future" in err
    assert count(store_url) == before
    approved = cli.json("p10", "policy", "approve", "data_quality", "--on", "2569-11-20", "--note",
                        "ทบทวนประจำปี อนุมัติตามบันทึก 0100/2569-400")
    assert (approved["by"], approved["approved_on"]) == ("p10", "2026-11-20")

    code, _, err = cli("p10", "policy", "communicate", "data_quality", "--channel", "circular", "--audience",
                       "internal", "--on", "2569-11-21")
    assert code == 3 and "record a policy communication" in err
    sent = cli.json("p11", "policy", "communicate", "data_quality", "--channel", "circular", "--audience",
                    "internal", "--on", "2569-11-21", "--note", "หนังสือเวียน ที่ อคส. 0100/ว 21")
    assert (sent["by"], sent["channel"], sent["audience"]) == ("p11", "circular", "internal")
    with pytest.raises(SystemExit) as exc:
        cli("p11", "policy", "communicate", "data_quality", "--channel", "fax", "--audience", "internal")
    assert exc.value.code == 2

    policies = {p["id"]: p for p in cli.json("p13", "policy", "list")}
    dq = policies["data_quality"]
    assert [a["source"] for a in dq["approvals"]] == ["register", "store"]
    assert dq["communications"][-1]["channel"] == "circular" and dq["communications"][-1]["by"] == "p11"

    code, _, err = cli("p08", "policy", "assess", "pdpa_training", "--unit", "WHS", "--result", "compliant",
                       "--evidence", "x", "--on", "2569-08-12")
    assert code == 3 and "record a self-assessment" in err
    done = cli.json("p06", "policy", "assess", "pdpa_training", "--unit", "WHS", "--result", "compliant",
                    "--evidence", "บันทึกการอบรม PDPA 12 ส.ค. 2569", "--on", "2569-08-12")
    assert done["assessed_by"] == "p06"
    # an administrator records for a unit's member, with a reason kept in the audit log
    behalf = cli.json("p14", "policy", "assess", "pdpa_training", "--unit", "FIN", "--result", "non_compliant",
                      "--evidence", "ยังไม่ได้จัดอบรม", "--on", "2569-11-01", "--on-behalf-of", "p08",
                      "--reason", "คุณสมบัติแจ้งทางอีเมลขณะลาป่วย")
    assert behalf["assessed_by"] == "p08"
    code, _, err = cli("p14", "policy", "assess", "pdpa_training", "--unit", "FIN", "--result", "compliant",
                       "--evidence", "x", "--on", "2569-11-01", "--on-behalf-of", "p08")
    assert code == 3 and "--reason" in err
    rows = [(r.action, r.person, r.on_behalf_of) for r in audit_rows(store_url) if r.action.startswith("policy.")]
    assert rows == [("policy.approve", "p10", None), ("policy.communicate", "p11", None),
                    ("policy.assess", "p06", None), ("policy.assess", "p14", "p08")]
    assert audit_rows(store_url, "policy.assess")[-1].reason == "คุณสมบัติแจ้งทางอีเมลขณะลาป่วย"
