"""Three app processes and one scheduler on one PostgreSQL database (issue 16, « scale out »).

Real processes on the loopback, each on its own free port: A and B are `hadcoord serve`
(waitress, one process each), C is `hadcoord serve --workers 2` (gunicorn: a master and two
worker processes, the production command). The scheduler is `hadcoord scheduler`; every process
has the same SMTP settings (a real aiosmtpd server here).

Why each check fails if its state lived in process memory instead of the database:
- sessions: B would not know the session A opened (a 302 to the login page at the first read),
  and after the logout through C, A and B would still hold it in their own memory;
- sign-in throttle: each process would count only its own 2 of the 6 failures, so the right
  password would then open the account through A instead of being refused;
- idempotency keys: A and B would each check their own memory, both find nothing and both store
  the check (two records, two alerts);
- outbox: a web process sending its own e-mails (or a per-process "sent" mark) would send the
  red-check e-mail from the web process and again from the scheduler, or never.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import requests
from sqlalchemy import func, select

from hadcoord import clock
from hadcoord.services import audit_verify
from hadcoord.store import DailyCheckRecord, Notification
from hadcoord.web.auth_secret import generate_secret
from tests.jobs.conftest import Mailbox, free_port
from tests.support.checks import MakeDocument
from tests.support.web import PASSWORD, Sessions

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not os.environ.get("HADCOORD_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="several app processes need PostgreSQL (HADCOORD_TEST_DATABASE_URL)")]

LAUNCH = "import sys; from hadcoord.cli import main; sys.argv[0] = 'hadcoord'; main()"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
START_TIMEOUT_S = 120  # a bail-out only: on a loaded 2-core machine an import takes 20 s
LOCK_AFTER = 6


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timeout: {what}")
        time.sleep(0.1)


def answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


class Processes:
    """The started processes (ended after the test) and their logs."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env, self.folder = env, folder
        self.running: list[subprocess.Popen[bytes]] = []
        self.names: list[str] = []
        self.logs: list[BinaryIO] = []

    def start(self, name: str, *args: str) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        self.logs.append(log)
        self.names.append(name)
        self.running.append(subprocess.Popen([sys.executable, "-c", LAUNCH, *args],
                                             env=self.env, stdout=log,
                                             stderr=subprocess.STDOUT))

    def serve(self, name: str, *options: str) -> str:
        port = free_port()
        self.start(name, "serve", "--host", "127.0.0.1", "--port", str(port), *options)
        return f"http://127.0.0.1:{port}"

    def wait_answering(self, url: str) -> None:
        """Until ``url`` answers its health check (fails at once if a process ended)."""
        wait_for(lambda: answers(url) or not self.all_alive(), START_TIMEOUT_S,
                 f"{url} answering\n{self.output()}")
        assert self.all_alive(), self.output()

    def all_alive(self) -> bool:
        return all(process.poll() is None for process in self.running)

    def stop(self) -> None:
        for name, process in zip(self.names, self.running, strict=True):
            if process.poll() is None:  # SIGINT: gunicorn's quick shutdown (its SIGTERM waits
                # for idle keep-alive connections); the scheduler stops on SIGTERM.
                process.send_signal(signal.SIGTERM if name == "scheduler" else signal.SIGINT)
        for process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()

    def output(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}"
                         for path in sorted(self.folder.glob("*.log")))


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture
def processes(database_url: str, sessions: Sessions, smtp: tuple[Mailbox, int],
              tmp_path: Path) -> Iterator[Processes]:
    """One environment for every process: database, secret, SMTP, quick outbox, jobs later."""
    later = (clock.now() + dt.timedelta(hours=3)).strftime("%H:%M")
    env = {**os.environ, "HADCOORD_DATABASE_URL": database_url,
           "HADCOORD_SECRET_KEY": generate_secret(), "HADCOORD_SECURITY_MFA_ROLES": "",
           "HADCOORD_SECURITY_LOGIN_LOCK_AFTER": str(LOCK_AFTER),
           "HADCOORD_SECURITY_LOGIN_DELAY_AFTER": "100",  # the lock only, no growing delay
           "HADCOORD_WEB_THREADS": "4",
           "HADCOORD_SMTP_HOST": "127.0.0.1", "HADCOORD_SMTP_PORT": str(smtp[1]),
           "HADCOORD_SMTP_SENDER": "hadcoord@iuct.test",
           "HADCOORD_JOBS_MORNING_DIGEST_AT": later, "HADCOORD_JOBS_PHARMACY_LIST_AT": later,
           "HADCOORD_JOBS_MISSING_CHECK_AT": later, "HADCOORD_JOBS_CATCH_UP_HOURS": "0",
           "HADCOORD_JOBS_OUTBOX_EVERY_SECONDS": "1", "HADCOORD_JOBS_RETRY_AFTER_SECONDS": "0",
           "HADCOORD_BACKUP_AT": later, "HADCOORD_BACKUP_DIRECTORY": str(tmp_path / "backups")}
    started = Processes(env, tmp_path)
    yield started
    started.stop()


def sign_in(url: str, email: str, password: str = PASSWORD) -> tuple[requests.Session, int]:
    """A browser-like session that posted the login form of ``url``; the form's status."""
    browser = requests.Session()
    token = CSRF.search(browser.get(f"{url}/login", timeout=10).text)
    assert token
    response = browser.post(f"{url}/login", allow_redirects=False, timeout=10, data={
        "email": email, "password": password, "csrf_token": token.group(1)})
    return browser, response.status_code


def status_of(browser: requests.Session, url: str) -> int:
    return browser.get(url, allow_redirects=False, timeout=10).status_code


def post_at_once(posts: list[tuple[requests.Session, str]], document: dict[str, Any],
                 key: str) -> list[int]:
    """POST ``document`` with the same Idempotency-Key through each (session, URL) at once."""
    results: list[int] = []
    ready = threading.Barrier(len(posts))

    def send(browser: requests.Session, url: str) -> None:
        ready.wait()
        results.append(browser.post(url, json=document, headers={"Idempotency-Key": key},
                                    timeout=20).status_code)

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


def count(sessions: Sessions, model: type[Any], *where: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def assert_sessions_shared(a: str, b: str, c: str) -> None:
    """Signed in through A, read through B, logged out through C: refused everywhere after."""
    coordinator, status = sign_in(a, "coordinator@example.fr")
    assert status == 302
    assert status_of(coordinator, f"{b}/patients/") == 200
    token = CSRF.search(coordinator.get(f"{c}/patients/", timeout=10).text)
    assert token
    assert coordinator.post(f"{c}/logout", data={"csrf_token": token.group(1)},
                            allow_redirects=False, timeout=10).status_code == 302
    for url in (a, b, c):
        assert status_of(coordinator, f"{url}/patients/") == 302, url  # to the login page
    coordinator.close()


def assert_lock_counted_across(urls: tuple[str, ...]) -> None:
    """The 6th wrong password, the failures spread over the processes, locks the account for
    all of them: the right password through the first one is then refused."""
    for number in range(LOCK_AFTER):
        browser, status = sign_in(urls[number % len(urls)], "pharmacist@example.fr", "faux" * 4)
        browser.close()
        assert status == 401, number
    browser, status = sign_in(urls[0], "pharmacist@example.fr")
    browser.close()
    assert status == 429


def test_three_app_processes_and_a_scheduler_share_one_database(
        processes: Processes, sessions: Sessions, smtp: tuple[Mailbox, int],
        patients: dict[str, int], check_doc: MakeDocument) -> None:
    mailbox, _port = smtp
    a, b = processes.serve("a"), processes.serve("b")
    c = processes.serve("c", "--workers", "2")
    processes.start("scheduler", "scheduler")
    for url in (a, b, c):
        processes.wait_answering(url)
    assert_sessions_shared(a, b, c)

    # One Idempotency-Key sent to A and B at the same moment, a red check: one record, and
    # the alert e-mail once to each recipient, sent by the scheduler.
    nurses = [sign_in(url, "had_nurse@example.fr") for url in (a, b)]
    assert [status for _browser, status in nurses] == [302, 302]
    path = f"/api/patients/{patients['mine']}/checks"
    document = check_doc(temperature_c=38.6)  # fever: a red check (hadcoord.monitoring)
    results = post_at_once([(nurses[0][0], f"{a}{path}"), (nurses[1][0], f"{b}{path}")],
                           document, "same-key-1")
    assert results == [200, 201]  # the second answer is the first record
    assert count(sessions, DailyCheckRecord) == 1
    subject = "[hadcoord] Relevé ROUGE — patient P-MINE01"
    recipients = ["coordinator@example.fr", "had_nurse@example.fr"]

    def alert_mails() -> list[str]:
        with mailbox.lock:
            return sorted(str(m["To"]) for m in mailbox.messages if m["Subject"] == subject)

    wait_for(lambda: alert_mails() == recipients, 60,
             f"the red-check e-mails\n{processes.output()}")
    time.sleep(3)  # three outbox passes: a duplicate would have arrived by now
    assert alert_mails() == recipients
    assert count(sessions, Notification, Notification.channel == "email",
                 Notification.status != "sent") == 0
    for browser, _status in nurses:
        browser.close()

    assert_lock_counted_across((a, b, c))
    assert processes.all_alive(), processes.output()
    with sessions() as session:  # every process appended to one audit chain, unbroken
        chain = audit_verify.verify(session)
    assert chain.problem is None
    assert chain.checked > 10
