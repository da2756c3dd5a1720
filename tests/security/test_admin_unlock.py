"""Issue 11 leftovers: the admin lifts a sign-in lock from /admin/users; the lock and last
sign-in times are shown in Paris time (not UTC)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord import clock
from hadcoord.clock import FrozenClock
from hadcoord.config import Settings
from hadcoord.services import login_throttle
from hadcoord.store import AuditEvent, LoginThrottle
from tests.support.web import PASSWORD, ClientAs, Sessions, csrf_token, login, page_text

pytestmark = pytest.mark.security

EMAIL = "coordinator@example.fr"


@pytest.fixture
def locked(frozen_clock: FrozenClock, app: Flask, sessions: Sessions,
           settings: Settings) -> str:
    """The coordinator's account locked at 01/12/2026 10:00 Paris (09:00 UTC); its key."""
    keys = login_throttle.keys_for(EMAIL, "192.0.2.10", known_account=True)
    with sessions() as session:
        for _ in range(settings.security.login_lock_after):
            login_throttle.record_failure(session, keys, settings.security, clock.utc_now())
        session.commit()
    return keys[0].key


def unlock(client: FlaskClient, key: str, *, token: bool = True) -> int:
    page = client.get("/admin/users").get_data(as_text=True)
    data = {"key": key, **({"csrf_token": csrf_token(page)} if token else {})}
    return int(client.post("/admin/users/deblocage", data=data).status_code)


def test_lock_and_last_sign_in_shown_in_paris_time(locked: str, client_as: ClientAs) -> None:
    page = page_text(client_as("admin").get("/admin/users"))
    # Locked 15 min from 10:00 Paris; the admin signed in at 10:00 Paris (09:00 UTC).
    assert "jusqu'au 01/12/2026 10:15" in page
    assert "01/12/2026 10:15" in page.split("Connexions bloquées")[1]
    assert "09:15" not in page
    assert "01/12/2026 10:00" in page  # the admin's own last sign-in
    assert "jamais" in page  # accounts never signed in
    assert "(UTC)" not in page


def test_the_admin_lifts_a_lock_and_the_account_signs_in_again(
        locked: str, app: Flask, client_as: ClientAs, sessions: Sessions) -> None:
    assert login(app.test_client(), EMAIL) == 429
    admin = client_as("admin")
    assert unlock(admin, locked) == 302
    page = page_text(admin.get("/admin/users"))
    assert (f"Blocage levé pour « {EMAIL} » : les tentatives de connexion reprennent à zéro."
            in page)
    with sessions() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "login_unlocked")).one()
        assert session.get(LoginThrottle, locked) is None
    assert (event.actor, event.target) == ("admin@example.fr", EMAIL)
    assert login(app.test_client(), EMAIL, PASSWORD) == 302


def test_unlock_needs_the_csrf_token_and_the_admin_role(locked: str, app: Flask,
                                                        client_as: ClientAs,
                                                        sessions: Sessions) -> None:
    assert unlock(client_as("admin"), locked, token=False) == 400
    pharmacist = client_as("pharmacist")
    token = csrf_token(pharmacist.get("/", follow_redirects=True).get_data(as_text=True))
    response = pharmacist.post("/admin/users/deblocage",
                                data={"key": locked, "csrf_token": token})
    assert response.status_code in (403, 404)
    with sessions() as session:
        assert session.get(LoginThrottle, locked) is not None
        assert session.scalars(select(AuditEvent).where(
            AuditEvent.action == "login_unlocked")).all() == []


def test_unlocking_what_is_no_longer_locked_says_so(locked: str, client_as: ClientAs) -> None:
    admin = client_as("admin")
    assert unlock(admin, locked) == 302
    assert unlock(admin, locked) == 302
    assert "Aucun blocage en cours pour cette connexion" in page_text(admin.get("/admin/users"))
