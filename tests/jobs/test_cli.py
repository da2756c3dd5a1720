"""`hadcoord jobs run NAME [--date]` and `hadcoord jobs list`: French output, exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.cli import main
from tests.jobs.conftest import Mailbox

Server = tuple[Mailbox, int]


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str, smtp_server: Server,
            factory: sessionmaker[Session]) -> None:
    """The CLI's settings point at the test database and SMTP server."""
    monkeypatch.setenv("HADCOORD_DATABASE_URL", database_url)
    monkeypatch.setenv("HADCOORD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HADCOORD_SMTP_PORT", str(smtp_server[1]))


@pytest.mark.usefixtures("cli_env")
def test_run_once_for_a_date_then_nothing_twice(runner: CliRunner,
                                                smtp_server: Server) -> None:
    args = ["jobs", "run", "morning_digest", "--date", "2026-12-01", "--json"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"job": "morning_digest", "date": "2026-12-01",
                                        "queued": 8, "sent": 4, "retried": 0, "failed": 0}
    second = runner.invoke(main, args[:-1])
    assert second.exit_code == 0
    assert second.stdout.strip() == ("Tâche morning_digest du 01/12/2026 : 0 notification(s) "
                                     "mise(s) en file, 0 courriel(s) envoyé(s), 0 à réessayer, "
                                     "0 en échec.")
    assert smtp_server[0].count() == 4


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize(("args", "message"), [
    (["jobs", "run", "digest"], "Erreur : tâche inconnue « digest »"),
    (["jobs", "run", "pharmacy_list", "--date", "01/12/2026"],
     "Erreur : date « 01/12/2026 » invalide : format attendu AAAA-MM-JJ"),
])
def test_bad_input_is_refused_in_french(runner: CliRunner, smtp_server: Server,
                                        args: list[str], message: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert smtp_server[0].count() == 0


def test_list_shows_the_configured_times(runner: CliRunner) -> None:
    result = runner.invoke(main, ["jobs", "list"])
    assert result.exit_code == 0
    assert "morning_digest   07:30" in result.stdout
    assert "missing_checks   19:00" in result.stdout
