"""The database set-up and the placeholder web app answer as `make run` needs."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.cli.db import alembic_config, upgrade_database
from hadcoord.config import load_settings
from hadcoord.store import make_engine
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret


def test_db_upgrade_creates_the_sqlite_database(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "instance" / "hadcoord.sqlite3"
    monkeypatch.setenv("HADCOORD_DATABASE_URL", f"sqlite:///{database}")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with make_engine(f"sqlite:///{database}").connect() as connection:
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
        head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{database}")).get_current_head()
        assert version.scalar_one() == head
        tables = set(sa.inspect(connection).get_table_names())
    assert {"users", "audit_events", "patients", "pathways", "tasks"} <= tables


def test_healthz_answers_when_the_database_is_reachable(tmp_path: Path) -> None:
    # Reachable, at the expected schema (issue 16: /healthz checks the revision too).
    upgrade_database(f"sqlite:///{tmp_path}/db.sqlite")
    settings = load_settings(environ={"HADCOORD_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
                                      "HADCOORD_SECRET_KEY": generate_secret()})
    client = create_app({"TESTING": True}, settings=settings).test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_healthz_reports_an_unreachable_database(tmp_path: Path) -> None:
    # A folder where the database file should be: SQLite cannot open it.
    settings = load_settings(environ={"HADCOORD_DATABASE_URL": f"sqlite:///{tmp_path}",
                                      "HADCOORD_SECRET_KEY": generate_secret()})
    client = create_app({"TESTING": True}, settings=settings).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "injoignable" in response.get_json()["status"]
