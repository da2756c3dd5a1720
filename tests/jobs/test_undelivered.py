"""Notifications that never fail silently (issue 16): retries with a growing delay for hours,
failed and late e-mails shown to the admin and the coordinators, an in-app warning when a
red-check e-mail could not be sent, red-check e-mails queued whatever the web's [smtp]."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.clock import FrozenClock, utc_now
from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.config.jobs import JobsSettings
from hadcoord.services.checks import record_check
from hadcoord.services.outbox import deliver_pending, retry_delay
from hadcoord.store import Notification, Patient, User
from tests.jobs.conftest import Mailbox
from tests.support.patients import NORMAL
from tests.support.web import ClientAs, page_text

Server = tuple[Mailbox, int]
RED = {**NORMAL, "temperature_c": 38.9, "pump": {**NORMAL["pump"], "volume_left_ml": 0.0}}


def red_check(factory: sessionmaker[Session], settings: Settings) -> None:
    with factory() as session:
        mine = session.scalars(select(Patient).where(Patient.reference == "P-MINE01")).one()
        nurse = session.scalars(select(User).where(User.role == "had_nurse")).one()
        record_check(session, mine, RED, nurse, settings, now=utc_now())
        session.commit()


def emails(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return dict(session.execute(select(Notification.status, func.count()).where(
            Notification.channel == "email").group_by(Notification.status)).all())


def test_default_retries_last_hours_not_minutes() -> None:
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={})
    waits = [retry_delay(attempt, settings) for attempt in range(1, settings.jobs.max_attempts)]
    assert waits[:3] == [dt.timedelta(seconds=60), dt.timedelta(seconds=120),
                         dt.timedelta(seconds=240)]
    assert max(waits) == dt.timedelta(minutes=30)
    assert sum(waits, dt.timedelta()) > dt.timedelta(hours=12)  # today: about 5 minutes


def test_red_check_email_is_queued_without_smtp_in_the_web_process(
        factory: sessionmaker[Session], settings: Settings) -> None:
    assert not settings.smtp.enabled  # the web process has no [smtp]
    red_check(factory, settings)
    assert emails(factory) == {"pending": 5}  # 4 coordinators + the HAD nurse


def test_undelivered_red_check_email_warns_in_the_app_and_shows_as_failed(
        factory: sessionmaker[Session], mail_settings: Settings, smtp_server: Server,
        client_as: ClientAs) -> None:
    mailbox, _port = smtp_server
    mailbox.refuse = 100
    settings = mail_settings.model_copy(update={
        "jobs": JobsSettings(retry_after_seconds=0, max_attempts=2)})
    red_check(factory, settings)
    deliver_pending(factory, settings)
    with factory() as session:
        warnings = session.scalars(select(Notification).where(
            Notification.dedup_key.like("undelivered:%"))).all()
    assert len(warnings) == 5 * 4  # each undelivered e-mail, told to each of 4 coordinators
    assert all(w.subject == "Courriel d'alerte non remis — Relevé ROUGE — patient P-MINE01"
               for w in warnings)
    assert "451" in warnings[0].body
    deliver_pending(factory, settings)
    assert emails(factory) == {"failed": 5}
    deliver_pending(factory, settings)  # no second warning for the same e-mail
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Notification).where(
            Notification.dedup_key.like("undelivered:%"))) == 20
    for role in ("coordinator", "admin"):
        client: FlaskClient = client_as(role)
        assert "5 courriel(s) en échec ou en retard" in page_text(client.get("/notifications/"))
        page = page_text(client.get("/notifications/envois"))
        assert page.count("en échec</span>") == 5
    assert client_as("had_nurse").get("/notifications/envois").status_code == 403


def test_an_email_waiting_too_long_is_late(factory: sessionmaker[Session], settings: Settings,
                                           client_as: ClientAs,
                                           frozen_clock: FrozenClock) -> None:
    red_check(factory, settings)  # no scheduler sends it
    client = client_as("coordinator")
    assert "Aucun courriel en échec ni en retard" in page_text(client.get("/notifications/"))
    frozen_clock.advance(dt.timedelta(minutes=11))
    assert "5 courriel(s) en échec ou en retard" in page_text(client.get("/notifications/"))
    assert page_text(client.get("/notifications/envois")).count("en retard</span>") == 5
