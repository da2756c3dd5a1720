"""The HAD nurse's form: French labels and errors, ICE items, triage end to end, double submit."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord import clock
from hadcoord.store import Alert, DailyCheckRecord
from tests.support.checks import MakeDocument
from tests.support.web import Sessions, csrf_token

Client = Callable[[str], FlaskClient]


def records(sessions: Sessions) -> list[DailyCheckRecord]:
    with sessions() as session:
        return list(session.scalars(select(DailyCheckRecord)))


def form_data(page: str, document: dict[str, Any], **overrides: str) -> dict[str, str]:
    """The form fields a nurse would fill for ``document`` (checkboxes: present = ticked)."""
    at = dt.datetime.fromisoformat(document["recorded_at"])
    data = {"csrf_token": csrf_token(page), "check_date": at.date().isoformat(),
            "check_time": at.strftime("%H:%M"),
            "temperature_c": str(document["temperature_c"]).replace(".", ","),
            "heart_rate": "78", "systolic_bp": "124", "diastolic_bp": "76", "spo2": "98",
            "oxygen": "none", "vasopressors": "0", "pump_running": "yes", "pump_alarm": "no",
            "volume_left_ml": str(document["pump"]["volume_left_ml"]).replace(".", ","),
            "writing_test": document["writing_test"], "consciousness": "alert",
            "seizure": "none", "dressing_intact": "y"}
    marker = 'name="submission_key" type="hidden" value="'
    data["submission_key"] = page.split(marker, 1)[1].split('"', 1)[0]
    data.update(overrides)
    return data


def open_form(client: FlaskClient, patient_id: int) -> str:
    response = client.get(f"/patients/{patient_id}/surveillance/nouveau")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_form_is_french_and_hides_the_ice_items(client_as: Client,
                                                patients: dict[str, int]) -> None:
    page = open_form(client_as("had_nurse"), patients["mine"])
    for label in ("Température (°C)", "Volume restant dans la poche (mL)",
                  "Test d'écriture", "Rougeur", "Niveau de conscience"):
        assert label in page
    assert '<fieldset id="ice-items" hidden>' in page


def test_green_check_through_the_form(sessions: Sessions, client_as: Client,
                                      patients: dict[str, int],
                                      check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau",
                          data=form_data(page, check_doc()), follow_redirects=True)
    assert response.status_code == 200
    assert "Relevé enregistré — triage VERT" in html.unescape(response.get_data(as_text=True))
    (record,) = records(sessions)
    assert record.expected_volume_left_ml == check_doc.expected
    assert (record.triage, record.dressing_intact, record.pump_running) == ("green", True, True)


def test_red_check_through_the_form_alerts(sessions: Sessions, client_as: Client,
                                           patients: dict[str, int],
                                           check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(temperature_c=38.6), line_redness="y")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data,
                          follow_redirects=True)
    text = html.unescape(response.get_data(as_text=True))
    assert "triage ROUGE" in text
    assert "IUCT-O" in text
    assert "Température 38,6 °C (≥ 38 °C) : infection ou SRC possible" in text
    (record,) = records(sessions)
    assert (record.crs_grade, record.fever_grade, record.line_redness) == (1, 1, True)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 1


def test_bad_input_is_explained_in_french_and_nothing_is_written(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), temperature_c="trente-huit", spo2="130",
                     pump_running="")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "rien n'a été enregistré" in text
    assert "Nombre invalide." in text
    assert "Valeur attendue entre 50 et 100 %." in text
    assert "Ce champ est obligatoire." in text
    assert records(sessions) == []


def test_no_bag_at_that_time_is_refused(sessions: Sessions, client_as: Client,
                                        patients: dict[str, int],
                                        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), check_date=(clock.today() + dt.timedelta(days=1))
                     .isoformat())
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    assert response.status_code == 422
    assert "l'heure du relevé est dans le futur" in html.unescape(response.get_data(as_text=True))
    assert records(sessions) == []


def test_altered_writing_test_shows_the_ice_items_then_grades_them(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(writing_test="altered"), ice_score="10")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert '<fieldset id="ice-items" >' in text
    assert "saisissez les items du score ICE" in text
    assert records(sessions) == []
    items = {"ice_orientation": "3", "ice_naming": "3", "ice_commands": "1",
             "ice_writing": "0", "ice_attention": "1"}
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau",
                          data={**data, "ice_score": "", **items}, follow_redirects=True)
    assert "triage ROUGE" in html.unescape(response.get_data(as_text=True))
    (record,) = records(sessions)
    assert (record.ice_score, record.icans_grade, record.ice_writing) == (8, 1, 0)


def test_partial_ice_items_are_refused(sessions: Sessions, client_as: Client,
                                       patients: dict[str, int],
                                       check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(writing_test="altered"), ice_orientation="4")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    assert response.status_code == 422
    text = html.unescape(response.get_data(as_text=True))
    assert "Renseignez les cinq items du score ICE" in text
    assert records(sessions) == []


def test_double_submit_records_once(sessions: Sessions, client_as: Client, patients: dict[str, int],
                                    check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(temperature_c=38.2))
    url = f"/patients/{patients['mine']}/surveillance/nouveau"
    assert nurse.post(url, data=data).status_code == 302
    again = nurse.post(url, data=data, follow_redirects=True)
    assert "Double envoi" in html.unescape(again.get_data(as_text=True))
    assert len(records(sessions)) == 1
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 1


def test_form_of_another_had_patient_is_refused(client_as: Client,
                                                patients: dict[str, int]) -> None:
    nurse = client_as("had_nurse")
    assert nurse.get(f"/patients/{patients['other']}/surveillance/nouveau").status_code == 404
