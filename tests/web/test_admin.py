"""The audit trail and the account list, and `hadcoord users create`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord.cli import main
from hadcoord.services import audit
from hadcoord.store import User, open_session
from tests.support.web import Sessions


def test_audit_page_shows_logins(client_as: Callable[[str], FlaskClient]) -> None:
    client_as("coordinator")
    page = client_as("admin").get("/admin/audit").get_data(as_text=True)
    assert "coordinator@example.fr" in page
    assert "connexion" in page


def test_audit_page_filters_by_patient(sessions: Sessions,
                                       client_as: Callable[[str], FlaskClient]) -> None:
    with sessions() as session:
        audit.record(session, None, "read", patient_id=41, target="/patients/41")
        audit.record(session, None, "update", patient_id=42, target="/patients/42")
        session.commit()
    page = client_as("admin").get("/admin/audit?patient=42").get_data(as_text=True)
    assert "/patients/42" in page
    assert "/patients/41" not in page


def test_users_page_lists_roles(client_as: Callable[[str], FlaskClient]) -> None:
    page = client_as("admin").get("/admin/users").get_data(as_text=True)
    assert "had_nurse@example.fr" in page
    assert "had-ch-cahors" in page


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HADCOORD_DATABASE_URL", database_url)
    return database_url


def count_users(url: str) -> int:
    with open_session(url) as session:
        return session.scalar(select(func.count()).select_from(User)) or 0


def test_users_create_reads_the_password_on_stdin(cli_database: str) -> None:
    result = CliRunner().invoke(main, ["users", "create", "--email", "Infirmiere@IUCT.fr",
                                       "--role", "coordinator", "--password-stdin"],
                                input="un-long-mot-de-passe\n")
    assert result.exit_code == 0, result.output
    assert "infirmiere@iuct.fr" in result.output
    assert count_users(cli_database) == 1


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--email", "x@y.fr", "--role", "had_nurse"], "un-long-mot-de-passe", "rattaché"),
        (["--email", "x@y.fr", "--role", "coordinator"], "court", "trop court"),
        (["--email", "pas-un-email", "--role", "admin"], "un-long-mot-de-passe", "invalide"),
    ],
)
def test_users_create_refuses_bad_input(cli_database: str, args: list[str], password: str,
                                        message: str) -> None:
    result = CliRunner().invoke(main, ["users", "create", *args, "--password-stdin"],
                                input=password + "\n")
    assert result.exit_code == 2
    assert message in result.output
    assert count_users(cli_database) == 0


def test_users_create_refuses_a_duplicate(cli_database: str) -> None:
    command = ["users", "create", "--email", "a@b.fr", "--role", "ars", "--password-stdin"]
    assert CliRunner().invoke(main, command, input="un-long-mot-de-passe\n").exit_code == 0
    again = CliRunner().invoke(main, command, input="un-long-mot-de-passe\n")
    assert again.exit_code == 2
    assert "existe déjà" in again.output
    assert count_users(cli_database) == 1
