"""Starting on a database that is not there or not migrated (issue 16): a French message,
exit 2, nothing created; /healthz names the schema; a folder that cannot be made is not a
traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.cli.db import alembic_config, upgrade_database
from hadcoord.config import load_settings
from hadcoord.store.schema import expected_revision
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret


@pytest.fixture
def server_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADCOORD_SECRET_KEY", generate_secret())


def serve_on(monkeypatch: pytest.MonkeyPatch, url: str) -> tuple[int, str]:
    monkeypatch.setenv("HADCOORD_DATABASE_URL", url)
    # A port already taken: were the database checks to pass, serve would stop there (exit 2,
    # « déjà utilisé »), never serve forever.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--host", "127.0.0.1", "--port", str(port)])
    assert "déjà utilisé" not in result.output
    return result.exit_code, result.output


@pytest.mark.usefixtures("server_env")
def test_serve_refuses_a_missing_database_and_creates_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "instance" / "hadcoord.sqlite3"
    status, output = serve_on(monkeypatch, f"sqlite:///{database}")
    assert status == 2, output
    assert f"la base de données {database} n'existe pas" in output
    assert "hadcoord db upgrade" in output
    assert "Traceback" not in output
    assert not database.exists()
    assert not database.parent.exists()


@pytest.mark.usefixtures("server_env")
def test_serve_refuses_a_database_never_migrated(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "empty.sqlite3"
    database.touch()
    status, output = serve_on(monkeypatch, f"sqlite:///{database}")
    assert status == 2, output
    assert "jamais migrée" in output
    assert "« hadcoord db upgrade »" in output


@pytest.mark.usefixtures("server_env")
def test_serve_refuses_a_database_at_an_older_revision(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/old.sqlite3"
    upgrade_database(url)
    command.downgrade(alembic_config(url), "-1")
    status, output = serve_on(monkeypatch, url)
    assert status == 2, output
    assert "n'est pas à jour" in output
    assert f"attendue {expected_revision()}" in output
    assert "hadcoord db upgrade" in output


def test_scheduler_refuses_a_database_never_migrated(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "empty.sqlite3"
    database.touch()
    monkeypatch.setenv("HADCOORD_DATABASE_URL", f"sqlite:///{database}")
    result = CliRunner().invoke(main, ["scheduler"])
    assert result.exit_code == 2, result.output
    assert "hadcoord db upgrade" in result.output


def test_a_folder_that_cannot_be_created_is_a_french_error(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database's folder should be")
    monkeypatch.setenv("HADCOORD_DATABASE_URL", f"sqlite:///{blocker}/instance/db.sqlite3")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 2, result.output
    assert "impossible de créer la base de données" in result.output
    assert f"le dossier « {blocker}/instance » ne peut pas être créé" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_app_on_a_missing_database_answers_503_and_creates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "missing.sqlite3"
    settings = load_settings(environ={"HADCOORD_DATABASE_URL": f"sqlite:///{database}",
                                      "HADCOORD_SECRET_KEY": generate_secret()})
    client = create_app({"TESTING": True}, settings=settings).test_client()
    # The sign-in form's session cannot be stored: 503, not a form that can never succeed.
    response = client.get("/login")
    assert response.status_code == 503  # today: the form, then a 500 « no such table »
    assert response.headers["Retry-After"].isdigit()
    assert "La base de données ne répond pas" in response.get_data(as_text=True)
    assert client.get("/healthz").get_json()["failing"] == "database"
    assert not database.exists()


def test_healthz_names_a_schema_not_migrated(tmp_path: Path) -> None:
    database = tmp_path / "empty.sqlite3"
    database.touch()
    settings = load_settings(environ={"HADCOORD_DATABASE_URL": f"sqlite:///{database}",
                                      "HADCOORD_SECRET_KEY": generate_secret()})
    response = create_app({"TESTING": True}, settings=settings).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == "schema"
    assert "hadcoord db upgrade" in response.get_json()["status"]
