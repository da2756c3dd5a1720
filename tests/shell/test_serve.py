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
