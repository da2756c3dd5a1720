"""Escalation e-mailed to the haematology on-call contact of the directory (issue 12).

The outbox sends to an address as well as to user accounts: the on-call contact has no account.
Tested against the real SMTP server of tests/jobs/conftest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.config import Settings
from hadcoord.jobs.runner import run_escalation
from hadcoord.services.outbox import deliver_pending
from hadcoord.store import AuditEvent, DirectoryEntry, Notification
from hadcoord.vocabulary import Channel, NotificationStatus
from tests.jobs.conftest import Mailbox
from tests.jobs.test_alert_episodes import check

Server = tuple[Mailbox, int]
ON_CALL = "astreinte-hemato@iuct.test"


def fill_directory(session: Session, email: str) -> None:
    session.add(DirectoryEntry(key="haematology:iucto-haematology",
                               phone_on_call="05 00 00 00 13", email=email,
                               verified_on=dt.date(2026, 11, 30), source="appel de test"))
    session.commit()


def red_then_escalate(factory: sessionmaker[Session], settings: Settings,
                      mailbox: Mailbox) -> tuple[int, int]:
    """A red check, its own e-mails sent, then the escalation after 16 min; (queued, sent)."""
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, settings, now, 0, heart_rate=150)
    deliver_pending(factory, settings)
    mailbox.messages.clear()
    mailbox.recipients.clear()
    queued, delivery = run_escalation(factory, settings, now + dt.timedelta(minutes=16))
    return queued, delivery.sent


def escalation_audit(factory: sessionmaker[Session]) -> str:
    with factory() as session:
        return session.scalars(select(AuditEvent.detail).where(
            AuditEvent.actor == "planificateur", AuditEvent.target == "alerte")).one()


def test_escalation_is_emailed_to_the_directory_on_call_address(
        factory: sessionmaker[Session], mail_settings: Settings, smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    with factory() as session:
        fill_directory(session, ON_CALL)
    queued, sent = red_then_escalate(factory, mail_settings, mailbox)
    assert queued == 9  # 4 coordinators x (e-mail + app) + the on-call address
    assert sent == 5
    (to_on_call,) = mailbox.to(ON_CALL)
    assert [ON_CALL] in mailbox.recipients
    assert to_on_call["Subject"].startswith("[hadcoord] ESCALADE : alerte ROUGE non acquittée")
    body = to_on_call.get_content()
    assert "P-MINE01" in body
    assert "astreinte d'hématologie de l'IUCT-O" in body
    assert "à renseigner" not in body
    assert len(mailbox.to("coordinator@example.fr")) == 1
    with factory() as session:
        row = session.scalars(select(Notification).where(Notification.address == ON_CALL)).one()
        assert row.recipient_id is None
        assert (row.channel, row.status) == (Channel.EMAIL, NotificationStatus.SENT)
    assert f"courriel à l'astreinte : {ON_CALL}" in escalation_audit(factory)
    again, delivery = run_escalation(factory, mail_settings,
                                     dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    assert (again, delivery.sent) == (0, 0)
    assert len(mailbox.to(ON_CALL)) == 1


def test_without_an_on_call_address_the_coordinators_are_told_to_fill_it(
        factory: sessionmaker[Session], mail_settings: Settings, smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    with factory() as session:
        fill_directory(session, "")
    queued, sent = red_then_escalate(factory, mail_settings, mailbox)
    assert (queued, sent) == (8, 4)
    assert all(rcpt[0].endswith("@example.fr") for rcpt in mailbox.recipients)
    body = mailbox.to("coordinator@example.fr")[0].get_content()
    assert "e-mail de l'astreinte à renseigner" in body
    assert "e-mail de l'astreinte à renseigner" in escalation_audit(factory)


def test_the_settings_address_serves_when_the_directory_has_none(
        factory: sessionmaker[Session], mail_settings: Settings, smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    monitoring = mail_settings.monitoring.model_copy(
        update={"haematology_on_call_email": "garde@iuct.test"})
    custom = mail_settings.model_copy(update={"monitoring": monitoring})
    queued, sent = red_then_escalate(factory, custom, mailbox)
    assert (queued, sent) == (9, 5)
    assert len(mailbox.to("garde@iuct.test")) == 1


def test_an_on_call_email_the_relay_refuses_is_retried_and_told(
        factory: sessionmaker[Session], mail_settings: Settings, smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    with factory() as session:
        fill_directory(session, ON_CALL)
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        check(session, mail_settings, now, 0, heart_rate=150)
    deliver_pending(factory, mail_settings)
    _queued, _delivery = run_escalation(factory, mail_settings, now + dt.timedelta(minutes=16),
                                        deliver=False)
    with factory() as session:
        on_call_id = session.scalars(select(Notification.id).where(
            Notification.address == ON_CALL)).one()
    # The coordinators' e-mails (queued first) go through; the relay refuses the on-call one.
    sent_first = deliver_pending(factory, mail_settings, limit=4)
    assert sent_first.sent == 4
    mailbox.refuse = 1
    report = deliver_pending(factory, mail_settings)
    assert report.retried == 1
    with factory() as session:
        on_call = session.get(Notification, on_call_id)
        assert on_call is not None
        assert on_call.status == NotificationStatus.PENDING
        warned = session.scalars(select(Notification.body).where(
            Notification.dedup_key.like(f"undelivered:{on_call_id}:%"))).all()
        assert len(warned) == 4
        assert f"destiné à {ON_CALL}" in warned[0]
    assert deliver_pending(factory, mail_settings).sent == 1
    assert len(mailbox.to(ON_CALL)) == 1


def test_a_notification_needs_a_user_or_an_address(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        session.add(Notification(channel=Channel.EMAIL, subject="s", body="b",
                                 dedup_key="nobody", address=""))
        with pytest.raises(IntegrityError):
            session.commit()
