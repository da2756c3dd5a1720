"""ASVS 2.2.1, 2.1.x: sign-in throttling in the database, password policy, HAD ids."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord.cli import main
from hadcoord.clock import FrozenClock
from hadcoord.services import accounts
from hadcoord.services.accounts import AccountError, check_password
from hadcoord.store import AuditEvent, LoginThrottle, User
from tests.support.web import PASSWORD, ClientAs, Sessions, csrf_token

pytestmark = pytest.mark.security


@pytest.fixture
def clock(frozen_clock: FrozenClock) -> FrozenClock:
    """The application's clock, stopped; the tests move it."""
    return frozen_clock


def advance(clock: FrozenClock, seconds: float) -> None:
    clock.advance(dt.timedelta(seconds=seconds))


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every password verification that reached argon2."""
    calls: list[int] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            calls.append(1)
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", Counting(time_cost=1, memory_cost=1024,
                                                      parallelism=1))
    return calls


def from_address(app: Flask, address: str) -> FlaskClient:
    """A client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client: FlaskClient, email: str, password: str) -> tuple[int, int]:
    """(status, Retry-After) of one sign-in."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    return response.status_code, int(response.headers.get("Retry-After", "0"))


@pytest.mark.usefixtures("clock")
def test_two_hundred_quick_tries_reach_argon2_five_times(app: Flask,
                                                         argon2_calls: list[int]) -> None:
    client = app.test_client()
    statuses = [attempt(client, "coordinator@example.fr", f"essai-{n}")[0] for n in range(200)]
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}
    assert len(argon2_calls) == 5
    # The right password is refused too while the delay runs, without reaching argon2.
    assert attempt(client, "coordinator@example.fr", PASSWORD)[0] == 429
    assert len(argon2_calls) == 5


def test_an_attacker_who_waits_is_locked_after_ten_failures(
        app: Flask, clock: FrozenClock, argon2_calls: list[int], sessions: Sessions,
        client_as: ClientAs) -> None:
    client = from_address(app, "10.0.0.66")
    failures_before_lock = 0
    for number in range(200):
        status, wait = attempt(client, "coordinator@example.fr", f"essai-{number}")
        if status == 429:
            if wait > 120:
                break
            advance(clock, wait)
        else:
            assert status == 401
            failures_before_lock += 1
    assert failures_before_lock == 10
    assert len(argon2_calls) == 10
    assert 14 * 60 <= wait <= 15 * 60 + 1
    assert attempt(client, "coordinator@example.fr", PASSWORD)[0] == 429  # locked
    with sessions() as session:
        locked = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "login_locked")).all()
    assert [event.target for event in locked] == ["coordinator@example.fr", "adresse 10.0.0.66"]
    page = client_as("admin").get("/admin/users").get_data(as_text=True)
    assert "Connexions bloquées" in page
    assert page.count("coordinator@example.fr") >= 2  # the account list and the lock
    advance(clock, 15 * 60 + 1)
    assert attempt(from_address(app, "10.0.0.7"), "coordinator@example.fr", PASSWORD)[0] == 302


@pytest.mark.usefixtures("clock")
def test_throttling_does_not_tell_whether_an_account_exists(app: Flask) -> None:
    known = [attempt(from_address(app, "10.0.0.1"), "coordinator@example.fr", f"x-{n}")
             for n in range(8)]
    unknown = [attempt(from_address(app, "10.0.0.2"), "personne@example.fr", f"x-{n}")
               for n in range(8)]
    assert [s for s, _ in known] == [s for s, _ in unknown] == [401] * 5 + [429] * 3


def test_one_address_trying_many_accounts_is_throttled(app: Flask, clock: FrozenClock) -> None:
    client = app.test_client()
    for number in range(5):
        assert attempt(client, f"inconnu{number}@example.fr", "mauvais")[0] == 401
    assert attempt(client, "admin@example.fr", PASSWORD)[0] == 429
    advance(clock, 2)
    assert attempt(client, "admin@example.fr", PASSWORD)[0] == 302


def test_throttles_are_stored_in_the_database(app: Flask, sessions: Sessions) -> None:
    attempt(app.test_client(), "coordinator@example.fr", "mauvais")
    with sessions() as session:
        rows = session.scalars(select(LoginThrottle.key).order_by(LoginThrottle.key)).all()
    assert [key.split(":")[0] for key in rows] == ["account", "address"]


@pytest.mark.parametrize(("password", "message"), [
    ("aaaaaaaaaaaa", "facile à deviner"),
    ("password1234", "facile à deviner"),
    (" " * 12, "facile à deviner"),
    ("azertyuiop12", "facile à deviner"),
    ("infirmiere@iuct.fr", "adresse e-mail"),
    ("infirmiere-Soleil-2026", "adresse e-mail"),
    ("court", "trop court"),
    ("x" * 129, "trop long"),
])
def test_weak_passwords_are_refused(password: str, message: str) -> None:
    with pytest.raises(AccountError, match=message):
        check_password(password, "infirmiere@iuct.fr")


def test_a_strong_passphrase_is_accepted() -> None:
    check_password("cheval-agrafe-correct-pile", "infirmiere@iuct.fr")


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HADCOORD_DATABASE_URL", database_url)
    return database_url


@pytest.mark.parametrize(("args", "password", "message"), [
    (["--role", "coordinator"], "aaaaaaaaaaaa", "facile à deviner"),
    (["--role", "coordinator"], "password1234", "facile à deviner"),
    (["--role", "coordinator"], " " * 12, "facile à deviner"),
    (["--role", "coordinator"], "nouvelle@iuct.fr", "adresse e-mail"),
    (["--role", "had_nurse", "--had", "had-qui-n-existe-pas"], "cheval-agrafe-correct-pile",
     "HAD inconnue"),
])
def test_users_create_refuses_weak_passwords_and_unknown_hads(
        cli_database: str, sessions: Sessions, args: list[str], password: str,
        message: str) -> None:
    result = CliRunner().invoke(main, ["users", "create", "--email", "nouvelle@iuct.fr", *args,
                                       "--password-stdin"], input=password + "\n")
    assert result.exit_code == 2
    assert message in result.output
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(User).where(
            User.email == "nouvelle@iuct.fr")) == 0
