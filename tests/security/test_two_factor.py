"""ASVS 2.7/2.8: TOTP second factor for the roles that see patients, recovery codes, reset."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord import clock
from hadcoord.clock import FrozenClock
from hadcoord.config import Settings
from hadcoord.config.security import PATIENT_ROLES
from hadcoord.store import AuditEvent, User
from hadcoord.web import create_app
from tests.support.web import PASSWORD, Sessions, csrf_token

pytestmark = pytest.mark.security


@pytest.fixture
def mfa_app(app: Flask, settings: Settings) -> Flask:
    """The app with the shipped second-factor roles (the accounts of ``app``)."""
    security = settings.security.model_copy(update={"mfa_roles": PATIENT_ROLES})
    return create_app({"TESTING": True}, settings=settings.model_copy(
        update={"security": security}))


def password_step(client: FlaskClient, email: str, next_path: str = "") -> str:
    """Sign in with the password; where the app sends the user next."""
    url = "/login" + (f"?next={urllib.parse.quote(next_path)}" if next_path else "")
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"email": email, "password": PASSWORD,
                                      "csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def submit_code(client: FlaskClient, path: str, code: str) -> tuple[int, str]:
    page = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"code": code, "csrf_token": csrf_token(page)})
    return response.status_code, response.get_data(as_text=True)


def enrol(client: FlaskClient, email: str) -> tuple[str, list[str]]:
    """First sign-in: read the secret from the page, answer with a computed code."""
    assert password_step(client, email) == "/connexion/activation"
    page = client.get("/connexion/activation").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn by the app itself
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)
    assert secret
    code = pyotp.TOTP(secret.group(1)).at(clock.utc_now())
    status, body = submit_code(client, "/connexion/activation", code)
    assert status == 200, body
    codes = re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", body)
    return secret.group(1), codes


def test_roles_that_see_patients_must_enrol_then_use_a_code(
        mfa_app: Flask, frozen_clock: FrozenClock, sessions: Sessions) -> None:
    client = mfa_app.test_client()
    assert client.get("/patients/").status_code == 302  # not signed in by the password alone
    secret, codes = enrol(client, "coordinator@example.fr")
    assert len(codes) == 10
    assert client.get("/patients/").status_code == 200
    later = mfa_app.test_client()
    assert password_step(later, "coordinator@example.fr", "/patients/?x=1") == "/connexion/code"
    assert later.get("/patients/").status_code == 302
    frozen_clock.advance(dt.timedelta(seconds=60))
    code = pyotp.TOTP(secret).at(clock.utc_now())
    status, _ = submit_code(later, "/connexion/code", "000000" if code != "000000" else "111111")
    assert status == 401
    response_status, _ = submit_code(later, "/connexion/code", code)
    assert response_status == 302
    assert later.get("/patients/").status_code == 200
    # The same code again (replay) is refused.
    replay = mfa_app.test_client()
    password_step(replay, "coordinator@example.fr")
    assert submit_code(replay, "/connexion/code", code)[0] == 401
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert {"mfa_enrolled", "mfa_failed", "login"} <= set(actions)


def test_the_ars_role_signs_in_with_the_password_only(mfa_app: Flask) -> None:
    client = mfa_app.test_client()
    assert password_step(client, "ars@example.fr") == "/ars/"  # the ARS lands on the map
    assert client.get("/ars/").status_code == 200


@pytest.mark.usefixtures("frozen_clock")
def test_recovery_codes_work_once_each(mfa_app: Flask) -> None:
    _, codes = enrol(mfa_app.test_client(), "had_nurse@example.fr")
    client = mfa_app.test_client()
    password_step(client, "had_nurse@example.fr")
    assert submit_code(client, "/connexion/code", codes[0])[0] == 302
    again = mfa_app.test_client()
    password_step(again, "had_nurse@example.fr")
    assert submit_code(again, "/connexion/code", codes[0])[0] == 401
    assert submit_code(again, "/connexion/code", codes[1])[0] == 302


@pytest.mark.usefixtures("frozen_clock")
def test_the_code_page_needs_the_password_first(mfa_app: Flask) -> None:
    client = mfa_app.test_client()
    response = client.get("/connexion/code")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


@pytest.mark.usefixtures("frozen_clock")
def test_admin_reset_of_a_lost_second_factor_is_audited(
        mfa_app: Flask, sessions: Sessions) -> None:
    enrol(mfa_app.test_client(), "pharmacist@example.fr")
    admin = mfa_app.test_client()
    enrol(admin, "admin@example.fr")
    with sessions() as session:
        pharmacist = session.scalar(select(User).where(User.email == "pharmacist@example.fr"))
        assert pharmacist is not None
    page = admin.get("/admin/users").get_data(as_text=True)
    response = admin.post(f"/admin/users/{pharmacist.id}", data={
        "action": "mfa_reset", "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    client = mfa_app.test_client()
    assert password_step(client, "pharmacist@example.fr") == "/connexion/activation"
    with sessions() as session:
        reset = session.scalars(select(AuditEvent).where(AuditEvent.action == "mfa_reset")).all()
    assert [(e.actor, e.target) for e in reset] == [("admin@example.fr",
                                                      "pharmacist@example.fr")]


def test_second_factor_is_off_in_demo_mode_unless_asked(app: Flask, settings: Settings) -> None:
    security = settings.security.model_copy(update={"mfa_roles": PATIENT_ROLES})
    demo = create_app({"TESTING": True}, settings=settings.model_copy(update={
        "security": security, "web": settings.web.model_copy(update={"demo": True})}))
    assert password_step(demo.test_client(), "coordinator@example.fr") == "/tableau-de-bord"
    asked = create_app({"TESTING": True}, settings=settings.model_copy(update={
        "security": security.model_copy(update={"mfa_in_demo": True}),
        "web": settings.web.model_copy(update={"demo": True})}))
    assert password_step(asked.test_client(), "coordinator@example.fr") == (
        "/connexion/activation")
