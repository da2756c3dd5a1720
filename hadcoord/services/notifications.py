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

EMAIL, IN_APP = "email", "in_app"


@dataclass(frozen=True, slots=True)
class Draft:
    """A notification to queue; ``key`` identifies the event (job + day, alert…)."""

    recipient: User
    channel: str
    subject: str
    body: str
    key: str
    alert_id: int | None = None

    @property
    def dedup_key(self) -> str:
        """``<key>:user<id>:<channel>``: one message per event, recipient and channel."""
        return f"{self.key}:user{self.recipient.id}:{self.channel}"[:200]


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
        delivered = draft.channel == IN_APP
        rows.append({"recipient_id": draft.recipient.id, "channel": draft.channel,
                     "subject": draft.subject[:200], "body": draft.body,
                     "dedup_key": draft.dedup_key, "alert_id": draft.alert_id,
                     "status": "sent" if delivered else "pending", "created_at": now,
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
    query = select(User).where(User.role == role.value, User.active).order_by(User.id)
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
