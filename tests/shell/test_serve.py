"""`hadcoord serve` on a port already taken: a French message and status 2, no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.cli.db import upgrade_database
from hadcoord.web.auth_secret import generate_secret


def test_busy_port_is_a_french_error_with_status_2(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    upgrade_database(f"sqlite:///{tmp_path}/db.sqlite3")  # serve refuses a missing database
    monkeypatch.setenv("HADCOORD_DATABASE_URL", f"sqlite:///{tmp_path}/db.sqlite3")
    monkeypatch.setenv("HADCOORD_SECRET_KEY", generate_secret())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--host", "127.0.0.1", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"le port {port} est déjà utilisé sur 127.0.0.1" in result.output
    assert "--port" in result.output
    assert "http://" not in result.output  # no URL announced for a server that is not there
    assert "Traceback" not in result.output
    assert "OSError" not in result.output


def test_several_workers_on_sqlite_are_refused_in_french(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite has one writer at a time: several processes would block each other (issue 16).
    upgrade_database(f"sqlite:///{tmp_path}/db.sqlite3")
    monkeypatch.setenv("HADCOORD_DATABASE_URL", f"sqlite:///{tmp_path}/db.sqlite3")
    monkeypatch.setenv("HADCOORD_SECRET_KEY", generate_secret())
    result = CliRunner().invoke(main, ["serve", "--port", "1", "--workers", "3"])
    assert result.exit_code == 2, result.output
    assert "« --workers 3 » demande PostgreSQL" in result.output
    assert "http://" not in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("HADCOORD_WEB_WORKERS", "2")  # the same from config.toml / environment
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 2, result.output
    assert "« --workers 2 » demande PostgreSQL" in result.output
