"""Notifications: queued once (UNIQUE dedup key), read in the in-app inbox.

Queueing is an INSERT … ON CONFLICT (dedup_key) DO NOTHING in the caller's transaction: a job
run twice, by a restarted or a second scheduler, queues nothing the second time. In-app rows are
delivered by being written (status "sent"); e-mail rows wait for the sender (outbox.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.store import Notification, Role, User
from hadcoord.vocabulary import Channel, NotificationStatus

EMAIL, IN_APP = Channel.EMAIL, Channel.IN_APP
# E-mails say where they come from in their subject; in the app, the context says it.
EMAIL_SUBJECT_PREFIX = "[hadcoord] "


@dataclass(frozen=True, slots=True)
class Draft:
    """A notification to queue; ``key`` identifies the event (job + day, alert…).

    To a user (``recipient``), or, with ``recipient`` None, an e-mail to ``address`` (someone
    without an account: the on-call contact of the directory).
    """

    recipient: User | None
    channel: Channel
    subject: str
    body: str
    key: str
    alert_id: int | None = None
    address: str = ""

    @property
    def dedup_key(self) -> str:
        """One message per event, recipient and channel.

        ``<key>:user<id>:<channel>``, or ``<key>:to:<address>:<channel>`` without a user.
        """
        if self.recipient is None:
            return f"{self.key}:to:{self.address.lower()}:{self.channel}"[:200]
        return f"{self.key}:user{self.recipient.id}:{self.channel}"[:200]


def to_address(address: str, subject: str, body: str, key: str,
               alert_id: int | None = None) -> Draft:
    """An e-mail to an address that has no account."""
    return Draft(None, EMAIL, subject, body, key, alert_id, address)


def insert_ignoring_duplicates(session: Session, table: Any, rows: list[dict[str, Any]],
                               returning: Any) -> list[Any]:
    """INSERT the rows, skipping those whose unique key exists; the inserted ``returning``."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(rows).on_conflict_do_nothing().returning(returning)
    return list(session.scalars(statement))


def queue(session: Session, drafts: Iterable[Draft], *, email_enabled: bool,
          now: dt.datetime | None = None) -> int:
    """Queue the drafts (e-mail ones only if e-mail is configured); how many were new."""
    now = now or utc_now()
    rows = []
    for draft in drafts:
        if draft.channel == EMAIL and not email_enabled:
            continue
        if draft.recipient is None and (draft.channel != EMAIL or not draft.address):
            msg = "a notification without a user is an e-mail to an address"
            raise ValueError(msg)
        delivered = draft.channel == IN_APP
        subject = draft.subject if delivered else EMAIL_SUBJECT_PREFIX + draft.subject
        rows.append({"recipient_id": draft.recipient.id if draft.recipient else None,
                     "address": "" if draft.recipient else draft.address,
                     "channel": draft.channel,
                     "subject": subject[:200], "body": draft.body,
                     "dedup_key": draft.dedup_key, "alert_id": draft.alert_id,
                     "status": NotificationStatus.SENT if delivered
                     else NotificationStatus.PENDING, "created_at": now,
                     "sent_at": now if delivered else None, "attempts": 0, "last_error": ""})
    return len(insert_ignoring_duplicates(session, Notification.__table__, rows,
                                          Notification.__table__.c.id))


def both_channels(recipient: User, subject: str, body: str, key: str,
                  alert_id: int | None = None) -> list[Draft]:
    """The same message by e-mail and in the app."""
    return [Draft(recipient, channel, subject, body, key, alert_id)
            for channel in (EMAIL, IN_APP)]


def active_users(session: Session, role: Role, had: str | None = None) -> Sequence[User]:
    """Active users of a role (HAD nurses: of one HAD), in a stable order."""
    query = select(User).where(User.role == role, User.active).order_by(User.id)
    if had is not None:
        query = query.where(User.had_establishment_id == had)
    return session.scalars(query).all()


def inbox(session: Session, user: User, limit: int = 100) -> Sequence[Notification]:
    """The user's in-app notifications, newest first."""
    return session.scalars(
        select(Notification).where(Notification.recipient_id == user.id,
                                   Notification.channel == IN_APP)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).all()


def unread_count(session: Session, user: User) -> int:
    """How many in-app notifications the user has not marked read."""
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.recipient_id == user.id, Notification.channel == IN_APP,
        Notification.read_at.is_(None))) or 0


def mark_all_read(session: Session, user: User, now: dt.datetime | None = None) -> int:
    """Mark the user's unread in-app notifications read; how many; the caller commits."""
    result = session.execute(
        update(Notification).where(Notification.recipient_id == user.id,
                                   Notification.channel == IN_APP,
                                   Notification.read_at.is_(None))
        .values(read_at=now or utc_now()))
    return int(getattr(result, "rowcount", 0) or 0)
