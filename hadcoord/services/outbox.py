"""The e-mail sender of the notification outbox: each row is sent by one process only.

A sender owns a row only after a conditional UPDATE (pending → sending, new claim token) that
exactly one process can win; it then sends and marks the row sent with its token. A row left
in "sending" by a sender that died (SIGKILL, power cut) is taken over once its lease is over.
The remaining window — the relay accepted the message, the process died before the database
said "sent" — re-sends with the same Message-ID (mailer.message_id).
"""

from __future__ import annotations

import datetime as dt
import smtplib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.clock import utc_now
from hadcoord.config import Settings
from hadcoord.services.mailer import message_id, send_email
from hadcoord.services.retry import in_transaction
from hadcoord.store import Notification, User

Mailer = Callable[[str, str, str, str], None]  # to, subject, body, Message-ID


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one pass of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def _claimable(now: dt.datetime, lease: dt.timedelta) -> object:
    ready = and_(Notification.status == "pending",
                 or_(Notification.next_attempt_at.is_(None),
                     Notification.next_attempt_at <= now))
    abandoned = and_(Notification.status == "sending", Notification.claimed_at < now - lease)
    return and_(Notification.channel == "email", or_(ready, abandoned))


def _claim(factory: sessionmaker[Session], notification_id: int, token: str,
           lease: dt.timedelta) -> tuple[str, str, str, str] | None:
    """Take the row (conditional UPDATE); its address, subject, body and key, or None."""

    def work(session: Session) -> tuple[str, str, str, str] | None:
        now = utc_now()
        result = session.execute(
            update(Notification).where(Notification.id == notification_id,
                                       _claimable(now, lease))  # type: ignore[arg-type]
            .values(status="sending", claimed_at=now, claim_token=token,
                    attempts=Notification.attempts + 1))
        if getattr(result, "rowcount", 0) != 1:
            return None
        row = session.execute(
            select(User.email, Notification.subject, Notification.body, Notification.dedup_key)
            .join(User, User.id == Notification.recipient_id)
            .where(Notification.id == notification_id)).one()
        return row[0], row[1], row[2], row[3]

    return in_transaction(factory, work)


def _finish(factory: sessionmaker[Session], notification_id: int, token: str,
            error: str | None, settings: Settings) -> str:
    """Mark the claimed row sent, or pending again (retry later), or failed; its new status."""

    def work(session: Session) -> str:
        row = session.get(Notification, notification_id)
        if row is None or row.claim_token != token:
            return "lost"  # taken over after the lease: the other sender decides
        now = utc_now()
        if error is None:
            row.status, row.sent_at = "sent", now
        else:
            row.last_error = error[:1000]
            if row.attempts >= settings.jobs.max_attempts:
                row.status = "failed"
            else:
                row.status = "pending"
                row.next_attempt_at = now + dt.timedelta(seconds=settings.jobs.retry_after_seconds)
        return row.status

    return in_transaction(factory, work)


def deliver_pending(factory: sessionmaker[Session], settings: Settings,
                    mailer: Mailer | None = None, limit: int = 1000) -> DeliveryReport:
    """Send the e-mails waiting in the outbox (and those abandoned by a dead sender)."""
    smtp = settings.smtp
    if not smtp.enabled:
        return DeliveryReport()
    lease = dt.timedelta(seconds=settings.jobs.sending_lease_seconds)
    send: Mailer = mailer or (lambda to, subject, body, msg_id:
                              send_email(smtp, to, subject, body, msg_id))
    ids = in_transaction(factory, lambda session: list(session.scalars(
        select(Notification.id).where(_claimable(utc_now(), lease))  # type: ignore[arg-type]
        .order_by(Notification.id).limit(limit))))
    counts = {"sent": 0, "pending": 0, "failed": 0, "lost": 0}
    for notification_id in ids:
        token = str(uuid.uuid4())
        claimed = _claim(factory, notification_id, token, lease)
        if claimed is None:
            continue  # another sender has it
        to, subject, body, key = claimed
        error = None
        try:
            send(to, subject, body, message_id(key, smtp.sender))
        except (smtplib.SMTPException, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        counts[_finish(factory, notification_id, token, error, settings)] += 1
        if settings.jobs.email_pause_seconds:
            time.sleep(settings.jobs.email_pause_seconds)
    return DeliveryReport(sent=counts["sent"], retried=counts["pending"], failed=counts["failed"])
