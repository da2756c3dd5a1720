"""The audit trail: who read or changed a patient's record, when, what, and from where.

Every event is a link of a hash chain (``store/audit_chain.py``): ``record`` takes the next
sequence number from the chain's head in the caller's transaction, so a rolled-back request
leaves no link behind, and ``verify`` names the first altered or missing event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.store import AuditEvent, User
from hadcoord.store.audit_chain import AuditChain, event_digest


@dataclass(frozen=True)
class Origin:
    """Where the audited actions of a request or command come from."""

    client: str = ""
    session_ref: str = ""


NOWHERE = Origin()
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
           target: str = "", detail: str = "") -> AuditEvent:
    """Add an audit event, chained to the previous one (committed with the caller's work)."""
    seq, previous = session.execute(
        update(AuditChain).where(AuditChain.id == 1).values(seq=AuditChain.seq + 1)
        .returning(AuditChain.seq, AuditChain.hash)
        .execution_options(synchronize_session=False)).one()
    where = _origin.get() or NOWHERE
    values = {"seq": seq, "at": utc_now(), "user_id": user.id if user else None,
              "actor": user.email if user else "anonyme", "action": action,
              "patient_id": patient_id, "target": target[:255], "detail": detail,
              "client": where.client, "session_ref": where.session_ref, "prev_hash": previous}
    event = AuditEvent(**values, row_hash=event_digest(values))
    session.add(event)
    session.execute(update(AuditChain).where(AuditChain.id == 1).values(hash=event.row_hash)
                    .execution_options(synchronize_session=False))
    return event


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
