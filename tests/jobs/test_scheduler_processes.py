"""`hadcoord scheduler` as real processes: SIGKILL mid-job then restart, and two schedulers at
once; each run ends with every e-mail received exactly once by the SMTP server."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hadcoord import clock
from hadcoord.services.accounts import create_user
from hadcoord.store import Notification
from tests.jobs.conftest import Mailbox
from tests.support.web import PASSWORD

# Real downloads and builds, or real processes: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

Server = tuple[Mailbox, int]
MORE_COORDINATORS = 6  # 4 from the fixtures + 6 = 10 digests to send
COORDINATORS = 10
LAUNCH = "import sys; from hadcoord.cli import main; sys.argv[0] = 'hadcoord'; main()"


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timeout: {what}")
        time.sleep(0.05)


def email_statuses(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        rows = session.execute(select(Notification.status, func.count())
                               .where(Notification.channel == "email")
                               .group_by(Notification.status)).all()
    return dict(rows)


@pytest.fixture
def scheduler_env(factory: sessionmaker[Session], database_url: str,
                  smtp_server: Server) -> dict[str, str]:
    """Environment of a scheduler whose morning digest was due 2 minutes ago (caught up at
    start), the other jobs hours away, e-mails paced so a run lasts a few seconds."""
    with factory() as session:
        for number in range(MORE_COORDINATORS):
            create_user(session, f"idec{number}@example.fr", "coordinator", PASSWORD, None)
        session.commit()
    now = clock.now()
    later = (now + dt.timedelta(hours=3)).strftime("%H:%M")
    return {**os.environ, "HADCOORD_DATABASE_URL": database_url,
            "HADCOORD_SMTP_HOST": "127.0.0.1", "HADCOORD_SMTP_PORT": str(smtp_server[1]),
            "HADCOORD_SMTP_SENDER": "hadcoord@iuct.test",
            "HADCOORD_JOBS_MORNING_DIGEST_AT": (now - dt.timedelta(minutes=2)).strftime("%H:%M"),
            "HADCOORD_JOBS_PHARMACY_LIST_AT": later, "HADCOORD_JOBS_MISSING_CHECK_AT": later,
            "HADCOORD_JOBS_CATCH_UP_HOURS": "1", "HADCOORD_JOBS_EMAIL_PAUSE_SECONDS": "0.3",
            "HADCOORD_JOBS_OUTBOX_EVERY_SECONDS": "1",
            "HADCOORD_JOBS_SENDING_LEASE_SECONDS": "5",
            "HADCOORD_JOBS_RETRY_AFTER_SECONDS": "0"}


@pytest.fixture
def start(scheduler_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[[], object]]:
    """Start `hadcoord scheduler` processes; they are all ended after the test."""
    processes: list[subprocess.Popen[bytes]] = []
    logs: list[BinaryIO] = []

    def launch() -> subprocess.Popen[bytes]:
        log = (tmp_path / f"scheduler{len(processes)}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen([sys.executable, "-c", LAUNCH, "scheduler"],
                                   env=scheduler_env, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        return process

    yield launch
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    for log in logs:
        log.close()


def assert_each_coordinator_got_one(mailbox: Mailbox) -> None:
    recipients = sorted(m["To"] for m in mailbox.messages)
    assert len(recipients) == COORDINATORS
    assert len(set(recipients)) == COORDINATORS, f"sent twice: {recipients}"
    assert len({m["Message-ID"] for m in mailbox.messages}) == COORDINATORS


def test_sigkill_mid_job_then_restart_sends_each_mail_once(
        factory: sessionmaker[Session], smtp_server: Server,
        start: Callable[[], subprocess.Popen[bytes]]) -> None:
    mailbox, _port = smtp_server
    first = start()
    wait_for(lambda: mailbox.count() >= 3, 60, "first e-mails of the first scheduler")
    # Kill between two e-mails (none half-sent), while the job still has some to send.
    wait_for(lambda: "sending" not in email_statuses(factory), 5, "a pause between e-mails")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = mailbox.count()
    assert 3 <= killed_at < COORDINATORS, "the kill should land mid-job"
    assert email_statuses(factory).get("pending", 0) >= 1
    start()
    wait_for(lambda: email_statuses(factory) == {"sent": COORDINATORS}, 60,
             "every e-mail sent after the restart")
    time.sleep(2.5)  # a duplicate would arrive within a few outbox passes
    assert_each_coordinator_got_one(mailbox)


def test_two_schedulers_started_at_once_send_each_mail_once(
        factory: sessionmaker[Session], smtp_server: Server,
        start: Callable[[], subprocess.Popen[bytes]]) -> None:
    mailbox, _port = smtp_server
    processes = [start(), start()]
    wait_for(lambda: email_statuses(factory) == {"sent": COORDINATORS}, 60,
             "every e-mail sent by one of the two schedulers")
    time.sleep(2.5)
    assert all(process.poll() is None for process in processes), "both should still run"
    assert_each_coordinator_got_one(mailbox)
    with factory() as session:
        in_app = session.scalar(select(func.count()).select_from(Notification).where(
            Notification.channel == "in_app"))
    assert in_app == COORDINATORS
