"""Login, logout, CSRF, cookies and headers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.store import AuditEvent
from tests.support.web import PASSWORD, Sessions, csrf_token, login


def test_the_first_page_asks_for_a_login(app: Flask) -> None:
    response = app.test_client().get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_with_the_right_password(app: Flask) -> None:
    client = app.test_client()
    assert login(client, "coordinator@example.fr") == 302
    page = client.get("/").get_data(as_text=True)
    assert "infirmière de coordination" in page
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_a_wrong_password_is_refused_and_audited(app: Flask, sessions: Sessions) -> None:
    client = app.test_client()
    assert login(client, "coordinator@example.fr", "mauvais-mot-de-passe") == 401
    assert client.get("/").status_code == 302
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions == ["login_failed"]


def test_unknown_account_gets_the_same_message(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "personne@example.fr",
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 401
    assert "E-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_a_form_without_csrf_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/login", data={"email": "coordinator@example.fr",
                                           "password": PASSWORD})
    assert response.status_code == 400
    assert "rechargez la page" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_needs_csrf_and_ends_the_session(
    client_as: Callable[[str], FlaskClient],
) -> None:
    client = client_as("admin")
    assert client.post("/logout").status_code == 400
    token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_leave_the_site(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=//evil.example/", data={
        "email": "admin@example.fr", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/admin/audit"  # the admin's landing page (issue 14)


def test_security_headers(app: Flask) -> None:
    response = app.test_client().get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
