"""Alert episodes (one open alert per patient), acknowledgement and escalation (issue 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.cli.db import alembic_config
from hadcoord.config import Settings
from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.jobs.runner import run_escalation
from hadcoord.monitoring import TriageLevel
from hadcoord.planning import default_protocol
from hadcoord.services import alerts as alerts_service
from hadcoord.services.alerts import AcknowledgementError, acknowledge, time_to_ack
from hadcoord.services.calendars import plan_for
from hadcoord.services.checks import expected_volume_left, record_check
from hadcoord.services.outbox import deliver_pending
from hadcoord.store import (
    Alert,
    AuditEvent,
    DailyCheckRecord,
    DirectoryEntry,
    Notification,
    Patient,
    User,
)
from hadcoord.vocabulary import AlertKind
from tests.jobs.conftest import Mailbox
from tests.support.patients import NORMAL

Server = tuple[Mailbox, int]


def check(session: Session, settings: Settings, now: dt.datetime, minutes_ago: int = 0,
          **changes: Any) -> DailyCheckRecord:
    """Record a check of P-MINE01 (volume as the plan expects it) by the HAD nurse."""
    patient = session.scalars(select(Patient).where(Patient.reference == "P-MINE01")).one()
    nurse = session.scalars(select(User).where(User.role == "had_nurse")).one()
    at = now - dt.timedelta(minutes=minutes_ago)
    assert patient.pathway is not None
    left = expected_volume_left(plan_for(patient.pathway, default_protocol()), at)
    document = {**NORMAL, "recorded_at": at.isoformat(),
                "pump": {**NORMAL["pump"], "volume_left_ml": left}, **changes}
    recorded = record_check(session, patient, document, nurse, settings, now=now)
    session.commit()
    return recorded.record


def alerts(session: Session) -> list[Alert]:
    return list(session.scalars(select(Alert).order_by(Alert.id)))


def test_six_abnormal_checks_in_an_afternoon_are_one_alert(factory: sessionmaker[Session],
                                                           settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        orange = check(session, settings, now, 300, line={**NORMAL["line"], "redness": True})
        for minutes in (240, 180, 120, 60):
            check(session, settings, now, minutes, line={**NORMAL["line"], "redness": True})
        red = check(session, settings, now, 0, heart_rate=150)
        (alert,) = alerts(session)
        assert (alert.level, alert.checks_count) == ("red", 6)
        assert alert.check_id == orange.id
        assert red.alert_id == alert.id
        assert alert.raised_at is not None
        assert "fréquence cardiaque 150/min" in alert.message


def test_a_better_check_does_not_lower_the_alert(factory: sessionmaker[Session],
                                                 settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, settings, now, 60, heart_rate=150)
        check(session, settings, now, 0, line={**NORMAL["line"], "redness": True})
        (alert,) = alerts(session)
        assert (alert.level, alert.checks_count) == ("red", 2)
        check(session, settings, now, 0)  # green: attaches nothing, closes nothing
        assert alerts(session)[0].checks_count == 2


def test_after_acknowledgement_a_new_red_opens_a_new_episode(factory: sessionmaker[Session],
                                                             settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, settings, now, 60, heart_rate=150)
        coordinator = session.scalars(select(User).where(User.role == "coordinator")).first()
        assert coordinator is not None
        first = alerts(session)[0]
        assert acknowledge(session, first, coordinator, action="first_recourse",
                           note="Adressée aux urgences", now=now)
        session.commit()
        check(session, settings, now, 0, respiratory_rate=32)
        assert [a.acknowledged_at is None for a in alerts(session)] == [False, True]


def test_acknowledgement_records_what_was_done_and_the_delay(factory: sessionmaker[Session],
                                                             settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, settings, now, 0, heart_rate=150)
        (alert,) = alerts(session)
        coordinator = session.scalars(select(User).where(User.role == "coordinator")).first()
        assert coordinator is not None
        with pytest.raises(AcknowledgementError, match="Indiquez ce qui a été fait"):
            acknowledge(session, alert, coordinator, action="", note="")
        with pytest.raises(AcknowledgementError, match="Précisez dans la note"):
            acknowledge(session, alert, coordinator, action="other", note="  ")
        assert alert.raised_at is not None
        later = alert.raised_at + dt.timedelta(minutes=12)
        assert acknowledge(session, alert, coordinator, action="haematologist",
                           note="Astreinte prévenue", now=later)
        session.commit()
        assert time_to_ack(alert) == dt.timedelta(minutes=12)
        assert (alert.ack_action, alert.ack_note) == ("haematologist", "Astreinte prévenue")
        assert not acknowledge(session, alert, coordinator, action="other", note="encore")


def test_unacknowledged_red_escalates_exactly_once(factory: sessionmaker[Session],
                                                   mail_settings: Settings,
                                                   smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, mail_settings, now, 0, heart_rate=150)
    assert deliver_pending(factory, mail_settings).sent == 5  # the red check's own e-mails
    sent_before = mailbox.count()
    early, _ = run_escalation(factory, mail_settings, now + dt.timedelta(minutes=14))
    assert early == 0
    queued, delivery = run_escalation(factory, mail_settings, now + dt.timedelta(minutes=16))
    assert queued == 8  # 4 coordinators x (e-mail + app)
    assert delivery.sent == 4
    again, _ = run_escalation(factory, mail_settings, now + dt.timedelta(minutes=30))
    assert again == 0
    new = mailbox.messages[sent_before:]
    assert len(new) == 4
    assert all(m["Subject"].startswith("[hadcoord] ESCALADE") for m in new)
    body = new[0].get_content()
    assert "astreinte d'hématologie de l'IUCT-O (numéro à renseigner dans l'annuaire)" in body
    assert "FICTIF" not in body
    with factory() as session:
        (alert,) = alerts(session)
        assert alert.escalated_at is not None
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.actor == "planificateur", AuditEvent.target == "alerte")).all()
        assert len(details) == 1
        assert details[0].startswith(f"alerte n° {alert.id} (rouge) escaladée")


def test_escalation_delay_and_on_call_contact_come_from_settings(
        factory: sessionmaker[Session], settings: Settings) -> None:
    custom = settings.model_copy(update={"monitoring": MonitoringSettings(
        escalation_delay_minutes=5, haematology_on_call_email="astreinte@iuct.test")})
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, custom, now, 0, heart_rate=150)
    queued, _ = run_escalation(factory, custom, now + dt.timedelta(minutes=6), deliver=False)
    assert queued == 4  # in-app only: no SMTP host
    with factory() as session:
        body = session.scalars(select(Notification.body).where(
            Notification.subject.like("%ESCALADE%"))).first()
        assert body is not None
        assert "(astreinte@iuct.test)" in body


def test_escalation_names_the_on_call_number_from_the_directory(
        factory: sessionmaker[Session], settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        session.add(DirectoryEntry(key="haematology:iucto-haematology",
                                   phone_on_call="05 00 00 00 13",
                                   email="astreinte-hemato@iuct.test",
                                   verified_on=dt.date(2026, 11, 30), source="appel de test"))
        session.commit()
        check(session, settings, now, 0, heart_rate=150)
    queued, _ = run_escalation(factory, settings, now + dt.timedelta(minutes=16), deliver=False)
    assert queued == 4
    with factory() as session:
        body = session.scalars(select(Notification.body).where(
            Notification.subject.like("%ESCALADE%"))).first()
        assert body is not None
        assert ("astreinte d'hématologie de l'IUCT-O (05 00 00 00 13, "
                "astreinte-hemato@iuct.test)") in body
        detail = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.actor == "planificateur", AuditEvent.target == "alerte")).one()
        assert "05 00 00 00 13" in detail


def test_orange_alerts_never_escalate(factory: sessionmaker[Session],
                                      settings: Settings) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, settings, now, 0, line={**NORMAL["line"], "redness": True})
    queued, _ = run_escalation(factory, settings, now + dt.timedelta(hours=3), deliver=False)
    assert queued == 0
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Alert).where(
            Alert.escalated_at.is_not(None))) == 0


def _open_check_alerts(session: Session) -> list[Alert]:
    return list(session.scalars(select(Alert).where(
        Alert.kind == AlertKind.CHECK, Alert.acknowledged_at.is_(None)).order_by(Alert.id)))


def _bare_alert(patient_id: int, key: str) -> Alert:
    return Alert(patient_id=patient_id, kind=AlertKind.CHECK, level=TriageLevel.ORANGE,
                 message="Relevé orange", dedup_key=key)


def test_two_checks_recorded_at_the_same_moment_share_one_episode(
        factory: sessionmaker[Session], settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The second check's process has not seen the first one's episode yet (a race)."""
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        first = check(session, settings, now, 10, heart_rate=150)
    real = alerts_service.open_check_alert
    calls = {"n": 0}

    def not_seen_yet(session: Session, patient_id: int) -> Alert | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(session, patient_id)

    monkeypatch.setattr(alerts_service, "open_check_alert", not_seen_yet)
    with factory() as session:
        second = check(session, settings, now, 0, line={**NORMAL["line"], "redness": True})
        (alert,) = _open_check_alerts(session)
        assert second.alert_id == first.alert_id == alert.id
        assert alert.checks_count == 2


def test_the_database_refuses_a_second_open_episode(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        patient_id = session.scalars(select(Patient.id).where(
            Patient.reference == "P-MINE01")).one()
        session.add(_bare_alert(patient_id, "check:a"))
        session.commit()
        session.add(_bare_alert(patient_id, "check:b"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_upgrading_closes_the_duplicate_open_episodes_of_before(
        factory: sessionmaker[Session], settings: Settings) -> None:
    url = settings.database.url
    with factory() as session:
        patient_id = session.scalars(select(Patient.id).where(
            Patient.reference == "P-MINE01")).one()
    command.downgrade(alembic_config(url), "0011")
    with factory() as session:
        session.add_all([_bare_alert(patient_id, f"check:{n}") for n in range(6)])
        session.commit()
    command.upgrade(alembic_config(url), "head")
    with factory() as session:
        (kept,) = _open_check_alerts(session)
        assert kept.dedup_key == "check:5"
        closed = session.scalars(select(Alert).where(Alert.id != kept.id)).all()
        assert len(closed) == 5
        assert all(a.ack_note == f"Fusionnée dans l'alerte n° {kept.id} (une seule alerte "
                   "ouverte par patient)." for a in closed)
