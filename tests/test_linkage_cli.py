"""`khlang linkage …` as people use it: exit codes, JSON shapes, nothing written on bad input, the report."""

from __future__ import annotations

import json

import pytest
import yaml
from browser import Browser
from test_linkage import write_register

from khlang.cli import main

XSS = "<script>alert(1)</script>"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_the_bundled_register(capsys, khlang_env):
    code, out, _ = run(capsys, "linkage", "validate", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True and data["linkages"] == 13
    assert not (khlang_env / "var" / "khlang.db").exists(), "validate must not touch the store"


def test_validate_a_given_file_reports_every_error_and_exits_2(capsys, khlang_env, tmp_path):
    bad = tmp_path / "other.yaml"
    bad.write_text(
        "legal_bases: {open: {name_th: เปิด, max_classification: public}}\n"
        "linkages:\n"
        "  - id: LNK-X\n    agency: กรมทดสอบ\n    datasets: [nope]\n    direction: outbound\n"
        "    purpose: p\n    legal_basis: open\n    method: api\n    frequency: weekly\n"
        "    status: approved\n    requested_on: 2569-01-05\n", encoding="utf-8")
    code, out, err = run(capsys, "linkage", "validate", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:5: linkages[0].datasets[0]: unknown dataset 'nope'" in err
    assert f"{bad}:11: linkages[0].status: status is approved but requested (no history) is requested" in err
    assert "needs its technical analysis" in err and "needs decided_on" in err


def test_check_json_shape_and_as_of_in_buddhist_era(capsys, khlang_env):
    code, out, _ = run(capsys, "linkage", "check", "--as-of", "2569-11-25", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert all(set(r) == {"id", "finding", "severity", "detail"} for r in rows)
    assert {r["finding"] for r in rows} == {"agreement_expiring", "agreement_expired", "exchange_without_approval",
                                             "exceeds_legal_basis", "step_overdue", "stale_exchange"}
    code, out2, _ = run(capsys, "linkage", "check", "--as-of", "25/11/2569", "--format", "json")
    assert json.loads(out2) == rows  # the same day written the Thai way
    code, out3, _ = run(capsys, "linkage", "check", "--as-of", "2026-11-25", "--format", "json")
    assert json.loads(out3) == rows  # and in C.E.


def test_bad_as_of_is_a_usage_error(capsys, khlang_env):
    with pytest.raises(SystemExit) as exc:
        main(["linkage", "check", "--as-of", "soon"])
    assert exc.value.code == 2
    assert "not a date: 'soon'" in capsys.readouterr().err


def test_bad_register_stops_check_before_the_store_is_created(capsys, khlang_env):
    path = khlang_env / "catalog" / "linkages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("direction: outbound", "direction: out", 1),
                    encoding="utf-8")
    code, _out, err = run(capsys, "linkage", "check")
    assert code == 2 and "linkages[0].direction" in err and f"{path}:" in err
    assert not (khlang_env / "var" / "khlang.db").exists()


def test_transition_records_a_step_and_check_follows_it(capsys, monkeypatch, khlang_env):
    from identity_support import token_for

    monkeypatch.setenv("KHLANG_TOKEN", token_for("p10"))
    code, out, err = run(capsys, "linkage", "transition", "LNK-2569-005", "approved",
                         "--note", "อนุมัติตามบันทึก อคส. 0100/2569-311", "--on", "2569-11-24", "--format", "json")
    assert code == 0, err
    step = json.loads(out)
    assert step == {"id": "LNK-2569-005", "status": "approved", "date": "2026-11-24", "by": "p10",
                    "note": "อนุมัติตามบันทึก อคส. 0100/2569-311", "source": "store", "recorded_by": "user-p10",
                    "channel": "cli", "reason": None, "recorded_at": step["recorded_at"]}
    code, out, _ = run(capsys, "linkage", "check", "--as-of", "2569-11-25", "--format", "json")
    rows = {(r["id"], r["finding"]) for r in json.loads(out)}
    assert ("LNK-2569-005", "exchange_without_approval") in rows  # exchanged 1 Oct, approved 24 Nov
    assert ("LNK-2569-005", "register_outdated") in rows
    code, out, _ = run(capsys, "linkage", "list", "--format", "json")
    listed = {r["id"]: r for r in json.loads(out)}
    assert listed["LNK-2569-005"]["status"] == "approved"
    assert listed["LNK-2569-005"]["declared_status"] == "awaiting_decision"


def test_transition_has_no_free_text_by(capsys, khlang_env):
    """Who made a step comes from the token (see test_workflow_cli.py); `--by` is gone."""
    with pytest.raises(SystemExit) as exc:
        main(["linkage", "transition", "LNK-2569-007", "technical_review", "--by", "ใครก็ได้", "--note", "y"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --by" in capsys.readouterr().err


def test_transition_to_an_unknown_status_is_a_usage_error(capsys, khlang_env):
    with pytest.raises(SystemExit) as exc:
        main(["linkage", "transition", "LNK-2569-007", "done", "--note", "y"])
    assert exc.value.code == 2


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def test_register_report_by_agency_and_status(capsys, khlang_env, browser):
    code, out, _ = run(capsys, "linkage", "report", "--as-of", "2569-11-25")
    assert code == 0
    index = khlang_env / "reports" / "linkage" / "index.html"
    assert str(index) in out and index.is_file()
    opened = browser.open(index)
    page = opened.page
    assert opened.errors == [] and opened.blocked_requests == []
    assert "ทะเบียนการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก" in page.title()
    assert page.inner_text("#as-of") == "2026-11-25 (25 พ.ย. 2569)"
    assert page.inner_text("#count-linkages") == "13"
    assert page.inner_text("#count-status-approved") == "5"
    assert page.inner_text("#count-findings") == "8"
    assert "อนุมัติและขึ้นทะเบียน" in page.inner_text('[data-status="approved"]')
    agencies = page.locator("#by-agency .agency").evaluate_all("els => els.map(e => e.dataset.agency)")
    assert len(agencies) == 13 and agencies == sorted(agencies)
    row = page.locator("#linkage-LNK-2566-001").inner_text()
    for expected in ("daily_stock_balances", "ส่งออก", "Outbound", "16 ก.พ. 2566", "31 ม.ค. 2570", "อนุมัติ"):
        assert expected in row, expected
    finding = page.locator('#findings tr[data-linkage="LNK-2565-002"]').inner_text()
    assert "ชั้นความลับหรือข้อมูลส่วนบุคคลเกินกว่าฐานทางกฎหมาย" in finding and "สูง" in finding
    page.click('details[data-linkage="LNK-2566-010"] summary')
    history = page.locator('details[data-linkage="LNK-2566-010"] table.history tbody tr')
    assert history.count() == 6 and "ระงับชั่วคราว" in history.last.inner_text()


def test_report_escapes_what_the_register_says(capsys, khlang_env, browser):
    path = khlang_env / "catalog" / "linkages.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = data["linkages"][6]
    entry.update(agency=XSS, purpose=f'{XSS}<img src=x onerror=alert(2)>', agency_en='"><b>x</b>')
    write_register(khlang_env / "catalog", data["linkages"])
    assert run(capsys, "linkage", "report", "--as-of", "2569-11-25")[0] == 0
    index = khlang_env / "reports" / "linkage" / "index.html"
    text = index.read_text(encoding="utf-8")
    assert XSS not in text and "<img src=x" not in text and "<b>x</b>" not in text
    assert text.count("<script") == 0
    opened = browser.open(index)
    opened.page.click('details[data-linkage="LNK-2569-007"] summary')
    assert opened.dialogs == [] and opened.errors == []
    assert XSS in opened.page.inner_text('[data-agency="<script>alert(1)</script>"] h3')


def test_report_refuses_a_folder_it_did_not_make(capsys, khlang_env, tmp_path):
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "memo.docx").write_text("keep")
    assert main(["linkage", "report", "--out", str(precious)]) == 2
    assert "not generated by Khlang" in capsys.readouterr().err
    assert (precious / "memo.docx").read_text() == "keep"
