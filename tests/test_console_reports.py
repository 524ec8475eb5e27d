"""The reports page: published reports with their PDFs, and the Director's acknowledgement of each.

Only the Director may acknowledge (checked in the library function, so a hand-made POST by anyone else is 403
and writes nothing); an acknowledgement is stored once per file with its sha256, the file is kept as evidence,
and the page and the audit log show it. In-process with TestClient, then in headless Chromium over uvicorn.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re

import console_support as cs
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

APP: list = []


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    from khlang.cli import main

    with pytest.MonkeyPatch.context() as mp:
        installation = cs.light(tmp_path_factory.mktemp("reports"), sample_dir, mp)
        mp.delenv("KHLANG_BACKUP_PG_URL", raising=False)
        for argv in (["linkage", "report", "--as-of", "2569-11-25"], ["backup", "report", "--period", "2569-11"],
                     ["report", "build", "--period", "2026Q4", "--as-of", "2569-11-25"]):
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(argv) == 0, argv
        yield installation


@pytest.fixture(scope="module", autouse=True)
def app(inst):
    from khlang.console import ConsoleSettings, create_app

    APP.append(create_app(ConsoleSettings.from_env()))
    yield APP[0]
    APP[0].state.console.store.close()
    APP.clear()


def client_for(username: str) -> TestClient:
    return cs.signed_in_client(APP[0], username)


csrf = cs.csrf


def counts() -> tuple[int, int, int]:
    """(acknowledgements, report audit rows, report evidence files) in the store."""
    from khlang.evidence.records import EvidenceRecord
    from khlang.identity.records import AuditEntry
    from khlang.report.memo_records import ReportAcknowledgement

    with APP[0].state.console.store.reading() as s:
        return (s.scalar(select(func.count()).select_from(ReportAcknowledgement)),
                s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.object_type == "report")),
                s.scalar(select(func.count()).select_from(EvidenceRecord)
                         .where(EvidenceRecord.subject_type == "report")))


def linkage_pdf(inst):
    return inst.home / "reports" / "linkage" / "memo-linkage.pdf"


def test_the_page_lists_every_published_report_with_its_pdf(inst):
    with client_for("chaiwat") as steward:
        page = steward.get("/reports")
        assert page.status_code == 200
        for kind, key in (("committee", "2026Q4"), ("linkage", "2026-11"), ("backup", "2026-11"),
                          ("restore", "2026-11"), ("programs", "2026-11")):
            assert f'href="/reports/{kind}/{key}/pdf"' in page.text, kind
        assert "สงพท.-08 รายงานการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก" in page.text and "สงบข.-05" in page.text
        assert "อคส. DTO/" in page.text and "อคส. DBA/" in page.text
        assert 'href="/reports"' in page.text, "the menu links the page"
        assert "/acknowledge" not in page.text, "only the Director sees the button"
        assert 'href="/reports#' not in steward.get("/").text, "nothing waits for a steward to acknowledge"
        pdf = steward.get("/reports/linkage/2026-11/pdf")
        assert pdf.status_code == 200 and pdf.content == linkage_pdf(inst).read_bytes()
        assert pdf.headers["content-type"] == "application/pdf" and "attachment" in pdf.headers["content-disposition"]
        committee = steward.get("/reports/committee/2026Q4/pdf")
        assert committee.content == (inst.home / "reports" / "committee" / "2026Q4" / "index.pdf").read_bytes()
        assert "สงพท.-11 รายงานต่อคณะกรรมการกำกับดูแลข้อมูล" in page.text
        assert steward.get("/reports/linkage/1999-01/pdf").status_code == 404
        assert steward.get("/reports/nope/x/pdf").status_code == 404


@pytest.mark.parametrize("username", ["weerapong", "piyanuch", "ratchanee", "nattapon", "chaiwat"])
def test_only_the_director_acknowledges_and_a_refusal_writes_nothing(inst, username):
    before = counts()
    with client_for(username) as person:
        page = person.get("/reports")
        r = person.post("/reports/linkage/2026-11/acknowledge", data={"csrf_token": csrf(page.text), "note": "ทราบ"})
        assert r.status_code == 403, (username, r.status_code)
        assert "ไม่มีสิทธิ์" in r.text
    assert counts() == before


def test_the_library_refuses_anyone_but_the_director(inst):
    from khlang.config import settings
    from khlang.identity import PermissionDenied, actor_for
    from khlang.report.acknowledge import acknowledge_report

    console = APP[0].state.console
    committee = actor_for(console.catalog, "p02", "weerapong", [], "cli", "test")
    before = counts()
    with pytest.raises(PermissionDenied):
        acknowledge_report(console.catalog, console.store, committee, settings().reports_dir, "linkage", "2026-11")
    assert counts() == before


def test_a_post_without_the_form_token_is_refused(inst):
    before = counts()
    with client_for("surachet") as director:
        r = director.post("/reports/linkage/2026-11/acknowledge", data={"note": "ทราบ"})
        assert r.status_code == 403
    assert counts() == before


def test_the_director_acknowledges_once_with_the_files_sha256(inst):
    from khlang.evidence.records import EvidenceRecord
    from khlang.report.memo_records import ReportAcknowledgement

    sha256 = hashlib.sha256(linkage_pdf(inst).read_bytes()).hexdigest()
    before = counts()
    with client_for("surachet") as director:
        assert 'href="/reports#linkage-2026-11"' in director.get("/").text, "My work lists what waits for him"
        page = director.get("/reports")
        assert 'action="/reports/linkage/2026-11/acknowledge"' in page.text
        r = director.post("/reports/linkage/2026-11/acknowledge", data={"csrf_token": csrf(page.text),
                                                                       "note": "ทราบ ดำเนินการต่อ"})
        assert r.status_code == 303 and r.headers["location"].startswith("/reports?saved=1")
        page = director.get("/reports")
        row = page.text.split('id="linkage-2026-11"', 1)[1].split("</tr>", 1)[0]
        assert "นายสุรเชษฐ์ วัฒนากุล" in row and sha256[:16] in row and "ทราบ ดำเนินการต่อ" in row
        assert 'action="/reports/linkage/2026-11/acknowledge"' not in page.text, "acknowledged: no button"
        assert 'href="/reports#linkage-2026-11"' not in director.get("/").text
        assert 'action="/reports/backup/2026-11/acknowledge"' in page.text
        again = director.post("/reports/linkage/2026-11/acknowledge", data={"csrf_token": csrf(page.text)})
        assert again.status_code == 409
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)  # the acknowledgement, its audit row, the copy
    with APP[0].state.console.store.reading() as s:
        (ack,) = s.scalars(select(ReportAcknowledgement)).all()
        evidence = s.get(EvidenceRecord, ack.evidence_id)
    assert (ack.report, ack.sha256, ack.by, ack.channel) == ("linkage:2026-11", sha256, "p10", "console")
    assert ack.file == "linkage/memo-linkage.pdf" and ack.document_number.startswith("อคส. DTO/")
    assert evidence.sha256 == sha256 and evidence.media_type == "application/pdf"

    with TestClient(APP[0], raise_server_exceptions=False) as c:
        entries = c.get("/api/audit", headers={"Authorization": "Bearer " + inst.tokens["ratchanee"]},
                        params={"object_id": "linkage:2026-11"}).json()["entries"]
    (entry,) = [e for e in entries if e["action"] == "report.director_ack"]
    assert entry["person"] == "p10" and entry["after"]["sha256"] == sha256 and entry["note"] == "ทราบ ดำเนินการต่อ"
    with client_for("ratchanee") as auditor:
        audit = auditor.get("/audit")
        assert "report.director_ack" in audit.text
        assert auditor.get(f"/evidence/{ack.evidence_id}").content == linkage_pdf(inst).read_bytes()


def test_a_rebuilt_report_is_a_new_file_to_acknowledge(inst):
    """After the linkage report is rebuilt with other content, the page says an earlier version was acknowledged."""
    from khlang.cli import main

    old = hashlib.sha256(linkage_pdf(inst).read_bytes()).hexdigest()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["linkage", "report", "--as-of", "2569-11-26"]) == 0
    assert hashlib.sha256(linkage_pdf(inst).read_bytes()).hexdigest() != old
    with client_for("surachet") as director:
        page = director.get("/reports")
        row = page.text.split('id="linkage-2026-11"', 1)[1].split("</tr>", 1)[0]
        assert "รับทราบฉบับก่อนหน้า" in row and 'action="/reports/linkage/2026-11/acknowledge"' in row


def test_the_api_lists_reports_and_only_the_directors_token_acknowledges(inst):
    folder = inst.home / "reports" / "backup" / "2026-11"
    sha256 = hashlib.sha256((folder / "memo-restore.pdf").read_bytes()).hexdigest()
    with TestClient(APP[0], raise_server_exceptions=False) as c:
        def call(method: str, path: str, who: str, **kw):  # noqa: ANN202
            return c.request(method, path, headers={"Authorization": "Bearer " + inst.tokens[who]}, **kw)

        listed = {r["report"]: r for r in call("GET", "/api/reports", "chaiwat").json()["reports"]}
        restore = listed["restore:2026-11"]
        assert restore["form"] == "สงบข.-05" and restore["sha256"] == sha256
        assert restore["number"].startswith("อคส. DBA/")
        assert restore["may_acknowledge"] is False and restore["pdf"] == "/reports/restore/2026-11/pdf"
        assert listed["linkage:2026-11"]["acknowledgements"][0]["by"] == "p10"
        before = counts()
        for who in ("weerapong", "chaiwat", "ratchanee"):
            r = call("POST", "/api/reports/restore/2026-11/acknowledge", who, json={"note": "x"})
            assert r.status_code == 403, who
        assert c.post("/api/reports/restore/2026-11/acknowledge", json={}).status_code == 401
        unknown_field = call("POST", "/api/reports/restore/2026-11/acknowledge", "surachet", json={"by": "p10"})
        assert unknown_field.status_code == 422
        assert call("POST", "/api/reports/restore/1999-01/acknowledge", "surachet").status_code == 404
        assert counts() == before
        done = call("POST", "/api/reports/restore/2026-11/acknowledge", "surachet", json={"note": "ทราบ"})
        assert done.status_code == 200 and done.json()["sha256"] == sha256 and done.json()["by"] == "p10"
        assert call("POST", "/api/reports/restore/2026-11/acknowledge", "surachet").status_code == 409
        assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
        again = {r["report"]: r for r in call("GET", "/api/reports", "surachet").json()["reports"]}
        assert again["restore:2026-11"]["may_acknowledge"] is False
        assert again["programs:2026-11"]["may_acknowledge"] is True


def test_the_page_in_chromium(inst, tmp_path_factory):
    """Screenshots are left in the session's temporary folder (console-screens/) for a person to look at."""
    from browser import Browser

    shots = tmp_path_factory.getbasetemp() / "console-screens"
    shots.mkdir(exist_ok=True)

    with cs.Server() as server, Browser(viewport=(1440, 900)) as browser:
        for width in (390, 1440):
            opened = browser.new_page(server.url, viewport=(width, 900))
            page = opened.page
            page.goto(server.url + "/sign-in")
            page.fill("#username", "surachet")
            page.fill("#password", cs.password_of("surachet"))
            page.click("form[action='/sign-in'] button[type=submit]")
            page.wait_for_url(server.url + "/")
            page.goto(server.url + "/reports")
            assert page.locator("table.reports tbody tr").count() >= 5
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (width, overflow)
            page.screenshot(path=str(shots / f"reports-{width}.png"), full_page=True)
            assert opened.errors == [] and opened.dialogs == []
            if width == 1440:
                before = counts()
                page.locator("#backup-2026-11 form.ack-form input[name=note]").fill("รับทราบ")
                page.locator("#backup-2026-11 form.ack-form button[type=submit]").click()
                page.wait_for_url(re.compile(r".*/reports\?saved=1.*"))
                assert page.locator("#backup-2026-11 form.ack-form").count() == 0
                assert "นายสุรเชษฐ์ วัฒนากุล" in page.locator("#backup-2026-11").inner_text()
                assert counts()[0] == before[0] + 1
            page.close()
        server.app.state.console.store.close()
