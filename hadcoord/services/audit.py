"""The audit trail: who read or changed a patient's record, when, and what."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.store import AuditEvent, User


def record(session: Session, user: User | None, action: str, *, patient_id: int | None = None,
           target: str = "", detail: str = "") -> AuditEvent:
    """Add an audit event to the session (committed with the request's work)."""
    event = AuditEvent(user_id=user.id if user else None,
                       actor=user.email if user else "anonyme", action=action,
                       patient_id=patient_id, target=target[:255], detail=detail)
    session.add(event)
    return event


def recent(session: Session, *, patient_id: int | None = None,
           limit: int = 200) -> Sequence[AuditEvent]:
    """The latest events, newest first, optionally for one patient."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    return session.scalars(query).all()
