"""Counters two app processes update at once (issue 16: shared state in the database).

Two transactions stand for two processes counting a wrong password of one account at the same
moment. A plain read-modify-write would let the second overwrite the first (both read 1 failure
and store 2): 10 simultaneous tries would count as fewer and the lock would come later. Only
PostgreSQL runs the two transactions truly at once (SQLite has one writer at a time).
"""

from __future__ import annotations

import datetime as dt
import os
import threading

import pyotp
import pytest
from sqlalchemy import select

from hadcoord.config import Settings
from hadcoord.services import login_throttle, mfa
from hadcoord.store import LoginThrottle, User
from tests.support.web import Sessions

pytestmark = pytest.mark.security
POSTGRESQL_ONLY = pytest.mark.skipif(not os.environ.get("HADCOORD_TEST_DATABASE_URL"),
                                     reason="PostgreSQL only (two writers at once)")

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@POSTGRESQL_ONLY
def test_failures_counted_at_the_same_moment_are_all_counted(sessions: Sessions,
                                                             settings: Settings) -> None:
    keys = login_throttle.keys_for("coordinator@example.fr", "192.0.2.1", known_account=True)
    policy = settings.security
    with sessions() as session:  # one failure already
        login_throttle.record_failure(session, keys, policy, NOW)
        session.commit()
    first = sessions()
    login_throttle.record_failure(first, keys, policy, NOW)  # not committed yet
    done = threading.Event()

    def second_process() -> None:
        with sessions() as second:
            login_throttle.record_failure(second, keys, policy, NOW)
            second.commit()
        done.set()

    thread = threading.Thread(target=second_process)
    thread.start()
    assert not done.wait(0.5), "the second count must wait for the first one's row"
    first.commit()
    first.close()
    thread.join(timeout=10)
    with sessions() as session:
        failures = session.scalars(select(LoginThrottle.failures)
                                   .where(LoginThrottle.key == keys[0].key)).one()
    assert failures == 3


def test_one_code_given_to_two_processes_at_once_signs_in_once(sessions: Sessions) -> None:
    # Both processes loaded the account before either used the code (same last step).
    secret = pyotp.random_base32()
    with sessions() as session:
        user = session.scalars(select(User).where(User.email == "admin@example.fr")).one()
        user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, NOW, 0
        session.commit()
    code = pyotp.TOTP(secret).at(NOW)
    first, second = sessions(), sessions()
    users = [s.scalars(select(User).where(User.email == "admin@example.fr")).one()
             for s in (first, second)]
    assert mfa.verify(first, users[0], code, NOW) == "totp"
    first.commit()
    assert mfa.verify(second, users[1], code, NOW) is None  # the replay is refused
    second.commit()
    for session in (first, second):
        session.close()
