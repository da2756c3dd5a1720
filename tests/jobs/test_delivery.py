"""The daily jobs and the outbox against a real SMTP server: each message delivered once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from hadcoord import clock
from hadcoord.clock import PARIS, FrozenClock, utc_now
from hadcoord.config import Settings
from hadcoord.jobs.runner import run_job, runs_to_catch_up
from hadcoord.services.checks import record_check
from hadcoord.services.mailer import message_id
from hadcoord.services.outbox import deliver_pending
from hadcoord.store import Alert, Notification, Patient, User
from tests.jobs.conftest import Mailbox
from tests.support.patients import NORMAL

Server = tuple[Mailbox, int]
COORDINATORS = [f"coordinator{n}@example.fr" for n in ("", 1, 2, 3)]


def today() -> dt.date:
    return clock.today()


def statuses(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        rows = session.execute(select(Notification.status, func.count())
                               .where(Notification.channel == "email")
                               .group_by(Notification.status)).all()
    return dict(rows)


def test_morning_digest_reaches_each_coordinator_once(factory: sessionmaker[Session],
                                                      mail_settings: Settings,
                                                      smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    report = run_job("morning_digest", today(), factory, mail_settings)
    assert (report.queued, report.delivery.sent) == (8, 4)  # 4 coordinators x (e-mail + app)
    assert sorted(m["To"] for m in mailbox.messages) == sorted(COORDINATORS)
    message = mailbox.messages[0]
    body = message.get_content()
    assert message["Subject"].startswith(f"[hadcoord] Synthèse du {today():%d/%m/%Y}")
    assert "Relevés quotidiens attendus (patients à domicile) (2)" in body
    assert "P-MINE01 — aucun relevé encore" in body
    assert "FICTIF" not in body  # e-mails name patients by reference only
    again = run_job("morning_digest", today(), factory, mail_settings)
    assert (again.queued, again.delivery.sent, mailbox.count()) == (0, 0, 4)
    assert len({m["Message-ID"] for m in mailbox.messages}) == 4


def test_missing_check_alerts_the_had_and_the_coordinators(factory: sessionmaker[Session],
                                                           mail_settings: Settings,
                                                           smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    now = utc_now()
    with factory() as session:
        other = session.scalars(select(Patient).where(Patient.reference == "P-OTHR02")).one()
        coordinator = session.scalars(select(User).where(User.role == "coordinator")).first()
        assert coordinator is not None
        document = {**NORMAL, "pump": {**NORMAL["pump"], "volume_left_ml": 0.0}}
        record_check(session, other, document, coordinator, mail_settings, now=now)
        session.execute(update(Notification).values(status="sent"))  # not this test's subject
        session.commit()
    sent_before = mailbox.count()
    report = run_job("missing_checks", today(), factory, mail_settings)
    with factory() as session:
        (alert,) = session.scalars(select(Alert).where(Alert.kind == "missing_check")).all()
        assert (alert.patient.reference, alert.level) == ("P-MINE01", "orange")
    new = mailbox.messages[sent_before:]
    assert sorted(m["To"] for m in new) == sorted([*COORDINATORS, "had_nurse@example.fr"])
    assert all("P-MINE01" in m["Subject"] for m in new)
    assert report.delivery.sent == 5
    again = run_job("missing_checks", today(), factory, mail_settings)
    assert (again.queued, mailbox.count() - sent_before) == (0, 5)


def test_pharmacy_list_goes_to_the_pharmacy(factory: sessionmaker[Session],
                                            mail_settings: Settings,
                                            smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    run_job("pharmacy_list", dt.date(2026, 12, 4), factory, mail_settings)  # a Friday
    (message,) = mailbox.messages
    assert message["To"] == "pharmacist@example.fr"
    assert message["Subject"].startswith("[hadcoord] Préparations du 07/12/2026")  # Monday
    assert "FICTIF" not in message.get_content()


def test_red_check_mail_is_sent_by_the_outbox_once(factory: sessionmaker[Session],
                                                   mail_settings: Settings,
                                                   smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    with factory() as session:
        mine = session.scalars(select(Patient).where(Patient.reference == "P-MINE01")).one()
        nurse = session.scalars(select(User).where(User.role == "had_nurse")).one()
        document = {**NORMAL, "temperature_c": 38.9,
                    "pump": {**NORMAL["pump"], "volume_left_ml": 0.0}}
        recorded = record_check(session, mine, document, nurse, mail_settings,
                                now=utc_now())
        session.commit()
    assert recorded.result.level.value == "red"
    first = deliver_pending(factory, mail_settings)
    second = deliver_pending(factory, mail_settings)
    assert (first.sent, second.sent) == (5, 0)  # 4 coordinators + the HAD nurse
    assert sorted(m["To"] for m in mailbox.messages) == sorted(
        [*COORDINATORS, "had_nurse@example.fr"])
    assert "39" not in mailbox.messages[0].get_content()


def test_refused_mail_is_retried_then_given_up(factory: sessionmaker[Session],
                                              mail_settings: Settings,
                                              smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    mailbox.refuse = 4  # every first attempt fails
    run_job("morning_digest", today(), factory, mail_settings)
    assert statuses(factory) == {"pending": 4}
    with factory() as session:
        errors = session.scalars(select(Notification.last_error)
                                 .where(Notification.channel == "email")).all()
    assert all("451" in error for error in errors)
    assert deliver_pending(factory, mail_settings).sent == 4
    assert (statuses(factory), mailbox.count()) == ({"sent": 4}, 4)
    mailbox.refuse = 100
    run_job("morning_digest", today() + dt.timedelta(days=1), factory, mail_settings)
    for _ in range(3):
        deliver_pending(factory, mail_settings)
    assert statuses(factory) == {"sent": 4, "failed": 4}  # max_attempts = 3


def test_abandoned_sending_is_taken_over_after_its_lease(factory: sessionmaker[Session],
                                                         mail_settings: Settings,
                                                         smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    run_job("morning_digest", today(), factory, mail_settings, deliver=False)
    with factory() as session:
        ids = session.scalars(select(Notification.id).where(Notification.channel == "email")
                              .order_by(Notification.id)).all()
        # A sender died mid-send on the first (long ago) and one is busy on the second (now).
        session.execute(update(Notification).where(Notification.id == ids[0]).values(
            status="sending", claimed_at=utc_now() - dt.timedelta(hours=1), claim_token="dead"))
        session.execute(update(Notification).where(Notification.id == ids[1]).values(
            status="sending", claimed_at=utc_now(), claim_token="alive"))
        session.commit()
        key = session.get(Notification, ids[0]).dedup_key  # type: ignore[union-attr]
    assert deliver_pending(factory, mail_settings).sent == 3
    assert mailbox.count() == 3
    assert statuses(factory) == {"sent": 3, "sending": 1}
    ids_sent = {m["Message-ID"] for m in mailbox.messages}
    assert message_id(key, "hadcoord@iuct.test") in ids_sent


def test_catch_up_lists_only_unfinished_runs(factory: sessionmaker[Session],
                                             mail_settings: Settings) -> None:
    settings = mail_settings.model_copy(update={"jobs": mail_settings.jobs.model_copy(
        update={"catch_up_hours": 48})})
    now = dt.datetime(2026, 12, 4, 20, 0, tzinfo=PARIS)
    due = runs_to_catch_up(factory, settings, now)
    assert sorted(due) == [("missing_checks", dt.date(2026, 12, 4)),
                           ("morning_digest", dt.date(2026, 12, 4)),
                           ("pharmacy_list", dt.date(2026, 12, 4))]
    run_job("morning_digest", dt.date(2026, 12, 4), factory, settings)
    assert ("morning_digest", dt.date(2026, 12, 4)) not in runs_to_catch_up(factory, settings,
                                                                             now)
    early = dt.datetime(2026, 12, 5, 7, 0, tzinfo=PARIS)  # before the digest time: yesterday's
    assert ("missing_checks", dt.date(2026, 12, 4)) in runs_to_catch_up(factory, settings, early)


@pytest.mark.parametrize("process_tz", ["UTC", "Pacific/Auckland"], indirect=True)
@pytest.mark.parametrize("frozen_clock", [dt.datetime(2026, 12, 1, 7, 30, tzinfo=PARIS)],
                         indirect=True)
@pytest.mark.usefixtures("process_tz")
def test_the_digest_e_mail_is_dated_in_paris_time(frozen_clock: FrozenClock,
                                                  factory: sessionmaker[Session],
                                                  mail_settings: Settings,
                                                  smtp_server: Server) -> None:
    mailbox, _port = smtp_server
    report = run_job("morning_digest", dt.date(2026, 12, 1), factory, mail_settings)
    assert report.delivery.sent == len(COORDINATORS)
    assert {m["Date"] for m in mailbox.messages} == {"Tue, 01 Dec 2026 07:30:00 +0100"}
    assert mailbox.messages[0].get_content().startswith(
        "Synthèse du 01/12/2026 (heures de Paris).")
