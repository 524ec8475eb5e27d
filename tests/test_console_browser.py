"""The console in real headless Chromium, against uvicorn serving a store seeded from the sample.

The people of the sample organisation walk the workflows: the owner takes up and analyses an issue of
her dataset; the accountant is refused on another unit's issue; the Director approves a linkage after
both analyses while the analyst's attempt to decide it gets 403; the fixer cannot close his own issue;
a POST without the CSRF token is refused; PII is masked for a non-owner and shown to the owner; every
write is in the audit log with its actor; pages fit 390 px and 1440 px without horizontal scrolling.
"""

from __future__ import annotations

import datetime as dt
import re

import console_support as cs
import pytest
from browser import Browser
from sqlalchemy import select


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        installation = cs.full(tmp_path_factory.mktemp("browser"), sample_dir, mp)
        installation.manual = cs.raise_issue(installation, "porntip", "เบอร์โทรผู้ฝากซ้ำกัน", dataset="depositors")
        yield installation


@pytest.fixture(scope="module")
def server(inst):
    with cs.Server() as srv:
        yield srv
    srv.app.state.console.store.close()


@pytest.fixture(scope="module")
def browser():
    with Browser(viewport=(1440, 900)) as b:
        yield b


def sign_in(browser, server, username: str, viewport: tuple[int, int] | None = None):
    opened = browser.new_page(server.url, viewport=viewport)
    page = opened.page
    page.goto(server.url + "/sign-in")
    page.fill("#username", username)
    page.fill("#password", cs.password_of(username))
    page.click("form[action='/sign-in'] button[type=submit]")
    page.wait_for_url(server.url + "/")
    return opened


def csrf_of(page) -> str:
    return page.locator("input[name=csrf_token]").first.get_attribute("value")


def issue_status(server, issue_id: int) -> tuple[str, int]:
    from khlang.governance.records import Issue, IssueEvent

    with server.app.state.console.store.reading() as session:
        status = session.scalar(select(Issue.status).where(Issue.id == issue_id))
        events = len(session.scalars(select(IssueEvent.id).where(IssueEvent.issue_id == issue_id)).all())
    return status, events


def open_check_issue(server, dataset: str) -> int:
    from khlang.governance.records import Issue

    with server.app.state.console.store.reading() as session:
        return session.scalar(select(Issue.id).where(Issue.dataset == dataset, Issue.status == "open",
                                                     Issue.source == "check").order_by(Issue.id))


def test_the_owner_takes_up_and_analyses_an_issue_of_her_dataset(browser, server):
    opened = sign_in(browser, server, "porntip")
    page = opened.page
    issue_id = open_check_issue(server, "depositors")
    assert page.locator(f"#my-issues a[href='/issues/{issue_id}']").count() >= 1
    page.goto(f"{server.url}/issues/{issue_id}")
    page.click("#btn-ack")
    page.wait_for_url(re.compile(r"saved=1"))
    assert issue_status(server, issue_id)[0] == "rca_in_progress"
    page.select_option("#cause", "data_source")
    page.fill("#why1", "เลขประจำตัวซ้ำในทะเบียน")
    page.fill("#why2", "ระบบเดิมไม่ตรวจเลขซ้ำตอนลงทะเบียน")
    page.fill("#why3", "ไม่มีข้อกำหนดให้ตรวจ")
    page.fill("#root", "ไม่มีการตรวจเลขซ้ำเมื่อลงทะเบียน")
    due = (cs.today() + dt.timedelta(days=14)).isoformat()
    page.locator("input[name=action_description]").first.fill("รวมระเบียนซ้ำ")
    page.locator("input[name=action_due]").first.fill(due)
    page.locator("input[name=action_description]").nth(1).fill("เพิ่มการตรวจเลขซ้ำในระบบลงทะเบียน")
    page.locator("select[name=action_kind]").nth(1).select_option("preventive")
    page.locator("input[name=action_due]").nth(1).fill(due)
    page.click("#btn-rca")
    page.wait_for_url(re.compile(r"saved=1"))
    assert issue_status(server, issue_id)[0] == "action_planned"
    assert "ไม่มีการตรวจเลขซ้ำเมื่อลงทะเบียน" in page.locator("#rca").inner_text()
    assert page.locator("#actions tbody tr").count() == 2
    assert not opened.errors and not opened.blocked_requests
    opened.page.context.close()


def test_a_future_date_is_refused_and_nothing_is_written(browser, server):
    opened = sign_in(browser, server, "porntip")
    issue_id = open_check_issue(server, "warehouses")
    before = issue_status(server, issue_id)
    page = opened.page
    page.goto(f"{server.url}/issues/{issue_id}")
    future = (cs.today() + dt.timedelta(days=30)).isoformat()
    page.eval_on_selector("#ack-on", "(el, v) => { el.removeAttribute('max'); el.value = v; }", future)
    page.click("#btn-ack")
    assert "future" in page.content() or "อนาคต" in page.content()
    assert issue_status(server, issue_id) == before
    opened.page.context.close()


def test_the_accountant_is_refused_on_another_units_issue(browser, server):
    opened = sign_in(browser, server, "sombat")
    page = opened.page
    issue_id = open_check_issue(server, "warehouses")
    before = issue_status(server, issue_id)
    page.goto(f"{server.url}/issues/{issue_id}")
    assert page.locator("#btn-ack").count() == 0 and page.locator("#btn-rca").count() == 0
    assert page.locator("#see-only").is_visible()
    r = page.request.post(f"{server.url}/issues/{issue_id}/ack", form={"csrf_token": csrf_of(page), "note": "x"},
                          max_redirects=0)
    assert r.status == 403
    assert "Traceback" not in r.text()
    assert issue_status(server, issue_id) == before
    opened.page.context.close()


def test_a_post_without_the_csrf_token_is_refused(browser, server):
    opened = sign_in(browser, server, "porntip")
    page = opened.page
    issue_id = open_check_issue(server, "stock_movements")
    before = issue_status(server, issue_id)
    for form in ({"note": "x"}, {"note": "x", "csrf_token": "forged"}):
        r = page.request.post(f"{server.url}/issues/{issue_id}/ack", form=form, max_redirects=0)
        assert r.status == 403, r.status
    assert issue_status(server, issue_id) == before
    r = page.request.post(f"{server.url}/sign-out", form={}, max_redirects=0)
    assert r.status == 403
    page.goto(server.url + "/")
    assert page.url == server.url + "/"  # still signed in: the forged sign-out did nothing
    opened.page.context.close()


def test_the_fixer_cannot_close_his_own_issue_another_person_can(browser, server, inst):
    issue_id = inst.manual
    fixer = sign_in(browser, server, "chaiwat")
    page = fixer.page
    page.goto(f"{server.url}/issues/{issue_id}")
    page.click("#btn-ack")
    page.wait_for_url(re.compile(r"saved=1"))
    page.select_option("#cause", "process")
    page.fill("#why1", "บันทึกเบอร์ซ้ำ")
    page.locator("input[name=action_description]").first.fill("แก้เบอร์ที่ซ้ำ")
    page.locator("input[name=action_due]").first.fill((cs.today() + dt.timedelta(days=3)).isoformat())
    page.click("#btn-rca")
    page.wait_for_url(re.compile(r"saved=1"))
    page.locator("#actions form button").first.click()
    page.wait_for_url(re.compile(r"saved=1"))
    page.fill("#res-note", "แก้ครบทุกรายการแล้ว")
    page.click("#btn-resolve")
    page.wait_for_url(re.compile(r"saved=1"))
    assert issue_status(server, issue_id)[0] == "resolved"
    assert page.locator("#btn-close").count() == 0
    before = issue_status(server, issue_id)
    r = page.request.post(f"{server.url}/issues/{issue_id}/close",
                          form={"csrf_token": csrf_of(page), "note": "ตรวจเองแล้ว"}, max_redirects=0)
    assert r.status == 403
    assert issue_status(server, issue_id) == before
    fixer.page.context.close()

    verifier = sign_in(browser, server, "porntip")
    page = verifier.page
    page.goto(f"{server.url}/issues/{issue_id}")
    page.fill("#close-note", "สุ่มตรวจ 50 รายการ ไม่พบเบอร์ซ้ำ")
    page.click("#btn-close")
    page.wait_for_url(re.compile(r"saved=1"))
    assert issue_status(server, issue_id)[0] == "closed"
    verifier.page.context.close()


def _post_form(page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").click()
    page.wait_for_url(re.compile(r"saved=1"))


def test_the_director_approves_a_linkage_after_both_analyses_and_the_analyst_gets_403(browser, server):
    lid = "LNK-2569-006"
    analyst = sign_in(browser, server, "thanakorn")
    page = analyst.page
    page.goto(f"{server.url}/linkages/{lid}")
    page.fill("#ref-technical", "สทด. 0405/2569-101")
    _post_form(page, "#analysis-technical")
    if page.locator("#to-legal_review").count() == 0:  # the owning unit moves it on
        analyst.page.context.close()
        mover = sign_in(browser, server, "kamonchanok")
        page = mover.page
        page.goto(f"{server.url}/linkages/{lid}")
    page.fill("#note-legal_review", "วิเคราะห์ด้านเทคนิคแล้ว")
    _post_form(page, "form.transition-form:has(#to-legal_review)")
    page.context.close()

    legal = sign_in(browser, server, "anucha")
    page = legal.page
    page.goto(f"{server.url}/linkages/{lid}")
    page.fill("#ref-legal", "ฝกม. 0201/2569-033")
    _post_form(page, "#analysis-legal")
    if page.locator("#to-awaiting_decision").count() == 0:
        page.context.close()
        page = sign_in(browser, server, "kamonchanok").page
        page.goto(f"{server.url}/linkages/{lid}")
    page.fill("#note-awaiting_decision", "เสนอ ผอก. พิจารณา")
    _post_form(page, "form.transition-form:has(#to-awaiting_decision)")
    page.context.close()

    analyst = sign_in(browser, server, "thanakorn")
    page = analyst.page
    page.goto(f"{server.url}/linkages/{lid}")
    assert page.locator("#to-approved").count() == 0
    r = page.request.post(f"{server.url}/linkages/{lid}/transitions",
                          form={"csrf_token": csrf_of(page), "status": "approved", "note": "อนุมัติ"}, max_redirects=0)
    assert r.status == 403
    assert page.locator("#linkage-status").inner_text() == "awaiting_decision"
    page.context.close()

    director = sign_in(browser, server, "surachet")
    page = director.page
    assert page.locator(f"#waiting a[href='/linkages/{lid}']").count() == 1
    page.goto(f"{server.url}/linkages/{lid}")
    page.fill("#note-approved", "อนุมัติตามบันทึกข้อความ")
    _post_form(page, "form.transition-form:has(#to-approved)")
    assert page.locator("#linkage-status").inner_text() == "approved"
    page.context.close()


def _examples(page) -> list[str]:
    return [t.strip() for t in page.locator(
        "#failing article:has(code:text('expect_column_values_to_be_valid_thai_national_id:national_id')) "
        "code.example").all_inner_texts()]


def test_pii_is_masked_for_a_non_owner_and_shown_to_the_owner(browser, server):
    outsider = sign_in(browser, server, "sombat")
    outsider.page.goto(f"{server.url}/datasets/depositors")
    masked = _examples(outsider.page)
    assert masked and all(re.fullmatch(r"\d[x*]+\d", v) for v in masked), masked
    outsider.page.context.close()
    owner = sign_in(browser, server, "chaiwat")
    owner.page.goto(f"{server.url}/datasets/depositors")
    shown = _examples(owner.page)
    assert shown and all(re.fullmatch(r"\d{13}", v) for v in shown), shown
    assert [v[0] + v[-1] for v in shown] == [v[0] + v[-1] for v in masked]
    owner.page.context.close()


def test_every_write_is_in_the_audit_log_with_its_actor(browser, server):
    auditor = sign_in(browser, server, "ratchanee")
    page = auditor.page
    page.goto(f"{server.url}/audit")
    rows = page.locator("tr.audit-row").all_inner_texts()
    text = "\n".join(rows)
    for action, person in (("issue.ack", "p01"), ("issue.rca", "p01"), ("issue.close", "p01"),
                           ("issue.action_done", "p06"), ("linkage.analysis.technical", "p04"),
                           ("linkage.analysis.legal", "p12"), ("linkage.decide", "p10")):
        assert any(action in r and person in r for r in rows), (action, person, text[:2000])
    assert page.locator("form[method=post]").count() == 1  # only sign-out: nothing edits the log
    page.context.close()
    other = sign_in(browser, server, "porntip")
    other.page.goto(f"{server.url}/audit")
    assert "403" in other.page.content() and other.page.locator("tr.audit-row").count() == 0
    assert other.page.locator("nav a[href='/audit']").count() == 0
    other.page.context.close()


@pytest.mark.parametrize("width", [390, 1440])
def test_pages_fit_the_screen_without_horizontal_scrolling(browser, server, tmp_path_factory, width):
    """Screenshots are left in the session's temporary folder (console-screens/) for a person to look at."""
    SHOTS = tmp_path_factory.getbasetemp() / "console-screens"  # noqa: N806
    SHOTS.mkdir(exist_ok=True)
    opened = sign_in(browser, server, "porntip", viewport=(width, 900))
    page = opened.page
    issue_id = open_check_issue(server, "depositors") or 1
    for path in ("/", "/datasets", "/datasets/depositors", "/issues", f"/issues/{issue_id}",
                 "/linkages/LNK-2569-005", "/policies"):
        page.goto(server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, width, overflow)
        page.screenshot(path=str(SHOTS / f"{path.strip('/').replace('/', '_') or 'work'}-{width}.png"),
                        full_page=True)
    assert not opened.errors, opened.errors
    assert not opened.blocked_requests, opened.blocked_requests
    opened.page.context.close()


def test_one_defect_found_three_ways_shows_every_finding_with_what_it_means(browser, server):
    """Personal data in the public export: the security check and the catalogue's gaps (one per column) are one
    issue, whose page lists each finding with its Thai and English label and a sentence a person understands."""
    from khlang.governance.records import Issue

    with server.app.state.console.store.reading() as session:
        issue = session.scalars(select(Issue).where(Issue.dataset == "depositors_export",
                                                    Issue.code == "pii_in_public:depositors_export")).one()
        members = issue.evidence["findings"]
    assert {m["source"] for m in members} >= {"check", "catalogue"}
    opened = sign_in(browser, server, "chaiwat")
    page = opened.page
    page.goto(f"{server.url}/issues/{issue.id}")
    rows = page.locator("#findings tbody tr")
    assert rows.count() == len(members)
    panel = page.locator("#findings").inner_text()
    assert "ข้อมูลส่วนบุคคลในชุดข้อมูลเปิดเผย" in panel and "Personal data in a public dataset" in panel
    assert "ขัดต่อ พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล" in panel and "against the PDPA" in panel
    assert "ยังพบอยู่ · Still found" in panel
    page.context.close()
