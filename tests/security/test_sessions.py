"""ASVS 3.2.1, 3.3.1, 3.3.2, 3.4.1: server-side sessions, rotation, timeouts, cookie flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from hadcoord.config import Settings
from hadcoord.store import User, UserSession
from hadcoord.web import create_app
from hadcoord.web.auth_sessions import end_sessions
from tests.support.web import ClientAs, Sessions, csrf_token, login

pytestmark = pytest.mark.security


def cookie_of(client: FlaskClient, name: str = "session") -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None
    return cookie.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def logout(client: FlaskClient) -> None:
    token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_a_cookie_copied_before_logout_opens_nothing_afterwards(app: Flask,
                                                                client_as: ClientAs) -> None:
    client = client_as("coordinator")
    stolen = cookie_of(client)
    assert with_cookie(app, stolen).get("/patients/").status_code == 200
    logout(client)
    replay = with_cookie(app, stolen).get("/patients/")
    assert replay.status_code == 302
    assert "/login" in replay.headers["Location"]


def test_login_issues_a_new_session_and_kills_the_pre_login_csrf_token(app: Flask) -> None:
    client = app.test_client()
    before_token = csrf_token(client.get("/login").get_data(as_text=True))
    before = cookie_of(client)
    response = client.post("/login", data={"email": "coordinator@example.fr",
                                           "password": "mot-de-passe-de-test-1",
                                           "csrf_token": before_token})
    assert response.status_code == 302
    assert cookie_of(client) != before
    # The token of the anonymous session is refused in the signed-in one.
    assert client.post("/logout", data={"csrf_token": before_token}).status_code == 400
    assert with_cookie(app, before).get("/patients/").status_code == 302


def _age(sessions: Sessions, **delta: Any) -> None:
    with sessions() as session:
        for row in session.scalars(select(UserSession).where(UserSession.user_id.is_not(None))):
            if "idle" in delta:
                row.last_seen_at = row.last_seen_at - delta["idle"]
            if "age" in delta:
                row.created_at = row.created_at - delta["age"]
        session.commit()


def test_idle_timeout_shows_session_expired_and_brings_the_user_back(
        app: Flask, client_as: ClientAs, sessions: Sessions) -> None:
    client = client_as("coordinator")
    assert client.get("/patients/").status_code == 200
    _age(sessions, idle=dt.timedelta(minutes=31))
    expired = client.get("/patients/?tri=nom")
    assert expired.status_code == 401
    page = expired.get_data(as_text=True)
    assert "Session expirée" in page
    link = page.split('class="button" href="')[1].split('"')[0].replace("&amp;", "&")
    assert link.startswith("/login?next=")
    token = csrf_token(client.get(link).get_data(as_text=True))
    back = client.post(link, data={"email": "coordinator@example.fr",
                                   "password": "mot-de-passe-de-test-1", "csrf_token": token})
    assert back.headers["Location"] == "/patients/?tri=nom"


def test_twenty_nine_minutes_of_inactivity_keep_the_session(client_as: ClientAs,
                                                            sessions: Sessions) -> None:
    client = client_as("coordinator")
    _age(sessions, idle=dt.timedelta(minutes=29))
    assert client.get("/patients/").status_code == 200


def test_absolute_lifetime_of_twelve_hours(client_as: ClientAs, sessions: Sessions) -> None:
    client, api = client_as("coordinator"), client_as("ars")
    _age(sessions, age=dt.timedelta(hours=12, minutes=1))
    assert client.get("/patients/").status_code == 401
    assert client.get("/patients/").status_code == 302  # the expired cookie was removed
    assert api.get("/api/communes?q=Rodez").get_json() == {"error": "session expirée"}


def test_deactivation_and_log_out_everywhere_take_effect_at_once(
        app: Flask, client_as: ClientAs, sessions: Sessions) -> None:
    laptop, phone = client_as("coordinator"), client_as("coordinator")
    with sessions() as session:
        user_id = session.scalar(select(User.id).where(User.email == "coordinator@example.fr"))
    assert user_id is not None
    assert end_sessions(app.extensions["hadcoord"]["engine"], user_id, "everywhere") == 2
    assert laptop.get("/patients/").status_code == 302
    assert phone.get("/patients/").status_code == 302
    nurse = client_as("had_nurse")
    with sessions() as session:
        session.execute(update(User).where(User.role == "had_nurse").values(active=False))
        session.commit()
    assert nurse.get("/patients/").status_code == 302


def test_sessions_are_shared_by_app_processes(app: Flask, settings: Settings,
                                              client_as: ClientAs) -> None:
    other_process = create_app({"TESTING": True}, settings=settings)  # same config and data
    client = client_as("coordinator")
    cookie = cookie_of(client)
    assert with_cookie(other_process, cookie).get("/patients/").status_code == 200
    logout(client)
    assert with_cookie(other_process, cookie).get("/patients/").status_code == 302


def test_cookie_flags_over_http_and_https(app: Flask, settings: Settings) -> None:
    client = app.test_client()
    assert login(client, "coordinator@example.fr") == 302
    plain = client.get_cookie("session")
    assert plain is not None
    assert (plain.http_only, plain.secure, plain.same_site) == (True, False, "Lax")
    assert plain.expires is None  # ends with the browser; the server enforces 30 min / 12 h
    https = create_app({"TESTING": True}, settings=settings.model_copy(
        update={"web": settings.web.model_copy(update={"https": True})}))
    secure = https.test_client()
    page = secure.get("/login", base_url="https://localhost")
    assert "max-age" in page.headers["Strict-Transport-Security"]
    response = secure.post("/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"}, data={
        "email": "coordinator@example.fr", "password": "mot-de-passe-de-test-1",
        "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    header = response.headers["Set-Cookie"]
    assert header.startswith("__Host-session=")
    assert "Secure" in header
    assert "Path=/" in header
    assert "Domain" not in header
