"""Queue what people must be told, then deliver it; a channel that is down never fails the caller."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from khlang.dates import utcnow
from khlang.declarations import Catalog
from khlang.identity import SCHEDULER, audit
from khlang.notify.channels import DeliveryFailed, Mailer, MailSettings, build_email, post_webhook
from khlang.notify.compose import COMPOSERS, Draft
from khlang.notify.records import FAILED, PENDING, SENDING, SENT, Notification
from khlang.store import Store

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


@dataclass
class Delivery:
    """What one delivery run did."""

    queued: int = 0
    sent: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"queued": self.queued, "sent": self.sent, "failed": self.failed, "pending": self.pending,
                "errors": self.errors[:10]}


def queue(store: Store, catalog: Catalog, drafts: Iterable[Draft], run_key: str | None = None) -> int:
    """Keep each draft as a pending notification per channel; a key already queued is left as it is."""
    webhook = os.environ.get("KHLANG_WEBHOOK_URL")
    added = 0
    with store.transaction() as session:
        known = set(session.scalars(select(Notification.key)).all())
        for draft in drafts:
            person = catalog.person(draft.person)
            channels = [("email", person.email)] if person is not None and person.email else []
            if webhook:
                channels.append(("webhook", webhook.split("?")[0]))
            for channel, address in channels:
                key = draft.key if channel == "email" else f"{draft.key}:webhook"
                if key in known:
                    continue
                known.add(key)
                session.add(Notification(key=key, kind=draft.kind, channel=channel, person=draft.person,
                                         address=address or "", subject=draft.subject, body=draft.body,
                                         payload=draft.payload, attachments=list(draft.attachments) or None,
                                         status=PENDING, attempts=0, created_at=utcnow(), run_key=run_key))
                added += 1
        if added:
            audit(session, SCHEDULER, "notifications.queue", "notifications", run_key or "manual",
                  after={"queued": added})
    return added


def compose_all(store: Store, catalog: Catalog, as_of: dt.date) -> list[Draft]:
    """Every registered composer's drafts as of one day."""
    return [d for compose in COMPOSERS.values() for d in compose(catalog, store, as_of)]


def deliver(store: Store, mail: MailSettings | None = None) -> Delivery:
    """Send what is pending, oldest first; each outcome is committed before the next message goes out.

    A row is marked `sending` (committed) before it is handed to the channel and `sent` right after, so a
    run killed in between leaves it `sending`: the next run marks it failed ("interrupted") instead of sending
    it again — a person is never told twice; the stored error says what to check.
    """
    mail = mail or MailSettings.from_env()
    result = Delivery()
    _interrupted(store)
    with store.reading() as session:
        ids = session.scalars(select(Notification.id).where(Notification.status == PENDING)
                              .order_by(Notification.id)).all()
    mailer = Mailer(mail)
    try:
        for nid in ids:
            with store.transaction() as session:
                n = session.get(Notification, nid)
                if n is None or n.status != PENDING:
                    continue
                n.status, n.attempts = SENDING, n.attempts + 1
                item = (n.key, n.channel, n.address, n.subject, n.body, n.attachments, n.payload, n.person, n.kind)
            error = _send(mailer, mail, *item)
            with store.transaction() as session:
                n = session.get_one(Notification, nid)  # marked sending above, so it is there
                if error is None:
                    n.status, n.sent_at, n.last_error = SENT, utcnow(), None
                    result.sent += 1
                else:
                    n.status = FAILED if n.attempts >= MAX_ATTEMPTS else PENDING
                    n.last_error = error
                    result.failed += int(n.status == FAILED)
                    result.pending += int(n.status == PENDING)
                    result.errors.append(error)
    finally:
        mailer.close()
    if result.errors:
        log.warning("notifications: %d not delivered (%s); they are retried on the next run",
                    len(result.errors), result.errors[0])
    return result


def _send(mailer: Mailer, mail: MailSettings, key: str, channel: str, address: str, subject: str, body: str,
          attachments: list | None, payload: dict | None, person: str | None, kind: str) -> str | None:
    """None when delivered, else the reason."""
    try:
        if channel == "email":
            if not mail.host:
                return "no mail server configured (KHLANG_SMTP_HOST)"
            mailer.send(build_email(mail.sender, address, subject, body, key, attachments))
        else:
            url = os.environ.get("KHLANG_WEBHOOK_URL")
            if not url:
                return "no webhook configured (KHLANG_WEBHOOK_URL)"
            post_webhook(url, {"key": key, "kind": kind, "person": person, "subject": subject, "text": body,
                               "data": payload or {}}, os.environ.get("KHLANG_WEBHOOK_TOKEN"))
    except DeliveryFailed as exc:
        return str(exc)
    except OSError as exc:  # an attachment that disappeared
        return f"{type(exc).__name__}: {exc}"
    return None


def _interrupted(store: Store) -> None:
    with store.transaction() as session:
        for n in session.scalars(select(Notification).where(Notification.status == SENDING)).all():
            n.status = FAILED
            n.last_error = ("interrupted while being delivered; not sent again so that nobody is told twice "
                            "(check the mail server's log for its Message-ID)")


def notify(store: Store, catalog: Catalog, as_of: dt.date, run_key: str | None = None,
           extra: Iterable[Draft] = ()) -> dict:
    """Compose, queue and deliver: what the DAG's notify task does."""
    queued = queue(store, catalog, [*compose_all(store, catalog, as_of), *extra], run_key)
    result = deliver(store)
    result.queued = queued
    return result.to_dict()
