"""Pharmacy preparation list: bags from the stored pathways, references only, CSV, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, event

from hadcoord.clock import today
from hadcoord.store import Pathway, Patient
from tests.support.web import Sessions

ROW = re.compile(r"<tr><td>(P-[^<]+)</td>(.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.DOTALL)


def add_patient(sessions: Sessions, reference: str, last_name: str, start: dt.datetime | None,
                change_days: str = "mon-thu") -> None:
    with sessions() as session:
        patient = Patient(reference=reference, last_name=last_name, first_name="Dominique",
                          birth_date=dt.date(1965, 3, 2), sex="F", commune_code="12202",
                          indication="rr", weight_kg=64.0, consent_had=True)
        session.add(patient)
        session.flush()
        session.add(Pathway(patient_id=patient.id, coverage_status="authorised_had",
                            option_kind="had", had_establishment_id="had-ch-cahors",
                            cycle1_start=start, change_days=change_days, cycles=1))
        session.commit()


@pytest.fixture
def patients(sessions: Sessions) -> None:
    add_patient(sessions, "P-0001", "DUPONTEL", dt.datetime(2026, 12, 1, 10, 0))
    add_patient(sessions, "P-0002", "MARTINEAU", None)  # no calendar yet: nothing to prepare


def rows(page: str) -> list[list[str]]:
    """The table rows: reference, then the other cells' text."""
    return [[reference, *(html.unescape(c).replace("\xa0", " ") for c in CELL.findall(rest))]
            for reference, rest in ROW.findall(page)]


@pytest.mark.usefixtures("patients")
def test_first_week_of_an_rr_cycle(client_as: Callable[[str], FlaskClient]) -> None:
    response = client_as("pharmacist").get("/pharmacie/?from=2026-12-01&to=2026-12-07")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "mardi 01/12/2026" in page
    assert "vendredi 04/12/2026" in page
    # Step 1 of an R/R cycle 1: 9 µg/day, 72 h bag + 4 h overfill, hung on the ward (SmPC).
    assert rows(page) == [
        ["P-0001", "1", "01/12 10:00", "04/12 10:00", "72 h (+4 h)", "9",
         "28,5", "27", "190", "2,5", "service d'hospitalisation"],
        ["P-0001", "1", "04/12 10:00", "08/12 10:00", "96 h", "9", "36", "36", "240", "2,5",
         "service d'hospitalisation"],
    ]


@pytest.mark.usefixtures("patients")
def test_bags_after_discharge_are_hung_in_day_hospital(
        client_as: Callable[[str], FlaskClient]) -> None:
    page = client_as("coordinator").get("/pharmacie/?from=2026-12-14&to=2026-12-14")
    assert rows(page.get_data(as_text=True)) == [
        ["P-0001", "1", "14/12 10:00", "17/12 10:00", "72 h (+4 h)", "28",
         "88,67", "84", "190", "2,5", "hôpital de jour"],
    ]


@pytest.mark.usefixtures("patients")
def test_pharmacist_sees_references_never_names(db_engine: Engine,
                                                client_as: Callable[[str], FlaskClient]) -> None:
    client = client_as("pharmacist")
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]).lower())

    event.listen(db_engine, "before_cursor_execute", record)
    try:
        page = client.get("/pharmacie/?from=2026-11-30&to=2026-12-31").get_data(as_text=True)
        sheet = client.get("/pharmacie/preparations.csv?from=2026-11-30&to=2026-12-31").data
    finally:
        event.remove(db_engine, "before_cursor_execute", record)
    assert "P-0001" in page
    assert b"P-0001" in sheet
    for secret in ("DUPONTEL", "Dominique", "MARTINEAU", "1965"):
        assert secret not in page
        assert secret.encode() not in sheet
    assert not [s for s in seen if "last_name" in s or "first_name" in s or "birth_date" in s]
    assert "P-0002" not in page  # no calendar, no bag


def test_default_period_is_today_and_the_next_seven_days(
        sessions: Sessions, client_as: Callable[[str], FlaskClient]) -> None:
    start = dt.datetime.combine(today(), dt.time(10, 0))
    add_patient(sessions, "P-0003", "DURANDEL", start)
    page = client_as("pharmacist").get("/pharmacie/").get_data(as_text=True)
    last = today() + dt.timedelta(days=7)
    assert f'value="{today().isoformat()}"' in page
    assert f'value="{last.isoformat()}"' in page
    found = rows(page)
    assert found[0][:3] == ["P-0003", "1", f"{start:%d/%m} 10:00"]
    assert found[0][5] == "9"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-12-32", "Date de début « 2026-12-32 » invalide"),
        ("from=2026-12-01&to=01/12/2026", "Date de fin « 01/12/2026 » invalide"),
        ("from=2026-12-08&to=2026-12-01", "Période inversée"),
    ],
)
@pytest.mark.usefixtures("patients")
def test_bad_period_is_refused(client_as: Callable[[str], FlaskClient], query: str,
                               message: str) -> None:
    client = client_as("pharmacist")
    response = client.get(f"/pharmacie/?{query}")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert message in page
    assert "P-0001" not in page
    sheet = client.get(f"/pharmacie/preparations.csv?{query}")
    assert sheet.status_code == 400
    assert sheet.mimetype == "text/plain"
    assert message in sheet.get_data(as_text=True)


@pytest.mark.usefixtures("patients")
def test_csv_for_french_spreadsheets(client_as: Callable[[str], FlaskClient]) -> None:
    client = client_as("pharmacist")
    query = "from=2026-12-01&to=2026-12-07"
    response = client.get(f"/pharmacie/preparations.csv?{query}")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:5] == ["Jour de préparation", "Patient (référence)", "Cycle",
                            "Pose (heure de Paris)", "Fin (heure de Paris)"]
    assert table[1] == ["01/12/2026", "P-0001", "1", "01/12/2026 10:00", "04/12/2026 10:00",
                        "72", "4", "9", "28,5", "27", "190", "2,5", "service d'hospitalisation",
                        "dose fixe", ""]  # last: « modifié » since the pharmacy last saw it
    # The µg of a bag is its content (hours + overfill), the dose delivered beside it.
    assert table[0][8:10] == ["Contenu de la poche (µg)", "Dose délivrée (µg)"]
    page = client.get(f"/pharmacie/?{query}").get_data(as_text=True)
    assert len(table) - 1 == len(rows(page)) == 2


@pytest.mark.usefixtures("patients")
def test_a_broken_calendar_does_not_hide_the_others(
        sessions: Sessions, client_as: Callable[[str], FlaskClient]) -> None:
    add_patient(sessions, "P-0004", "BERNARDIN", dt.datetime(2026, 12, 1, 10, 0), change_days="xxx")
    page = html.unescape(client_as("pharmacist").get("/pharmacie/?from=2026-12-01&to=2026-12-01")
                         .get_data(as_text=True))
    assert "Calendrier impossible à calculer pour P-0004" in page
    assert [row[0] for row in rows(page)] == ["P-0001"]
