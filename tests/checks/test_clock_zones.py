"""The server's own time zone changes nothing a user sees.

Each case runs with the process in UTC and in Pacific/Auckland (``TZ``), the clock frozen at
23:30 and at 00:30 Paris time: the day before midnight in Paris is the next day in Auckland, the
day after it is still the day before in UTC. The system clock is stopped at the same instant
(time-machine), so only the process's zone differs between the four runs. « Today », the
matches, the due dates, the check rounds, the jobs' day and every time shown must be the Paris
ones in all four cases.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterator
from typing import TypeVar, cast

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import select

from hadcoord.cli import main
from hadcoord.clock import PARIS, FrozenClock
from hadcoord.config import Settings
from hadcoord.exports.ics import plan_to_ics
from hadcoord.jobs.runner import runs_to_catch_up
from hadcoord.jobs.scheduler import scheduled_run
from hadcoord.planning import default_protocol
from hadcoord.services.digest import morning_digest
from hadcoord.services.digest_text import digest_message
from hadcoord.store import JobRun
from tests.checks.test_views import Client, page, red_check
from tests.support.checks import MakeDocument, plan_of
from tests.support.web import Sessions
from tests.web.test_pathways import add_patient, choose
from tests.web.test_patients import submit

INSTANTS = [dt.datetime(2026, 12, 8, 23, 30, tzinfo=PARIS),
            dt.datetime(2026, 12, 9, 0, 30, tzinfo=PARIS)]
ZONES = ["UTC", "Pacific/Auckland"]
Test = TypeVar("Test", bound=Callable[..., None])


def in_every_zone(test: Test) -> Test:
    """Run ``test`` with the process in each of ``ZONES`` and the clock at each of ``INSTANTS``
    (the test receives ``frozen_clock``)."""
    test = pytest.mark.parametrize("frozen_clock", INSTANTS, indirect=True,
                                   ids=["23h30-Paris", "00h30-Paris"])(test)
    test = pytest.mark.parametrize("process_tz", ZONES, indirect=True)(test)
    return cast(Test, pytest.mark.usefixtures("process_tz", "system_time")(test))


@pytest.fixture
def system_time(frozen_clock: FrozenClock) -> Iterator[None]:
    """The operating system's clock stopped at the same instant as the application's, so that
    a read of the system time (``date.today()``…) differs only by the process's time zone."""
    with time_machine.travel(frozen_clock.utc_now().timestamp(), tick=False):
        yield


def paris(frozen: FrozenClock) -> dt.datetime:
    """The frozen instant on a Paris wall clock (stdlib conversion, not the code under test)."""
    return frozen.utc_now().astimezone(PARIS)


@in_every_zone
def test_dashboard_and_rounds_show_the_paris_day(frozen_clock: FrozenClock,
                                                 client_as: Client,
                                                 patients: dict[str, int]) -> None:
    day = paris(frozen_clock).date()
    dashboard = page(client_as("coordinator"), "/tableau-de-bord")
    assert f"Tableau de bord — {day:%d/%m/%Y}" in dashboard
    assert "Patients à domicile (2)" in dashboard
    rounds = page(client_as("had_nurse"), "/surveillance/tournee")
    assert f"Relevés du jour — {day:%d/%m/%Y}" in rounds
    assert "P-MINE01" in rounds
    assert "à faire" in rounds


@in_every_zone
def test_matches_letters_birth_dates_and_periods_use_the_paris_day(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: Client) -> None:
    day = paris(frozen_clock).date()
    coordinator = client_as("coordinator")
    answer = coordinator.get("/api/match?commune=Rodez").get_json()
    assert answer["date"] == day.isoformat()
    patient_id = add_patient(sessions, "12202")
    assert choose(coordinator, patient_id).status_code == 302
    pathway = page(coordinator, f"/patients/{patient_id}/parcours")
    letter = re.search(r"/patients/\d+/courrier/\d+", pathway)
    assert letter is not None
    assert f"Toulouse, le {day:%d/%m/%Y}" in page(coordinator, letter.group())
    assert "en retard" not in pathway  # tasks created today are not overdue
    status, _location, text = submit(coordinator, birth_date=(day + dt.timedelta(days=1))
                                     .isoformat())
    assert status == 422
    assert "La date de naissance est dans le futur." in html.unescape(text)
    status, _location, _text = submit(coordinator, birth_date=day.isoformat())
    assert status == 302
    pharmacy = page(client_as("pharmacist"), "/pharmacie/")
    assert f'id="from" name="from" value="{day.isoformat()}"' in pharmacy
    assert f'name="date" value="{day.isoformat()}"' in page(client_as("ars"), "/ars/")


@in_every_zone
def test_check_times_read_in_paris_everywhere(frozen_clock: FrozenClock,
                                              sessions: Sessions, client_as: Client,
                                              patients: dict[str, int],
                                              check_doc: MakeDocument) -> None:
    now = paris(frozen_clock)
    checked = now - dt.timedelta(hours=1)
    form = page(client_as("had_nurse"), f"/patients/{patients['mine']}/surveillance/nouveau")
    assert f'value="{now:%Y-%m-%d}"' in form
    assert f'value="{now:%H:%M}"' in form
    red_check(client_as, patients, check_doc)
    coordinator = client_as("coordinator")
    inbox = page(coordinator, "/notifications/")
    assert f"relevé du {checked:%d/%m/%Y à %H:%M} (heure de Paris)" in inbox
    assert f"{now:%d/%m/%Y %H:%M}" in inbox  # when the notification was created
    overview = page(coordinator, "/surveillance/")
    assert f"<td>{now:%d/%m %H:%M}</td>" in overview  # the alert
    assert f"<td>{checked:%d/%m %H:%M}</td>" in overview  # the check
    history = page(client_as("had_nurse"), f"/patients/{patients['mine']}/surveillance")
    assert f"{checked:%d/%m/%Y %H:%M}" in history
    listing = client_as("coordinator").get(f"/api/patients/{patients['mine']}/checks")
    assert listing.get_json()[0]["recorded_at"] == checked.isoformat()
    with sessions() as session:
        digest = morning_digest(session, now.date(), default_protocol())
        _subject, body = digest_message(digest, names=False)
    assert f"ROUGE {now:%d/%m %H:%M} P-MINE01" in body
    audit = page(client_as("admin"), "/admin/audit")
    assert f"<td>{now:%d/%m/%Y %H:%M:%S}</td>" in audit


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The command line on the test database."""
    monkeypatch.setenv("HADCOORD_DATABASE_URL", settings.database.url)
    return settings


@in_every_zone
def test_the_command_line_and_the_jobs_use_the_paris_day(frozen_clock: FrozenClock,
                                        sessions: Sessions, cli_settings: Settings) -> None:
    day = paris(frozen_clock).date()
    for command in (["match", "Rodez", "--json"], ["jobs", "run", "pharmacy_list", "--json"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["date"] == day.isoformat()
    factory = sessions
    scheduled_run("morning_digest", factory, cli_settings)
    with factory() as session:
        runs = {row.job: row.day for row in session.execute(select(JobRun.job, JobRun.day))}
    assert runs == {"pharmacy_list": day, "morning_digest": day}
    # Within 12 h of 23:30 or 00:30: the evening check alert of 08/12 and the 14:00 list of
    # 08/12 (done above only if today is the 8th).
    wanted = runs_to_catch_up(factory, cli_settings, frozen_clock.utc_now())
    expected = [("pharmacy_list", dt.date(2026, 12, 8)), ("missing_checks", dt.date(2026, 12, 8))]
    assert wanted == [run for run in expected if runs.get(run[0]) != run[1]]


@in_every_zone
def test_the_calendar_file_is_in_paris_time(frozen_clock: FrozenClock,
                                            sessions: Sessions, patients: dict[str, int]) -> None:
    content = plan_to_ics(plan_of(sessions, patients["mine"]), default_protocol()).decode()
    assert f"DTSTAMP:{frozen_clock.utc_now():%Y%m%dT%H%M%SZ}" in content
    assert "TZID:Europe/Paris" in content
    assert "DTSTART;TZID=Europe/Paris:" in content
