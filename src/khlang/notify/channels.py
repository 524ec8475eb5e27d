"""How a notification leaves Khlang: SMTP (Python's own smtplib/email) or a webhook (a JSON POST for chat tools).

Settings come from the environment so credentials never sit in a file of the repository:
KHLANG_SMTP_HOST (unset: no e-mail), KHLANG_SMTP_PORT (25; 465 means implicit TLS), KHLANG_SMTP_STARTTLS
(true/false, default false), KHLANG_SMTP_USER / KHLANG_SMTP_PASSWORD, KHLANG_MAIL_FROM, KHLANG_SMTP_TIMEOUT
(seconds, 20); KHLANG_WEBHOOK_URL (unset: no webhook) and KHLANG_WEBHOOK_TOKEN (a bearer token).
"""

from __future__ import annotations

import contextlib
import json
import os
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path


class DeliveryFailed(Exception):
    """The channel refused or could not be reached; the notification stays pending with this reason."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send e-mail."""

    host: str | None
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    sender: str = "khlang@localhost"
    timeout: float = 20.0

    @classmethod
    def from_env(cls) -> MailSettings:
        env = os.environ.get
        return cls(host=env("KHLANG_SMTP_HOST") or None, port=int(env("KHLANG_SMTP_PORT", "25")),
                   starttls=env("KHLANG_SMTP_STARTTLS", "false").lower() in ("1", "true", "yes"),
                   user=env("KHLANG_SMTP_USER") or None, password=env("KHLANG_SMTP_PASSWORD") or None,
                   sender=env("KHLANG_MAIL_FROM", "khlang@localhost"), timeout=float(env("KHLANG_SMTP_TIMEOUT", "20")))


def build_email(sender: str, to: str, subject: str, body: str, key: str, attachments: list[str] | None) -> EmailMessage:
    """A UTF-8 message; its Message-ID derives from the notification's key, so a receiver can drop a duplicate."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=key.replace(":", ".")[:60], domain="khlang.local")
    msg["X-Khlang-Key"] = key
    msg.set_content(body, charset="utf-8")
    for item in attachments or []:
        path = Path(item)
        maintype, subtype = ("application", "pdf") if path.suffix.lower() == ".pdf" else ("application", "octet-stream")
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


class Mailer:
    """One SMTP connection for a batch of messages, opened on first use."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def send(self, msg: EmailMessage) -> None:
        try:
            self._connection().send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise DeliveryFailed(f"SMTP {self.settings.host}:{self.settings.port}: {_reason(exc)}") from None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            s = self.settings
            if s.port == 465:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host or "", s.port, timeout=s.timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.host or "", s.port, timeout=s.timeout)
                if s.starttls:
                    smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
            self._smtp = smtp
        return self._smtp

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def post_webhook(url: str, payload: dict, token: str | None = None, timeout: float = 10.0) -> None:
    """POST the notification as JSON; any non-2xx answer is a failure."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the operator's URL
            if not 200 <= response.status < 300:
                raise DeliveryFailed(f"webhook answered {response.status}")
    except OSError as exc:
        raise DeliveryFailed(f"webhook {url.split('?')[0]}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
