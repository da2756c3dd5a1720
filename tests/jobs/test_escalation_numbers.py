"""Issue 14: the escalation of an unacknowledged red alert (e-mail and in-app) carries the
patient's « Numéros à appeler » block — the HAD day and night, the first-recourse hospital —
from the contact directory, « à renseigner » until someone fills it, by reference only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.config import Settings
from hadcoord.jobs.runner import run_escalation
from hadcoord.store import DirectoryEntry, Notification, Pathway, Patient
from hadcoord.vocabulary import Channel
from tests.jobs.test_alert_episodes import check

HOSPITAL = "Centre hospitalier de Cahors"


def first_recourse(session: Session) -> None:
    patient = session.scalars(select(Patient).where(Patient.reference == "P-MINE01")).one()
    pathway = session.scalars(select(Pathway).where(Pathway.patient_id == patient.id)).one()
    pathway.first_recourse = HOSPITAL
    session.commit()


def escalation_bodies(factory: sessionmaker[Session], settings: Settings) -> dict[str, list[str]]:
    """A red check, then the escalation 16 min later (queued, not sent); bodies by channel."""
    settings = settings.model_copy(update={"smtp": settings.smtp.model_copy(update={
        "host": "127.0.0.1"})})
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, settings, now, 0, heart_rate=150)
    run_escalation(factory, settings, now + dt.timedelta(minutes=16), deliver=False)
    with factory() as session:
        rows = session.scalars(select(Notification).where(
            Notification.dedup_key.like("escalation:%"),
            Notification.recipient_id.is_not(None))).all()
        bodies: dict[str, list[str]] = {}
        for row in rows:
            bodies.setdefault(str(row.channel), []).append(row.body)
        return bodies


def test_escalation_says_the_numbers_are_to_fill(
        factory: sessionmaker[Session], settings: Settings) -> None:
    with factory() as session:
        first_recourse(session)
    bodies = escalation_bodies(factory, settings)
    assert set(bodies) == {str(Channel.EMAIL), str(Channel.IN_APP)}
    for body in [body for group in bodies.values() for body in group]:
        assert "Numéros à appeler" in body
        assert "HAD jour et nuit (HAD du CH de Cahors) : numéro à renseigner" in body
        assert f"1er recours ({HOSPITAL}) : numéro à renseigner" in body
        assert "P-MINE01" in body
        assert "FICTIF" not in body


def test_escalation_names_the_filled_numbers(
        factory: sessionmaker[Session], settings: Settings) -> None:
    with factory() as session:
        first_recourse(session)
        for key, values in (("had:had-ch-cahors", {"phone_24h": "05 00 00 00 11"}),
                            (f"hospital:{HOSPITAL}", {"phone": "05 00 00 00 14"})):
            session.add(DirectoryEntry(key=key, verified_on=dt.date(2026, 11, 30),
                                       source="essai", **values))
        session.commit()
    bodies = escalation_bodies(factory, settings)
    assert bodies
    for body in [body for group in bodies.values() for body in group]:
        assert "HAD jour et nuit (HAD du CH de Cahors) : 05 00 00 00 11" in body
        assert f"1er recours ({HOSPITAL}) : 05 00 00 00 14" in body
