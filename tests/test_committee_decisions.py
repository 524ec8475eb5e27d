"""The committee report names what the Director must decide, and covers linkages, backups, PIRs and EA.

A store built from the sample as the DAGs would build it, on today's date: quality checked, issues opened in
September and escalated since, real backups of DW and the legacy WMS made and verified (WMS's PostgreSQL URL is
not set, so its backup is "not configured"), a restore test of DW. The catalogue's register has a linkage
awaiting the Director (LNK-2569-005) and an agreement that ended in June 2026 (LNK-2564-003); DW went live on
1 May 2026, so its PIR has been overdue since December 2026.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
import shutil
from pathlib import Path

import pytest
from test_committee_report import _pdf_text, _squeeze, _table_cells, cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_dir):
    from khlang.dates import today_bangkok

    today = today_bangkok()
    if today <= dt.date(2026, 12, 1):
        pytest.skip("DW's PIR is overdue from 2 Dec 2026 (go-live 1 May 2026 + 6 months + 1 month)")
    root = tmp_path_factory.mktemp("decisions")
    home = root / "home"
    shutil.copytree(REPO / "catalog", home / "catalog")
    shutil.copytree(REPO / "expectations", home / "expectations")
    data = root / "data"
    shutil.copytree(sample_dir, data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KHLANG_HOME", str(home))
        mp.setenv("KHLANG_DATA_DIR", str(data))
        mp.setenv("KHLANG_VAR_DIR", str(home / "var"))
        for var in ("KHLANG_STORE_URL", "KHLANG_CATALOG_DIR", "KHLANG_REPORTS_DIR", "KHLANG_EXPECTATIONS_DIR",
                    "KHLANG_LINEAGE_DIR", "KHLANG_CHROMIUM", "KHLANG_BACKUP_PG_URL"):
            mp.delenv(var, raising=False)
        from identity_support import token_for

        from khlang.config import settings
        from khlang.declarations import load_catalog
        from khlang.store import open_store

        cli("quality", "run", "--run-key", "q1")
        cli("catalog", "sync", "--run-key", "c1", "--as-of", "2569-09-20")
        mp.setenv("KHLANG_TOKEN", token_for("khlang"))
        cli("issues", "sync", "--run-key", "i1", "--as-of", "2569-09-20")
        cli("issues", "sync", "--run-key", "i2", "--as-of", today.isoformat())
        cli("policy", "check", "--run-key", "p1", "--as-of", today.isoformat())
        # the PIR DAG's step on the first day DW's review was overdue: opened, so it stays overdue (never lapses)
        cli("pir", "open", "--as-of", "2026-12-02", "--run-key", "pir1")
        for system in ("DW", "LEGACY_WMS"):
            cli("backup", "snapshot", "--system", system, "--format", "json")
        verified = cli("backup", "verify", "--format", "json")
        restored = cli("backup", "restore-test", "DW", "--format", "json")
        report = cli("report", "build", "--format", "json")
        out = Path(report["out"])
        store = open_store(settings().store_url)
        catalog = load_catalog(home / "catalog")
        yield {"home": home, "today": today, "report": report, "out": out, "store": store, "catalog": catalog,
               "html": (out / "index.html").read_text(encoding="utf-8"), "verified": verified,
               "restored": restored, "summary": json.loads((out / "summary.json").read_text(encoding="utf-8"))}


def _text(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _row(html: str, attr: str, value: str) -> str | None:
    """The visible text of the table row whose data-`attr` is `value`, or None."""
    m = re.search(rf'<tr data-{attr}="{re.escape(value)}"[^>]*>(.*?)</tr>', html, re.S)
    return _text(m.group(1)) if m else None


def _rows(html: str, attr: str) -> dict[str, str]:
    return {m.group(1): _text(m.group(2))
            for m in re.finditer(rf'<tr data-{attr}="([^"]+)"[^>]*>(.*?)</tr>', html, re.S)}


def _director(catalog):
    return next(p for p in catalog.people.values() if "director" in (p.roles or ()))


def _systems(catalog):
    from khlang.declarations.systems import load_systems

    return load_systems(catalog)


def test_the_linkage_awaiting_the_director_is_named_with_its_deadline_and_decider(built):
    from khlang.linkage.register import load_register
    from khlang.linkage.workdays import load_calendar

    entry = load_register(built["catalog"]).entries["LNK-2569-005"]
    submitted = next(s.date for s in entry.steps() if s.status == "awaiting_decision")
    due = load_calendar(built["home"] / "catalog").add_working_days(submitted, 5)
    assert due == dt.date(2026, 11, 27)  # submitted Friday 20 Nov 2026; five working days
    row = _row(built["html"], "decision", "linkage_decision:LNK-2569-005")
    assert row is not None, "the linkage awaiting decision is named"
    director = _director(built["catalog"])
    for expected in ("LNK-2569-005", entry.agency, "2026-11-27 (27 พ.ย. 2569)", "ผู้อำนวยการ (ผอก.)", director.name):
        assert expected in row, (expected, row)
    group = _text(re.search(r'<tbody data-kind="linkage_decision">(.*?)</tbody>', built["html"], re.S).group(1))
    assert "อนุมัติ ส่งกลับทบทวน หรือไม่อนุมัติ" in group and "Approve, return for review, or reject" in group
    late = (built["today"] - due).days
    assert f"+{late} วัน" in row


def test_the_expired_agreement_is_named_for_the_director(built):
    row = _row(built["html"], "decision", "agreement_expired:LNK-2564-003")
    assert row is not None
    for expected in ("กรมการข้าว", "2026-06-30 (30 มิ.ย. 2569)", _director(built["catalog"]).name,
                     "ข้อตกลงสิ้นสุด 2026-06-30 (30 มิ.ย. 2569) แต่ยังเชื่อมโยงอยู่"):
        assert expected in row, (expected, row)
    # only agreements that really ended while the linkage is active: LNK-2566-001 ends in 2027
    assert _row(built["html"], "decision", "agreement_expired:LNK-2566-001") is None


def test_an_unconfigured_backup_is_not_verified_and_real_backups_are(built):
    wms = next(t for t in built["verified"]["targets"] if t["system"] == "WMS")
    assert wms["ok"] is False and [f["code"] for f in wms["findings"]] == ["not_configured"], \
        "nothing backed up is never OK, in the verification as in the report"
    row = _row(built["html"], "decision", "backup_unverified:WMS/database")
    assert row is not None
    owner = built["catalog"].person(_systems(built["catalog"])["WMS"].digital_owner)
    for expected in ("เจ้าของระบบด้านดิจิทัล", owner.name, "ยังไม่ได้ตั้งค่า (ไม่ได้ตรวจสอบ)", "KHLANG_BACKUP_PG_URL"):
        assert expected in row, (expected, row)
    for verified in ("DW/database", "LEGACY_WMS/database", "LEGACY_WMS/programs"):
        assert _row(built["html"], "decision", f"backup_unverified:{verified}") is None, verified
    assert re.search(r'<tr data-target="WMS/database" data-state="not_configured"', built["html"])
    assert re.search(r'<tr data-target="DW/database" data-state="verified"', built["html"])
    assert re.search(r'<tr data-restore="DW/database" data-result="passed"', built["html"])
    assert built["restored"]["ok"] is True
    assert re.search(r'<tr data-restore="WMS/database" data-result="missing"', built["html"])


def test_the_overdue_dw_pir_is_named_with_both_owners(built):
    row = _row(built["html"], "decision", "pir_overdue:DW")
    assert row is not None
    dw = _systems(built["catalog"])["DW"]
    for expected in ("คลังข้อมูลองค์การ", "2026-11-01 (1 พ.ย. 2569)", "เจ้าของระบบด้านธุรกิจ",
                     built["catalog"].person(dw.business_owner).name, built["catalog"].person(dw.digital_owner).name):
        assert expected in row, (expected, row)
    pir = _rows(built["html"], "pir")
    assert set(pir) == set(_systems(built["catalog"])), "every system has its PIR line"
    assert re.search(r'<tr data-pir="DW" data-status="overdue"', built["html"])
    # systems whose review lapsed long ago are listed, not put before the Director
    assert _row(built["html"], "decision", "pir_overdue:WMS") is None


def test_every_issue_escalated_to_the_director_is_named(built):
    from khlang.governance.views import issue_views

    escalated = [v for v in issue_views(built["store"])
                 if v.status in ("open", "rca_in_progress", "action_planned") and v.escalation_level >= 3]
    assert escalated, "issues opened in September are 30+ days late by now"
    rows = {k: v for k, v in _rows(built["html"], "decision").items() if k.startswith("issue_escalated:")}
    assert set(rows) == {f"issue_escalated:#{v.id}" for v in escalated}
    director = _director(built["catalog"]).name
    assert all(director in text and "(" in text for text in rows.values())


def test_policies_due_for_review_are_named(built):
    from khlang.governance.decisions import REVIEW_HORIZON_DAYS
    from khlang.governance.policy_decisions import policies_with_decisions

    horizon = built["today"] + dt.timedelta(days=REVIEW_HORIZON_DAYS)
    policies = policies_with_decisions(built["catalog"], built["store"]).policies
    due = {p.id for p in policies if p.in_force(built["today"]) and p.review_due() and p.review_due() <= horizon}
    drafts = {p.id for p in policies if not p.in_force(built["today"])}
    named = set(_rows(built["html"], "decision"))
    assert {f"policy_review:{p}" for p in due} | {f"policy_approval:{p}" for p in drafts} \
        == {k for k in named if k.startswith("policy_")}


def test_the_summary_names_each_decision_with_its_decider(built):
    summary = built["summary"]
    by_ref = {(d["kind"], d["ref"]): d for d in summary["decisions_required"]}
    director = _director(built["catalog"]).id
    assert by_ref[("linkage_decision", "LNK-2569-005")]["due_on"] == "2026-11-27"
    assert [x["person"] for x in by_ref[("linkage_decision", "LNK-2569-005")]["deciders"]] == [director]
    assert by_ref[("agreement_expired", "LNK-2564-003")]["due_on"] == "2026-06-30"
    assert by_ref[("backup_unverified", "WMS/database")]["deciders"][0]["person"] == \
        _systems(built["catalog"])["WMS"].digital_owner
    assert by_ref[("pir_overdue", "DW")]["days_late"] == (built["today"] - dt.date(2026, 11, 1)).days
    assert summary["decisions"] == len(summary["decisions_required"])


def test_linkages_backups_pirs_and_ea_each_have_their_section(built):
    from khlang.linkage.register import load_register

    html = built["html"]
    for section in ("decisions", "linkages", "backups", "pirs", "ea"):
        assert f'<section id="{section}"' in html, section
    linkages = _rows(html, "linkage")
    assert set(linkages) == set(load_register(built["catalog"]).entries)
    assert all(re.match(r"LNK-\d{4}-\d{3}$", lid) for lid in linkages)
    assert "ข้อตกลงหมดอายุแต่ยังเชื่อมโยงอยู่" in linkages["LNK-2564-003"]
    assert "รอ ผอก. พิจารณา" in linkages["LNK-2569-005"]
    ea = _rows(html, "system")
    assert set(ea) == set(_systems(built["catalog"]))
    assert "ระบบเป้าหมายไม่มีโครงการรองรับ" in ea["TRADING"]  # To-Be without a project


def test_scores_show_the_share_of_rows_beside_the_share_of_checks(built):
    from sqlalchemy import select

    from khlang.governance.quality_view import end_of_day
    from khlang.quality.records import CheckResultRow, QualityRun, QualityScore

    with built["store"].reading() as s:
        runs = s.scalars(select(QualityRun).where(QualityRun.dataset == "depositors", QualityRun.finished_at
                                                  <= end_of_day(built["today"])).order_by(QualityRun.finished_at)).all()
        newest = {r.scope: r.id for r in runs}  # each scope's (data checks, security checks) newest run
        rows = s.scalars(select(CheckResultRow).where(CheckResultRow.run_id.in_(newest.values()),
                                                      CheckResultRow.dimension == "uniqueness")).all()
        score = s.scalars(select(QualityScore).where(QualityScore.dataset == "depositors",
                                                     QualityScore.dimension == "uniqueness")
                          .order_by(QualityScore.computed_at.desc())).first().score
    counted = [r for r in rows if r.element_count and r.unexpected_count is not None]
    elements = sum(r.element_count for r in counted)
    failing = sum(min(r.unexpected_count, r.element_count) for r in counted)
    share = round(100.0 * (1 - failing / elements), 2)
    assert failing and score < 50 < share, "few rows fail, yet most uniqueness checks fail: the two must differ"
    cell = re.search(r'<tr data-dataset="depositors">.*?<td class="num" data-dim="uniqueness">(.*?)</td>',
                     built["html"], re.S)
    text = _text(cell.group(1))
    assert text.startswith(f"{score:.2f}%") and f"{share:.2f}% ของแถว · of rows" in text, text
    method = _text(re.search(r'<div class="method" id="score-method">(.*?)</div>', built["html"], re.S).group(1))
    assert "ร้อยละของน้ำหนักการตรวจสอบที่ผ่าน" in method and "rows checked" in method
    assert "The 95% target line applies to the check score" in method


def test_people_read_labels_not_codes(built):
    html = built["html"]
    findings = re.findall(r'<tr data-check="([^"]+)">(.*?)</tr>', html, re.S)
    assert findings
    for check, row in findings:
        visible = _text(row)
        assert check not in visible, (check, visible)
    pii = next(_text(r) for c, r in findings if c.startswith("pii_in_public:"))
    assert "ข้อมูลส่วนบุคคลในชุดข้อมูลเปิดเผย" in pii and "Personal data in a public dataset" in pii
    for table in ("open-issues", "overdue-issues", "decision-table"):
        shown = _text(re.search(rf'<table id="{table}">(.*?)</table>', html, re.S).group(1))
        for raw in ("expect_column_values", "pii_in_public", "grant_too_wide", "reference_exists (",
                    "undocumented_column", "(non_compliant)"):
            assert raw not in shown, (table, raw)
    # every date of the new sections is shown with its B.E. form
    for section in ("decisions", "linkages", "backups", "pirs", "ea"):
        body = re.search(rf'<section id="{section}".*?</section>', html, re.S).group(0)
        for iso in re.findall(r"\b20\d\d-\d\d-\d\d\b(?!T)", _text(body)):
            assert re.search(rf"{iso}( \d\d:\d\d ICT)? \(\d+ \S+ 25\d\d\)", _text(body)), (section, iso)


def test_the_pdf_keeps_every_cell_of_the_new_tables(built):
    cells = _table_cells(built["html"])
    pdf = _squeeze(_pdf_text(built["out"] / "index.pdf"))
    new = [(t, c) for t, c in cells if t in ("decision-table", "linkage-table", "backup-table", "restore-table",
                                             "pir-table", "ea-table")]
    assert len({t for t, _c in new}) == 6 and len(new) > 150
    missing = [(t, c) for t, c in cells if _squeeze(c) not in pdf]
    assert not missing, missing[:10]


def test_the_new_wide_sections_print_on_numbered_landscape_pages(built):
    import subprocess

    pdf = built["out"] / "index.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    assert len(sizes) == pages
    # a heading of each wide table, as its header row prints on every page the table spans
    headers = {"decision-table": "Who decides", "linkage-table": "Agreement ends", "backup-table": "Last verified",
               "ea-table": "Architecture state"}
    seen = dict.fromkeys(headers, 0)
    for n in range(1, pages + 1):
        text = _pdf_text(pdf, n)
        assert f"หน้า {n}/{pages}" in text and f"Page {n} of {pages}" in text, n
        for table, header in headers.items():
            if header in text:
                seen[table] += 1
                w, h = sizes[n - 1]
                assert w > h, (table, n, "a wide section prints landscape")
    assert all(seen.values()), seen


def test_a_new_kind_of_decision_is_one_registered_function(built):
    from khlang.governance.decisions import DECISION_SOURCES, Decision, decision_source, with_role
    from khlang.governance.periods import containing
    from khlang.governance.service import context
    from khlang.governance.summary import committee_model
    from khlang.report.committee import decision_groups


    @decision_source("test_budget")
    def _budget(ctx):  # noqa: ANN001, ANN202
        yield Decision("test_budget", "BUD-1", "งบประมาณ", "Budget", ctx.as_of, with_role(ctx, "director"))

    try:
        catalog, policies, store = context()
        model = committee_model(catalog, store, policies, containing(built["today"]), built["today"])
    finally:
        DECISION_SOURCES.remove("test_budget")
    group = next(g for g in decision_groups(model) if g["kind"] == "test_budget")
    assert [d["ref"] for d in group["entries"]] == ["BUD-1"]
    assert group["entries"][0]["deciders"][0]["person"]["id"] == _director(built["catalog"]).id
    assert group["label"].th == "test_budget", "an unlabelled kind shows as its code (and the label test fails)"
    assert "test_budget" not in DECISION_SOURCES
