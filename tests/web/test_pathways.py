"""Pathway planning: options for the commune, choice → tasks, calendar, letters, care plan."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from hadcoord import clock
from hadcoord.store import AuditEvent, Pathway, Patient, Task
from tests.support.web import ClientAs, Sessions, csrf_token, page_text

START = clock.today() + dt.timedelta(days=10)


def add_patient(sessions: Sessions, commune_code: str, *, consent: bool = True) -> int:
    with sessions() as session:
        patient = Patient(reference=f"P-{commune_code}", last_name="FICTIF", first_name="Lou",
                          birth_date=dt.date(1965, 3, 3), sex="F", commune_code=commune_code,
                          indication="rr", weight_kg=68.0, consent_had=consent)
        session.add(patient)
        session.commit()
        return patient.id


def choose(client: FlaskClient, patient_id: int, option: int = 0) -> TestResponse:
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    return client.post(f"/patients/{patient_id}/parcours",
                       data={"option": str(option), "csrf_token": csrf_token(page)})


def plan(client: FlaskClient, patient_id: int, **changes: str) -> TestResponse:
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    data = {"start_date": START.isoformat(), "start_time": "10:00", "change_days": "mon-thu",
            "cycles": "2", "csrf_token": csrf_token(page), **changes}
    return client.post(f"/patients/{patient_id}/calendrier", data=data)


def count(sessions: Sessions, model: type) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_rodez_shows_the_derogation_to_albi(sessions: Sessions,
                                            client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202")
    page = page_text(client_as("coordinator").get(f"/patients/{patient_id}/parcours"))
    assert "dérogation ARS nécessaire" in page
    assert "Dérogation ARS — HAD du CH d'Albi" in page
    assert "Convention — " in page
    assert "UDSMA" in page
    assert "1er recours : Centre hospitalier de Rodez" in page


def test_choosing_the_derogation_creates_its_tasks_and_letter(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "12202")
    client = client_as("coordinator")
    assert choose(client, patient_id).status_code == 302
    with sessions() as session:
        kinds = session.scalars(select(Task.kind).order_by(Task.id)).all()
        letter_id = session.scalar(select(Task.id).where(Task.kind == "derogation_request"))
    assert kinds == ["derogation_request", "had_request", "training", "pump",
                     "inform_first_recourse", "care_plan_handover"]
    letter = page_text(client.get(f"/patients/{patient_id}/courrier/{letter_id}"))
    assert "R.1435-41" in letter
    assert "Motif d'intérêt général" in letter
    assert "HAD du CH d'Albi" in letter
    assert "FICTIF" not in letter  # the ARS letter names the patient by reference only


def test_no_consent_no_request(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202", consent=False)
    response = choose(client_as("coordinator"), patient_id)
    assert response.status_code == 422
    assert "consenti" in page_text(response)
    assert count(sessions, Pathway) == 0
    assert count(sessions, Task) == 0


def test_choosing_twice_changes_nothing(sessions: Sessions,
                                        client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202")
    client = client_as("coordinator")
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    data = {"option": "0", "csrf_token": csrf_token(page)}
    client.post(f"/patients/{patient_id}/parcours", data=data)
    tasks = count(sessions, Task)
    again = client.post(f"/patients/{patient_id}/parcours", data=data)
    assert again.status_code == 409
    assert "déjà été choisi" in page_text(again)
    assert count(sessions, Task) == tasks
    assert count(sessions, Pathway) == 1


def test_unknown_option_is_refused(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202")
    assert choose(client_as("coordinator"), patient_id, 9).status_code == 422
    assert count(sessions, Pathway) == 0


def test_laguiole_gets_a_convention_draft(sessions: Sessions,
                                          client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12119")
    client = client_as("coordinator")
    assert "convention nécessaire" in page_text(client.get(f"/patients/{patient_id}/parcours"))
    choose(client, patient_id)
    with sessions() as session:
        draft = session.scalar(select(Task).where(Task.kind == "convention_draft"))
        assert draft is not None
        draft_id = draft.id
    page = page_text(client.get(f"/patients/{patient_id}/courrier/{draft_id}"))
    assert "Projet de convention" in page
    assert "Maison de santé pluriprofessionnelle" in page


def test_calendar_month_view_ics_api_and_due_dates(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "82121")  # Montauban: authorised HAD
    client = client_as("coordinator")
    choose(client, patient_id)
    assert plan(client, patient_id).status_code == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "Hôpital de jour 10:00 : changement de poche" in page
    assert "Contrôle infirmier à domicile" in page
    ics = client.get(f"/patients/{patient_id}/calendrier.ics")
    assert ics.mimetype == "text/calendar"
    assert b"BEGIN:VEVENT" in ics.data
    data = client.get(f"/api/patients/{patient_id}/plan").get_json()
    assert len(data["cycles"]) == 2
    assert data["bags"][0]["hung_at"] == "ward"
    discharge = dt.datetime.fromisoformat(data["cycles"][0]["hospital_stay"]["discharge"])
    with sessions() as session:
        due = session.scalar(select(Task.due_date).where(Task.kind == "care_plan_handover"))
    assert due == discharge.date() - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_date": "2020-01-06"}, "dans le passé"),
        ({"cycles": "9"}, "Nombre de cycles 9 impossible"),
        ({"start_date": "2026-02-30"}, "Date invalide"),
        ({"change_days": "wed-sat"}, "Choix invalide"),
    ],
)
def test_bad_calendar_input_saves_nothing(
    sessions: Sessions, client_as: ClientAs, changes: dict[str, str], message: str
) -> None:
    patient_id = add_patient(sessions, "82121")
    client = client_as("coordinator")
    choose(client, patient_id)
    response = plan(client, patient_id, **changes)
    assert response.status_code == 422
    assert "rien n'a été enregistré" in page_text(response).lower()
    assert message in page_text(response)
    with sessions() as session:
        assert session.scalar(select(Pathway.cycle1_start)) is None


def test_care_plan_in_plain_french(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202")
    client = client_as("coordinator")
    choose(client, patient_id)
    plan(client, patient_id)
    page = page_text(client.get(f"/patients/{patient_id}/pps"))
    for expected in ("HAD du CH d'Albi", "Centre hospitalier de Rodez", "IUCT-Oncopole",
                     "38 °C", "Ne jamais rincer la ligne", "La pompe sonne",
                     "du mal à parler, à trouver mes mots, ou à écrire", "hôpital de jour"):
        assert expected in page


def test_task_can_be_marked_done_and_is_audited(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "82121")
    client = client_as("coordinator")
    choose(client, patient_id)
    with sessions() as session:
        task_id = session.scalar(select(Task.id).where(Task.kind == "had_request"))
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    client.post(f"/patients/{patient_id}/taches/{task_id}",
                data={"done": "1", "csrf_token": csrf_token(page)})
    with sessions() as session:
        assert session.scalar(select(Task.status).where(Task.id == task_id)) == "done"
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "tâche")).all()
    assert details == ["Demande d'admission à HAD du CH de Montauban : faite"]


def test_had_nurse_reads_the_care_plan_of_her_hads_patients_only(
    sessions: Sessions, client_as: ClientAs
) -> None:
    figeac = add_patient(sessions, "46102")  # Font Redonde territory → derogation to CH Cahors
    montauban = add_patient(sessions, "82121")
    coordinator = client_as("coordinator")
    for patient_id in (figeac, montauban):
        choose(coordinator, patient_id)
        plan(coordinator, patient_id)
    nurse = client_as("had_nurse")  # account of had-ch-cahors
    assert nurse.get(f"/patients/{figeac}/pps").status_code == 200
    assert nurse.get(f"/patients/{figeac}/calendrier.ics").status_code == 200
    assert nurse.get(f"/api/patients/{figeac}/plan").status_code == 200
    assert nurse.get(f"/patients/{figeac}/parcours").status_code == 403
    assert nurse.get(f"/patients/{montauban}/pps").status_code == 404  # as a missing id
    listing = nurse.get("/patients/").get_data(as_text=True)
    assert "P-46102" in listing
    assert "P-82121" not in listing
