"""E-mail through the configured SMTP relay (smtplib), one message per connection."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime

from hadcoord import clock
from hadcoord.config.jobs import SmtpSettings


def message_id(dedup_key: str, sender: str) -> str:
    """A Message-ID fixed by the notification's dedup key.

    A message re-sent after a crash between the relay's acceptance and the database update
    keeps the same Message-ID, so mail clients and archives recognise it as the same message.
    """
    digest = hashlib.sha256(dedup_key.encode("utf-8")).hexdigest()[:32]
    domain = sender.rsplit("@", 1)[-1] if "@" in sender else "hadcoord.invalid"
    return f"<{digest}@{domain}>"


def build_message(smtp: SmtpSettings, to: str, subject: str, body: str,
                  msg_id: str) -> EmailMessage:
    """The e-mail, plain text UTF-8."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.now())  # Paris time, its offset (+0100 / +0200)
    message["Message-ID"] = msg_id
    message.set_content(body)
    return message


def tls_context(smtp: SmtpSettings) -> ssl.SSLContext:
    """The STARTTLS client context: the system's CAs, or only those of ``[smtp].ca_file``."""
    cafile = str(smtp.ca_file) if smtp.ca_file is not None else None
    return ssl.create_default_context(cafile=cafile)


def send_email(smtp: SmtpSettings, to: str, subject: str, body: str, msg_id: str) -> None:
    """Send one message.

    Raises
    ------
    smtplib.SMTPException, OSError
        The relay is unreachable or refuses the message.
    """
    message = build_message(smtp, to, subject, body, msg_id)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds) as client:
        if smtp.starttls:  # certificate and host name checked (against ca_file if set)
            client.starttls(context=tls_context(smtp))
        if smtp.user:
            client.login(smtp.user, smtp.password)
        client.send_message(message)
