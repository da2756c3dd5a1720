"""Demo seeding (`hadcoord demo seed`) and the coordinator's dashboard."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from hadcoord import clock
from hadcoord.cli import main
from hadcoord.config import PROJECT_ROOT, Settings
from hadcoord.services.demo import seed
from hadcoord.store import Pathway, Patient, User, open_session
from tests.support.web import ClientAs, Sessions


@pytest.fixture
def empty_database(database_url: str, monkeypatch: pytest.MonkeyPatch,
                   tmp_path: Path) -> str:
    config = tmp_path / "config.toml"
    config.write_text((PROJECT_ROOT / "config.toml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    monkeypatch.setenv("HADCOORD_CONFIG", str(config))
    monkeypatch.setenv("HADCOORD_REFERENCE_TERRITORIES_DIR", str(PROJECT_ROOT / "territories"))
    monkeypatch.setenv("HADCOORD_DATABASE_URL", database_url)
    return database_url


def test_demo_seed_prints_one_account_per_role_and_is_idempotent(empty_database: str) -> None:
    first = CliRunner().invoke(main, ["demo", "seed", "--demo"])
    assert first.exit_code == 0, first.output
    assert "PATIENTS FICTIFS" in first.output
    line = next(row for row in first.output.splitlines() if row.startswith("  coordinator "))
    password = line.split("mot de passe : ")[1]
    for role in ("coordinator", "pharmacist", "had_nurse", "ars", "admin"):
        assert f"  {role} " in first.output
    with open_session(empty_database) as session:
        statuses = session.scalars(select(Pathway.coverage_status).order_by(Pathway.id)).all()
        assert statuses == ["authorised_had", "derogation_needed", "convention_needed"]
        assert session.scalar(select(func.count()).where(Patient.is_demo.is_(False))) == 0
    again = CliRunner().invoke(main, ["demo", "seed", "--demo"])
    assert again.exit_code == 0
    assert "aucune donnée de démonstration ajoutée" in again.output
    # Printed once, never kept in clear text (issue 11): `hadcoord demo passwords` issues new ones.
    assert password not in again.output
    with open_session(empty_database) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 5


def test_demo_seed_refused_outside_demo_mode(empty_database: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADCOORD_WEB_DEMO", "false")
    result = CliRunner().invoke(main, ["demo", "seed"])
    assert result.exit_code == 2
    assert "mode démo désactivé" in result.output
    with open_session(empty_database) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_dashboard_shows_the_day(sessions: Sessions, client_as: ClientAs,
                                 settings: Settings) -> None:
    today = clock.today()
    with sessions() as session:
        seed(session, today, settings)
        session.commit()
    page = html.unescape(client_as("coordinator").get("/tableau-de-bord").get_data(as_text=True))
    assert f"Tableau de bord — {today:%d/%m/%Y}" in page
    # Alice started 12 days ago (rr: 9-day stay): she is at home today.
    at_home = page.split("Patients à domicile")[1].split("</section>")[0]
    assert "FICTIF-HAD Alice" in at_home
    assert "fictif" in at_home
    # Her treatment is under way: her pathway's tasks are done, none is listed as due.
    tasks = page.split("Tâches des 7 prochains jours")[1]
    assert "FICTIF-HAD Alice" not in tasks
    assert "FICTIF-DEROGATION Bruno" in tasks
    start = today + dt.timedelta(days=5)  # Bruno's admission day
    later = html.unescape(client_as("coordinator").get(
        f"/tableau-de-bord?jour={start.isoformat()}").get_data(as_text=True))
    admissions = later.split("Entrées")[1].split("</section>")[0]
    assert "FICTIF-DEROGATION Bruno" in admissions
