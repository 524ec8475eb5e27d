"""People told in time (issue 10): e-mail through a real SMTP server started here (aiosmtpd), kept in the store.

Every notification is kept with its delivery state; a server that is down fails nothing and the unsent go
out on the next run, once.
"""

from __future__ import annotations

import datetime as dt
import email
import json
import socket
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from khlang.declarations import load_catalog
from khlang.governance.sync import sync_issues
from khlang.notify.records import Notification
from khlang.notify.service import deliver, notify, queue
from khlang.store import open_store
from tests.conftest import REPO
from tests.test_governance import at, checked, null_check

pytestmark = pytest.mark.usefixtures("data_sources_only")  # the check/gap/policy loop alone

D = dt.date


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every message that arrives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd's hook name
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("KHLANG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KHLANG_SMTP_PORT", str(port))
    monkeypatch.setenv("KHLANG_MAIL_FROM", "khlang@pwo.example.go.th")
    monkeypatch.delenv("KHLANG_WEBHOOK_URL", raising=False)
    yield inbox
    controller.stop()


@pytest.fixture
def escalated_store(tmp_path):
    """A store with one failing check whose issue is overdue and escalated to the committee."""
    catalog = load_catalog(REPO / "catalog")
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    checked(store, "q1", [null_check(False)], at(D(2026, 10, 1)))
    sync_issues(catalog, store, "i1", D(2026, 10, 1))
    sync_issues(catalog, store, "i2", D(2026, 11, 1))
    return catalog, store


def _rows(store) -> list[Notification]:
    with store.reading() as s:
        return list(s.scalars(select(Notification).order_by(Notification.id)).all())


def test_digests_and_escalations_reach_the_right_people_once(smtp, escalated_store):
    catalog, store = escalated_store
    as_of = D(2026, 11, 1)
    first = notify(store, catalog, as_of, run_key="n1")
    assert first["sent"] == first["queued"] > 0 and first["pending"] == 0
    by_person: dict[str, list] = {}
    for rcpt, msg in smtp.messages:
        by_person.setdefault(rcpt[0], []).append(msg)
    assignees = {catalog.person(a["person"]).email for a in _issue_assignees(store)
                 if catalog.person(a["person"]).active}
    committee = {catalog.person(p).email for p in catalog.organisation.governance.committee}
    digests = {r for r, msgs in by_person.items() for m in msgs if "งานของคุณ" in m["Subject"]}
    assert digests == assignees
    escalated_to = {r for r, msgs in by_person.items() for m in msgs if "ยกระดับ" in m["Subject"]}
    assert committee <= escalated_to and assignees <= escalated_to  # level 2 (collect) and level 1 (rca)
    one = next(m for m in by_person[next(iter(assignees))] if "งานของคุณ" in m["Subject"])
    body = one.get_content()
    assert "เกินกำหนด · Overdue" in body and "2569" in body  # Thai first, English beside, B.E. dates
    assert one["Message-ID"] and one["X-Khlang-Key"].startswith("digest:")
    # a re-run the same day tells nobody again; every message is kept with its delivery state
    again = notify(store, catalog, as_of, run_key="n1-retry")
    assert again == {"queued": 0, "sent": 0, "failed": 0, "pending": 0, "errors": []}
    assert len(smtp.messages) == first["sent"]
    rows = _rows(store)
    assert all(r.status == "sent" and r.sent_at is not None and r.attempts == 1 for r in rows)
    assert {r.address for r in rows} == {rcpt[0] for rcpt, _ in smtp.messages}


def _issue_assignees(store):
    from khlang.governance.records import Issue

    with store.reading() as s:
        return s.scalars(select(Issue)).first().assignees


def test_a_mail_server_that_is_down_fails_nothing_and_the_unsent_go_out_next_run(escalated_store, monkeypatch):
    from aiosmtpd.controller import Controller

    catalog, store = escalated_store
    port = free_port()  # nobody listens here yet
    monkeypatch.setenv("KHLANG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KHLANG_SMTP_PORT", str(port))
    monkeypatch.setenv("KHLANG_SMTP_TIMEOUT", "3")
    down = notify(store, catalog, D(2026, 11, 1), run_key="n1")
    assert down["queued"] > 0 and down["sent"] == 0 and down["pending"] == down["queued"]
    assert "Connection refused" in down["errors"][0] or "refused" in down["errors"][0].lower()
    rows = _rows(store)
    assert all(r.status == "pending" and r.attempts == 1 and r.last_error for r in rows)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        up = notify(store, catalog, D(2026, 11, 1), run_key="n2")
        assert up["queued"] == 0 and up["sent"] == down["queued"]
        assert len(inbox.messages) == down["queued"]
        assert notify(store, catalog, D(2026, 11, 1), run_key="n3")["sent"] == 0
        assert len(inbox.messages) == down["queued"]  # never twice
    finally:
        controller.stop()
    assert all(r.status == "sent" and r.attempts == 2 and r.last_error is None for r in _rows(store))


def test_a_delivery_interrupted_mid_send_is_never_sent_again(smtp, escalated_store):
    catalog, store = escalated_store
    from khlang.notify.compose import digests

    drafts = digests(catalog, store, D(2026, 11, 1))
    queue(store, catalog, drafts)
    with store.transaction() as s:  # as if the process died after handing the first message to the server
        first = s.scalars(select(Notification).order_by(Notification.id)).first()
        first.status, first.attempts = "sending", 1
    result = deliver(store)
    assert result.sent == len(drafts) - 1
    rows = _rows(store)
    assert rows[0].status == "failed" and "not sent again" in rows[0].last_error
    assert first.key not in {m["X-Khlang-Key"] for _, m in smtp.messages}


def test_people_who_left_are_never_told_and_a_webhook_gets_json(escalated_store, monkeypatch):
    catalog, store = escalated_store
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's hook name
            length = int(self.headers["Content-Length"])
            received.append({"auth": self.headers.get("Authorization"),
                             "body": json.loads(self.rfile.read(length).decode("utf-8"))})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # noqa: ANN002
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.delenv("KHLANG_SMTP_HOST", raising=False)
    monkeypatch.setenv("KHLANG_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook?secret=1")
    monkeypatch.setenv("KHLANG_WEBHOOK_TOKEN", "t0ken")
    try:
        out = notify(store, catalog, D(2026, 11, 1), run_key="n1")
    finally:
        server.shutdown()
    hooks = [r for r in _rows(store) if r.channel == "webhook"]
    assert hooks and all(r.status == "sent" for r in hooks) and len(received) == len(hooks)
    assert all(r["auth"] == "Bearer t0ken" and r["body"]["subject"] and r["body"]["key"] for r in received)
    mails = [r for r in _rows(store) if r.channel == "email"]
    assert mails and all(r.status == "pending" and "no mail server configured" in r.last_error for r in mails)
    assert out["sent"] == len(hooks)
    left = {p.id for p in catalog.people.values() if not p.active}
    assert left and not ({r.person for r in _rows(store)} & left)
    assert all("secret" not in r.address for r in hooks)


def test_the_published_committee_report_goes_out_with_its_pdf_once(smtp, escalated_store, tmp_path):
    from khlang.notify.compose import report_published

    catalog, store = escalated_store
    pdf = tmp_path / "index.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% khlang test report\n%%EOF\n")
    for _ in range(2):
        notify(store, catalog, D(2026, 11, 1), run_key="n", extra=report_published(catalog, "2026Q4", str(pdf)))
    reports = [(r, m) for r, m in smtp.messages if "Committee report 2026Q4" in m["Subject"]]
    wanted = {catalog.person(p).email for p in catalog.organisation.governance.committee if catalog.person(p).active}
    assert {r[0] for r, _ in reports} >= wanted and len(reports) == len({r[0] for r, _ in reports})
    [attachment] = list(reports[0][1].iter_attachments())
    assert attachment.get_filename() == "index.pdf" and attachment.get_content().startswith(b"%PDF")


def test_each_decision_reaches_the_person_who_must_make_it_once(smtp, tmp_path):
    """The committee report's "Decisions required", read on the day, mailed to each decider: the linkage
    awaiting the Director to the Director, WMS's unconfigured backup to its digital owner."""
    catalog = load_catalog(REPO / "catalog")
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    first = notify(store, catalog, D(2026, 12, 2), run_key="n1")
    assert first["failed"] == 0
    mails = {rcpt[0]: m for rcpt, m in smtp.messages if m["X-Khlang-Key"].startswith("decisions:")}
    director = mails[catalog.person("p10").email].get_content()
    assert "LNK-2569-005" in director and "อนุมัติ ส่งกลับทบทวน หรือไม่อนุมัติ" in director
    assert "Approve, return for review, or reject" in director and "2569" in director
    owner = mails[catalog.person("p03").email].get_content()
    assert "WMS" in owner and "LNK-2569-005" not in owner, "each person gets the decisions that are theirs"
    assert all(catalog.person(p).email not in mails for p in catalog.people if not catalog.person(p).active)
    again = notify(store, catalog, D(2026, 12, 2), run_key="n2")
    assert again["queued"] == 0 and len(smtp.messages) == first["sent"]
