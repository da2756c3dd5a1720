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

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.clock import utc_now
from hadcoord.config import Settings
from hadcoord.services.mailer import message_id, send_email
from hadcoord.services.notifications import EMAIL_SUBJECT_PREFIX, Draft, active_users, queue
from hadcoord.services.retry import in_transaction
from hadcoord.store import Notification, User
from hadcoord.vocabulary import Channel, NotificationStatus, Role

# The dedup keys of the e-mails whose failure is told in the app at once.
URGENT_KEYS = ("check:", "escalation:")
Mailer = Callable[[str, str, str, str], None]  # to, subject, body, Message-ID


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one pass of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def _destination() -> ColumnElement[str]:
    """The address an e-mail goes to: its user's, or its own (no account: the on-call)."""
    return func.coalesce(User.email, Notification.address)


def _claimable(now: dt.datetime, lease: dt.timedelta) -> object:
    ready = and_(Notification.status == NotificationStatus.PENDING,
                 or_(Notification.next_attempt_at.is_(None),
                     Notification.next_attempt_at <= now))
    abandoned = and_(Notification.status == NotificationStatus.SENDING,
                     Notification.claimed_at < now - lease)
    return and_(Notification.channel == Channel.EMAIL, or_(ready, abandoned))


def _claim(factory: sessionmaker[Session], notification_id: int, token: str,
           lease: dt.timedelta) -> tuple[str, str, str, str] | None:
    """Take the row (conditional UPDATE); its address, subject, body and key, or None."""

    def work(session: Session) -> tuple[str, str, str, str] | None:
        now = utc_now()
        result = session.execute(
            update(Notification).where(Notification.id == notification_id,
                                       _claimable(now, lease))  # type: ignore[arg-type]
            .values(status=NotificationStatus.SENDING, claimed_at=now, claim_token=token,
                    attempts=Notification.attempts + 1))
        if getattr(result, "rowcount", 0) != 1:
            return None
        row = session.execute(
            select(_destination(), Notification.subject, Notification.body,
                   Notification.dedup_key)
            .outerjoin(User, User.id == Notification.recipient_id)
            .where(Notification.id == notification_id)).one()
        return row[0], row[1], row[2], row[3]

    return in_transaction(factory, work)


def retry_delay(attempts: int, settings: Settings) -> dt.timedelta:
    """The wait before the next try after ``attempts`` failed ones (doubling, capped)."""
    jobs = settings.jobs
    seconds = jobs.retry_after_seconds * 2 ** min(attempts - 1, 20)
    return dt.timedelta(seconds=min(seconds, max(jobs.retry_max_delay_seconds,
                                                 jobs.retry_after_seconds)))


def warn_undelivered(session: Session, row: Notification) -> None:
    """Tell the coordinators in the app at once that an urgent e-mail could not be sent.

    Red-check and escalation e-mails only, one notification per e-mail; the sender goes on
    trying.
    """
    if not row.dedup_key.startswith(URGENT_KEYS):
        return
    recipient = session.get(User, row.recipient_id) if row.recipient_id else None
    address = recipient.email if recipient else row.address
    subject = "Courriel d'alerte non remis — " + row.subject.removeprefix(EMAIL_SUBJECT_PREFIX)
    body = (f"Le courriel « {row.subject} » destiné à {address or '?'} "
            f"n'a pas pu être envoyé ({row.last_error[:200]}). De nouveaux essais suivent ; "
            "prévenez le destinataire par un autre moyen.")
    drafts = [Draft(user, Channel.IN_APP, subject, body, f"undelivered:{row.id}", row.alert_id)
              for user in active_users(session, Role.COORDINATOR)]
    queue(session, drafts, email_enabled=False)


def _finish(factory: sessionmaker[Session], notification_id: int, token: str,
            error: str | None, settings: Settings) -> str:
    """Mark the claimed row sent, or pending again (retry later), or failed; its new status."""

    def work(session: Session) -> str:
        row = session.get(Notification, notification_id)
        if row is None or row.claim_token != token:
            return "lost"  # taken over after the lease: the other sender decides
        now = utc_now()
        if error is None:
            row.status, row.sent_at = NotificationStatus.SENT, now
        else:
            row.last_error = error[:1000]
            if row.attempts >= settings.jobs.max_attempts:
                row.status = NotificationStatus.FAILED
            else:
                row.status = NotificationStatus.PENDING
                row.next_attempt_at = now + retry_delay(row.attempts, settings)
            if row.attempts == 1:
                warn_undelivered(session, row)
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


def undelivered_filter(settings: Settings, now: dt.datetime) -> object:
    """E-mails failed for good, or still unsent ``late_after_minutes`` after being queued."""
    late = now - dt.timedelta(minutes=settings.jobs.late_after_minutes)
    waiting = or_(Notification.status == NotificationStatus.PENDING,
                  Notification.status == NotificationStatus.SENDING)
    return and_(Notification.channel == Channel.EMAIL,
                or_(Notification.status == NotificationStatus.FAILED,
                    and_(waiting, Notification.created_at < late)))


def undelivered(session: Session, settings: Settings, limit: int = 500
                ) -> list[tuple[Notification, str]]:
    """The failed and late e-mails, oldest first, with their recipient's address."""
    rows = session.execute(
        select(Notification, _destination())
        .outerjoin(User, User.id == Notification.recipient_id)
        .where(undelivered_filter(settings, utc_now()))  # type: ignore[arg-type]
        .order_by(Notification.created_at).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def undelivered_count(session: Session, settings: Settings) -> int:
    """How many e-mails are failed or late."""
    return session.scalar(select(func.count(Notification.id)).where(
        undelivered_filter(settings, utc_now()))) or 0  # type: ignore[arg-type]
