"""The HAD nurse's form: French labels and errors, ICE items, triage end to end, double submit."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord import clock
from hadcoord.clock import FrozenClock
from hadcoord.store import Alert, DailyCheckRecord, DirectoryEntry, Patient
from hadcoord.wording import labels
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
            "heart_rate": str(document["heart_rate"]), "systolic_bp": "124",
            "diastolic_bp": "76", "spo2": "98",
            "respiratory_rate": "16",
            "programmed_rate_ml_h": str(document["pump"]["programmed_rate_ml_h"]).replace(
                ".", ","),
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


def test_form_choices_read_as_the_triage_messages(client_as: Client,
                                                  patients: dict[str, int]) -> None:
    page = open_form(client_as("had_nurse"), patients["mine"])
    for table in (labels.CONSCIOUSNESS, labels.OXYGEN, labels.SEIZURE, labels.WRITING_TEST):
        for value, label in table.items():
            assert f'<option value="{value}">{label}</option>' in page


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


def test_a_forged_submission_key_says_to_reload_the_page(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    """The hidden key has no field to sit next to: its message shows in the summary.

    Found by the form fuzzer (tests/security/test_form_fuzz.py): a 65-character key was
    refused 422 with only « le relevé contient des erreurs », nothing telling what to do.
    """
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), submission_key="k" * 65)
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    summary = text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Formulaire invalide : rechargez la page et recommencez." in summary
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
    # Issue 12: recorded red at once (the coordinator is alerted), the result asks for the ICE
    # items; the nurse's follow-up check with the items joins the same alert episode.
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(writing_test="altered"), ice_score="10")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data,
                          follow_redirects=True)
    text = html.unescape(response.get_data(as_text=True))
    assert "triage ROUGE" in text
    assert "Faire le score ICE item par item" in text
    assert "Saisir le score ICE (nouveau relevé)" in text
    (first,) = records(sessions)
    assert (first.triage, first.ask_ice_items) == ("red", True)
    page = open_form(nurse, patients["mine"])
    items = {"ice_orientation": "3", "ice_naming": "3", "ice_commands": "1",
             "ice_writing": "0", "ice_attention": "1"}
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau",
                          data={**form_data(page, check_doc(writing_test="altered")),
                                **items}, follow_redirects=True)
    assert "triage ROUGE" in html.unescape(response.get_data(as_text=True))
    _first, record = sorted(records(sessions), key=lambda r: r.id)
    assert (record.ice_score, record.icans_grade, record.ice_writing) == (8, 1, 0)
    assert record.alert_id == first.alert_id is not None
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 1


def test_respiratory_and_programmed_rates_are_required(sessions: Sessions, client_as: Client,
                                                       patients: dict[str, int],
                                                       check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    assert "Fréquence respiratoire (/min)" in page
    assert "Débit programmé lu sur la pompe (mL/h)" in page
    data = form_data(page, check_doc(), respiratory_rate="", programmed_rate_ml_h="")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert _field_errors(text, "respiratory_rate") == ["Ce champ est obligatoire."]
    assert _field_errors(text, "programmed_rate_ml_h") == ["Ce champ est obligatoire."]
    assert text.count("Ce champ est obligatoire.") == 4  # next to each field, and the summary
    assert records(sessions) == []


def test_neurological_signs_and_masked_fever_through_the_form(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    assert "Trouble de la parole" in page
    data = form_data(page, check_doc(), fever_masking_treatment="y",
                     free_text="Parole hachée depuis ce matin")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau",
                          data={**data, "neuro_signs": ["speech_difficulty", "confusion"]},
                          follow_redirects=True)
    text = html.unescape(response.get_data(as_text=True))
    assert "triage ROUGE" in text
    assert "Signes neurologiques : trouble de la parole, confusion" in text
    assert "Parole hachée depuis ce matin" in text
    (record,) = records(sessions)
    assert (record.neuro_signs, record.fever_masking_treatment) == (
        "confusion,speech_difficulty", True)
    assert record.news2_score == 3  # new confusion: the C of ACVPU (RCP 2017)


def test_unknown_neurological_sign_is_refused_in_french(sessions: Sessions, client_as: Client,
                                                        patients: dict[str, int],
                                                        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = {**form_data(page, check_doc()), "neuro_signs": ["hiccups"]}
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    assert response.status_code == 422
    assert "Choix invalide : cochez des valeurs de la liste." in html.unescape(
        response.get_data(as_text=True))
    assert records(sessions) == []


def test_programmed_rate_different_from_the_plan_is_red(sessions: Sessions, client_as: Client,
                                                       patients: dict[str, int],
                                                       check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), programmed_rate_ml_h="25")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data,
                          follow_redirects=True)
    text = html.unescape(response.get_data(as_text=True))
    assert "triage ROUGE" in text
    assert "Débit programmé différent de la prescription : 25 mL/h programmés pour " \
           "2,5 mL/h prescrits" in text
    (record,) = records(sessions)
    assert (record.prescribed_rate_ml_h, record.programmed_rate_ml_h) == (2.5, 25.0)


def test_volume_above_the_prepared_bag_is_refused_next_to_the_field(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), volume_left_ml="1500")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "1\u202f500 mL restants dans une poche préparée à" in text
    assert "valeur impossible" in text
    assert 'id="volume_left_ml-error">' in text
    assert "champ « pump.volume_left_ml »" not in text
    assert records(sessions) == []


def _field_errors(text: str, field_id: str) -> list[str]:
    """The error messages shown next to the form field ``field_id``."""
    marker = f'<p class="field-error" id="{field_id}-error">'
    return [chunk.split("</p>", 1)[0] for chunk in text.split(marker)[1:]]


def test_service_errors_name_the_field_as_the_form_labels_it(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    # Issue 15: « champ « diastolic_bp » : doit être inférieure à la pression systolique ».
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), systolic_bp="80", diastolic_bp="95")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    shown = re.sub(r'(id|name|for|href|aria-describedby)="#?diastolic_bp[^"]*"', "", text)
    assert "diastolic_bp" not in shown
    assert "Pression artérielle diastolique (mmHg) : " in text
    assert _field_errors(text, "diastolic_bp")
    assert records(sessions) == []


def test_a_time_in_the_future_today_is_shown_next_to_the_time(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: Client,
        patients: dict[str, int], check_doc: MakeDocument) -> None:
    # Issue 15: « l'heure du relevé est dans le futur » was attached to the date (the clock:
    # 01/12/2026 10:00, Paris).
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    data = form_data(page, check_doc(), check_date="2026-12-01", check_time="23:30")
    response = nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau", data=data)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert any("dans le futur" in e for e in _field_errors(text, "check_time"))
    assert not _field_errors(text, "check_date")
    assert "recorded_at" not in text
    assert records(sessions) == []


def _set_first_recourse(sessions: Sessions, patient_id: int, hospital: str,
                        *entries: DirectoryEntry) -> None:
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        assert patient.pathway is not None
        patient.pathway.first_recourse = hospital
        session.add_all(entries)
        session.commit()


def _red_steps(nurse: FlaskClient, patient_id: int, document: dict[str, Any],
               **overrides: str) -> str:
    """Submit the form and return the result page's « what to do now » list."""
    page = open_form(nurse, patient_id)
    response = nurse.post(f"/patients/{patient_id}/surveillance/nouveau",
                          data=form_data(page, document, **overrides), follow_redirects=True)
    text = html.unescape(response.get_data(as_text=True))
    return text.split('<ol id="what-to-do">', 1)[1].split("</ol>", 1)[0]


def test_red_result_says_what_to_do_naming_the_first_recourse(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    _set_first_recourse(sessions, patients["mine"], "CH de Cahors")
    steps = _red_steps(client_as("had_nurse"), patients["mine"], check_doc(), heart_rate="150",
                       respiratory_rate="30", spo2="90")
    # NEWS2 3 + 3 + 3 = 9: the 15 first, then the first recourse by name, never a number.
    assert steps.index("Urgence vitale : appeler le 15") < steps.index(
        "Appeler maintenant le premier recours : CH de Cahors (numéro à renseigner")
    assert "hématologie de l'IUCT-O (numéro à renseigner dans l'annuaire)" in steps


def test_red_result_gives_the_numbers_once_the_directory_has_them(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    checked = {"verified_on": dt.date(2026, 11, 30), "source": "appel de test"}
    _set_first_recourse(
        sessions, patients["mine"], "Centre hospitalier de Cahors",
        DirectoryEntry(key="hospital:Centre hospitalier de Cahors", phone="05 00 00 00 11",
                       **checked),
        DirectoryEntry(key="haematology:iucto-haematology", phone="05 00 00 00 12",
                       phone_on_call="05 00 00 00 13", **checked))
    steps = _red_steps(client_as("had_nurse"), patients["mine"], check_doc(), heart_rate="150")
    assert ("Appeler maintenant le premier recours : Centre hospitalier de Cahors "
            "(05 00 00 00 11)") in steps
    assert "astreinte d'hématologie de l'IUCT-O (05 00 00 00 13)" in steps
    assert "à renseigner" not in steps


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
