"""Checking the audit trail's hash chain; the only way to remove old events (a purge).

The purge records itself as an event of the chain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.config.operations import MINIMUM_RETENTION_DAYS
from hadcoord.errors import HadcoordError
from hadcoord.services import audit
from hadcoord.store import AuditEvent, User
from hadcoord.store.audit_chain import HASHED_FIELDS, AuditChain, event_digest

BATCH = 1000


class PurgeDateError(HadcoordError, ValueError):
    """No retention configured and no date given, a bad date, or one inside six months."""


def purge_limit(day: dt.date | None, retention_days: int, today: dt.date) -> dt.datetime:
    """Midnight (local) of the first day kept: ``day``, or ``today`` minus the retention.

    Raises
    ------
    PurgeDateError
        Neither a day nor a retention, or a day less than six months before ``today``
        (``MINIMUM_RETENTION_DAYS``: never inside the CNIL's minimum).
    """
    if day is None:
        if not retention_days:
            msg = ("aucune durée de conservation n'est configurée ([audit].retention_days) : "
                   "donnez la date avec « --before AAAA-MM-JJ »")
            raise PurgeDateError(msg)
        day = today - dt.timedelta(days=retention_days)
    latest = today - dt.timedelta(days=MINIMUM_RETENTION_DAYS)
    if day > latest:
        msg = (f"purge avant le {day:%d/%m/%Y} refusée : le journal d'audit garde au moins "
               f"six mois d'événements ({MINIMUM_RETENTION_DAYS} jours, recommandation de la "
               f"CNIL sur la journalisation) ; date possible : le {latest:%d/%m/%Y} au plus "
               "tard")
        raise PurgeDateError(msg)
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.zone())


@dataclass(frozen=True)
class ChainReport:
    """What ``verify`` found: how many events were checked, and the first break if any."""

    checked: int
    head_seq: int
    head_hash: str
    problem: str | None = None

    @property
    def intact(self) -> bool:
        """Whether every link holds."""
        return self.problem is None


def _values(event: AuditEvent) -> dict[str, object]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def _break(event: AuditEvent, expected_seq: int, previous: str) -> str | None:
    """The first problem at ``event`` given the expected position and previous hash."""
    if event.seq > expected_seq:
        missing = (f"n° {expected_seq}" if event.seq == expected_seq + 1
                   else f"n° {expected_seq} à {event.seq - 1}")
        return f"événement(s) {missing} manquant(s) (supprimé(s) : la chaîne reprend au n° " \
               f"{event.seq})"
    if event_digest(_values(event)) != event.row_hash:
        return f"l'événement n° {event.seq} a été modifié (son empreinte ne correspond plus)"
    if event.prev_hash != previous:
        return (f"l'événement n° {event.seq} ne suit pas le précédent (chaîne rompue : "
                "événement précédent modifié, supprimé ou inséré)")
    return None


def verify(session: Session) -> ChainReport:
    """Walk the chain from the purge anchor to the head, naming the first break found."""
    chain = session.get(AuditChain, 1)
    if chain is None:
        return ChainReport(0, 0, "", "la tête de chaîne du journal d'audit est absente")
    expected, previous, checked = chain.purged_through + 1, chain.anchor_hash, 0
    while True:
        events = session.scalars(select(AuditEvent).where(AuditEvent.seq >= expected)
                                 .order_by(AuditEvent.seq).limit(BATCH)).all()
        for event in events:
            problem = _break(event, expected, previous)
            if problem:
                return ChainReport(checked, chain.seq, chain.hash, problem)
            expected, previous, checked = event.seq + 1, event.row_hash, checked + 1
        if len(events) < BATCH:
            break
    if expected - 1 != chain.seq or previous != chain.hash:
        problem = (f"les derniers événements manquent : la chaîne s'arrête au n° "
                   f"{expected - 1}, sa tête annonce le n° {chain.seq}")
        return ChainReport(checked, chain.seq, chain.hash, problem)
    return ChainReport(checked, chain.seq, chain.hash)


def purge_before(session: Session, before: dt.datetime, user: User | None,
                 actor: str | None = None) -> int:
    """Delete the events older than ``before`` (the caller commits), then record the purge.

    The chain's anchor moves to the last deleted event first (the database's trigger allows
    no other deletion), so ``verify`` still checks the rest from there. ``actor`` names a
    non-user author (« planificateur »).
    """
    last = session.scalar(select(func.max(AuditEvent.seq)).where(AuditEvent.at < before))
    if last is None:
        audit.record(session, user, "audit_purge", actor=actor,
                     detail=f"0 événement antérieur au {before:%d/%m/%Y} supprimé")
        return 0
    anchor = session.scalar(select(AuditEvent.row_hash).where(AuditEvent.seq == last))
    assert anchor is not None
    removed = session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.seq <= last)) or 0
    session.execute(update(AuditChain).where(AuditChain.id == 1)
                    .values(purged_through=last, anchor_hash=anchor)
                    .execution_options(synchronize_session=False))
    session.execute(delete(AuditEvent).where(AuditEvent.seq <= last)
                    .execution_options(synchronize_session=False))
    audit.record(session, user, "audit_purge", actor=actor,
                 detail=f"{removed} événement(s) antérieur(s) au {before:%d/%m/%Y} supprimé(s) "
                        f"(jusqu'au n° {last})")
    return removed
