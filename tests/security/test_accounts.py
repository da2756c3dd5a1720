"""Account management: admin pages and CLI, own password and sessions; all audited."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.cli import main
from hadcoord.store import AuditEvent, User
from tests.support.web import PASSWORD, ClientAs, Sessions, csrf_token, login

pytestmark = pytest.mark.security
NEW_PASSWORD = "cheval-agrafe-correct-pile"


def user_id(sessions: Sessions, email: str) -> int:
    with sessions() as session:
        found = session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


def admin_post(admin: FlaskClient, path: str, **data: str) -> tuple[int, str]:
    token = csrf_token(admin.get("/admin/users").get_data(as_text=True))
    response = admin.post(path, data={**data, "csrf_token": token})
    return response.status_code, response.get_data(as_text=True)


def change_password(client: FlaskClient, current: str, new: str) -> int:
    token = csrf_token(client.get("/compte/mot-de-passe").get_data(as_text=True))
    return client.post("/compte/mot-de-passe", data={
        "current": current, "new": new, "confirm": new, "csrf_token": token}).status_code


def test_admin_creates_an_account_whose_first_sign_in_forces_a_change(
        app: Flask, client_as: ClientAs, sessions: Sessions) -> None:
    status, page = admin_post(client_as("admin"), "/admin/users/nouveau",
                              email="nouvelle@iuct.fr", role="had_nurse", had="had-ch-albi")
    assert status == 200
    match = re.search(r'id="issued-password">([^<]+)<', page)
    assert match
    client = app.test_client()
    assert login(client, "nouvelle@iuct.fr", match.group(1)) == 302
    forced = client.get("/patients/")
    assert forced.status_code == 302
    assert forced.headers["Location"] == "/compte/mot-de-passe"
    assert change_password(client, match.group(1), "password1234") == 422  # policy applies
    assert change_password(client, match.group(1), NEW_PASSWORD) == 302
    assert client.get("/patients/").status_code == 200
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "account_created" in actions
    assert "password_changed" in actions


def test_admin_refuses_an_unknown_had_and_a_weak_input(client_as: ClientAs) -> None:
    status, page = admin_post(client_as("admin"), "/admin/users/nouveau",
                              email="x@iuct.fr", role="had_nurse", had="had-inexistante")
    assert status == 422
    assert "HAD inconnue" in page


def test_deactivation_and_role_change_end_the_sessions_at_once(
        client_as: ClientAs, sessions: Sessions) -> None:
    nurse, coordinator, admin = (client_as("had_nurse"), client_as("coordinator"),
                                 client_as("admin"))
    assert nurse.get("/patients/").status_code == 200
    nurse_id = user_id(sessions, "had_nurse@example.fr")
    assert admin_post(admin, f"/admin/users/{nurse_id}", action="deactivate")[0] == 302
    assert nurse.get("/patients/").status_code == 302
    again = FlaskClient(nurse.application, nurse.response_wrapper)
    assert login(again, "had_nurse@example.fr") == 401  # a deactivated account cannot sign in
    assert admin_post(admin, f"/admin/users/{nurse_id}", action="activate")[0] == 302
    assert login(again, "had_nurse@example.fr") == 302
    coordinator_id = user_id(sessions, "coordinator@example.fr")
    assert admin_post(admin, f"/admin/users/{coordinator_id}", action="role", role="ars",
                      had="")[0] == 302
    assert coordinator.get("/patients/").status_code == 302
    with sessions() as session:
        role = session.scalar(select(User.role).where(User.id == coordinator_id))
        actions = set(session.scalars(select(AuditEvent.action)).all())
    assert role == "ars"
    assert {"account_deactivated", "account_activated", "account_role"} <= actions


def test_admin_issues_a_temporary_password(app: Flask, client_as: ClientAs,
                                           sessions: Sessions) -> None:
    target = user_id(sessions, "pharmacist@example.fr")
    status, page = admin_post(client_as("admin"), f"/admin/users/{target}", action="password")
    assert status == 200
    match = re.search(r'id="issued-password">([^<]+)<', page)
    assert match
    client = app.test_client()
    assert login(client, "pharmacist@example.fr") == 401  # the old one no longer works
    assert login(client, "pharmacist@example.fr", match.group(1)) == 302
    assert client.get("/pharmacie/").headers["Location"] == "/compte/mot-de-passe"


def test_only_the_admin_manages_accounts(client_as: ClientAs, sessions: Sessions) -> None:
    target = user_id(sessions, "ars@example.fr")
    for role in ("coordinator", "pharmacist", "had_nurse", "ars"):
        client = client_as(role)
        token = csrf_token(client.get("/").get_data(as_text=True))
        for path in ("/admin/users/nouveau", f"/admin/users/{target}"):
            response = client.post(path, data={"csrf_token": token, "action": "deactivate",
                                                "email": "x@y.fr", "role": "admin"})
            assert response.status_code == 403, (role, path)


def test_users_see_and_end_their_own_sessions(client_as: ClientAs) -> None:
    laptop, phone = client_as("coordinator"), client_as("coordinator")
    page = laptop.get("/compte/sessions").get_data(as_text=True)
    assert "cette session" in page
    assert page.count("Fermer</button>") == 1  # the phone's session
    token = csrf_token(page)
    assert laptop.post("/compte/sessions/fermer", data={
        "session": "autres", "csrf_token": token}).status_code == 302
    assert phone.get("/patients/").status_code == 302
    assert laptop.get("/patients/").status_code == 200


def test_changing_ones_password_needs_the_current_one(client_as: ClientAs) -> None:
    client = client_as("ars")
    assert change_password(client, "pas-le-bon-mot-de-passe", NEW_PASSWORD) == 422
    assert change_password(client, PASSWORD, NEW_PASSWORD) == 302


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HADCOORD_DATABASE_URL", database_url)
    return database_url


@pytest.mark.usefixtures("cli_database")
def test_the_cli_manages_accounts_too(app: Flask, sessions: Sessions) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["users", "deactivate", "ars@example.fr"]).exit_code == 0
    assert login(app.test_client(), "ars@example.fr") == 401
    assert runner.invoke(main, ["users", "activate", "ars@example.fr"]).exit_code == 0
    issued = runner.invoke(main, ["users", "reset-password", "ars@example.fr"])
    assert issued.exit_code == 0
    password = issued.output.rsplit(": ", 1)[1].strip()
    assert login(app.test_client(), "ars@example.fr", password) == 302
    assert runner.invoke(main, ["users", "reset-2fa", "ars@example.fr"]).exit_code == 0
    unknown = runner.invoke(main, ["users", "deactivate", "personne@example.fr"])
    assert unknown.exit_code == 2
    assert "aucun compte" in unknown.output
    with sessions() as session:
        actions = set(session.scalars(select(AuditEvent.action)).all())
    assert {"account_deactivated", "account_activated", "password_issued", "mfa_reset"} <= actions
