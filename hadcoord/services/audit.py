"""The audit trail: who read or changed a patient's record, when, what, and from where.

Every event is a link of a hash chain (``store/audit_chain.py``): ``record`` takes the next
sequence number from the chain's head in the caller's transaction, so a rolled-back request
leaves no link behind, and ``verify`` names the first altered or missing event.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.store import AuditEvent, User
from hadcoord.store.audit_chain import HASHED_FIELDS, AuditChain, event_digest


@dataclass(frozen=True)
class Origin:
    """Where the audited actions of a request or command come from."""

    client: str = ""
    session_ref: str = ""


NOWHERE = Origin()
# The order events were recorded in within a process (several may share a timestamp).
_COUNTER = itertools.count(1)
_ORDER: WeakKeyDictionary[AuditEvent, int] = WeakKeyDictionary()
_origin: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


@contextmanager
def origin(client: str, session_ref: str = "") -> Iterator[None]:
    """Record ``client`` and ``session_ref`` with the events recorded inside the block."""
    token = _origin.set(Origin(client[:64], session_ref[:16]))
    try:
        yield
    finally:
        _origin.reset(token)


def set_origin(client: str, session_ref: str = "") -> None:
    """The origin of this thread's events until the next call (the web request's hook)."""
    _origin.set(Origin(client[:64], session_ref[:16]))


def record(session: Session, user: User | None, action: str, *, patient_id: int | None = None,
           target: str = "", detail: str = "", actor: str | None = None) -> AuditEvent:
    """Add an audit event to the session (committed with the caller's work).

    ``actor`` names a non-user author (« planificateur »); by default the user, or « anonyme ».
    Its link of the chain is taken when the session flushes (``_chain_new_events``), so the
    request takes the database's write lock no earlier than before.
    """
    where = _origin.get() or NOWHERE
    event = AuditEvent(at=utc_now(), user_id=user.id if user else None,
                       actor=actor or (user.email if user else "anonyme"), action=action,
                       patient_id=patient_id, target=target[:255], detail=detail,
                       client=where.client, session_ref=where.session_ref)
    _ORDER[event] = next(_COUNTER)
    session.add(event)
    return event


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, _context: object, _instances: object) -> None:
    """Give each new audit event its place in the chain, in the order they were added."""
    new = [item for item in session.new if isinstance(item, AuditEvent) and item.seq is None]
    if not new:
        return
    new.sort(key=lambda item: _ORDER.get(item, 0))
    seq, previous = session.execute(
        update(AuditChain).where(AuditChain.id == 1).values(seq=AuditChain.seq + len(new))
        .returning(AuditChain.seq, AuditChain.hash)
        .execution_options(synchronize_session=False)).one()
    for position, item in enumerate(new, start=seq - len(new) + 1):
        item.seq, item.prev_hash = position, previous
        item.row_hash = previous = event_digest(
            {name: getattr(item, name) for name in HASHED_FIELDS})
    session.execute(update(AuditChain).where(AuditChain.id == 1).values(hash=previous)
                    .execution_options(synchronize_session=False))


def shown(value: object) -> str:
    """A recorded value as the trail shows it (French decimal comma, dates day first)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def recent(session: Session, *, patient_id: int | None = None,
           limit: int = 200) -> list[AuditEvent]:
    """The latest events, newest first, optionally for one patient."""
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    return list(session.scalars(query).all())
