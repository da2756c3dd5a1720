"""Issue 14: editing the record re-checks coverage and plan — Toulouse → Millau and R/R → MRD.

The edit shows what changes on the pathway and asks for confirmation; once confirmed, the
tasks are regenerated from the new situation, those already done kept."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hadcoord.store import Pathway, Patient, Task
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import add_patient, choose, plan
from tests.web.test_patients import VALID

TOULOUSE, MILLAU = "31555", "12145"


def edit(client: FlaskClient, patient_id: int, **changes: str) -> TestResponse:
    page = client.get(f"/patients/{patient_id}/edit").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {**VALID, "last_name": "FICTIF", "first_name": "Lou", "birth_date": "1965-03-03",
            "weight_kg": "68", "commune_code": TOULOUSE,
            "csrf_token": csrf_token(page), "submission_key": key, **changes}
    data["commune"] = {TOULOUSE: "Toulouse", MILLAU: "Millau"}[data["commune_code"]]
    return client.post(f"/patients/{patient_id}/edit", data=data)


def confirm_field(response: TestResponse) -> str:
    page = response.get_data(as_text=True)
    return page.split('name="confirm" type="hidden" value="')[1].split('"')[0]


def tasks(sessions: Sessions) -> dict[str, str]:
    with sessions() as session:
        return {t.title: t.status.value for t in session.scalars(select(Task))}


def test_moving_from_toulouse_to_millau_then_rr_to_mrd(sessions: Sessions,
                                                       client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, TOULOUSE)
    client = client_as("coordinator")
    choose(client, patient_id)  # HAD de la Clinique Pasteur
    assert plan(client, patient_id).status_code == 302
    with sessions() as session:
        admission = session.scalar(select(Task).where(Task.kind == "had_request"))
        assert admission is not None
        admission_id, admission_title = admission.id, admission.title
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    client.post(f"/patients/{patient_id}/taches/{admission_id}",
                data={"done": "1", "csrf_token": csrf_token(page)})
    inform_toulouse = "Informer le premier recours : CHU de Toulouse — hôpital Purpan"
    assert tasks(sessions)[inform_toulouse] == "todo"

    # Toulouse → Millau: the HAD chosen does not cover Millau; nothing saved before confirming.
    shown = edit(client, patient_id, commune_code=MILLAU)
    assert shown.status_code == 200
    text = page_text(shown)
    assert "L'option retenue (HAD de la Clinique Pasteur) n'est plus proposée pour Millau" in text
    assert "Elle sera remplacée par : <strong>Convention — Convention validée par l'ARS" in text
    assert inform_toulouse in text  # listed among the tasks that will close
    assert "Informer le premier recours : Centre hospitalier de Millau" in text
    with sessions() as session:
        assert session.scalar(select(Patient.commune_code)) == TOULOUSE
    saved = edit(client, patient_id, commune_code=MILLAU, confirm=confirm_field(shown))
    assert saved.status_code == 302
    with sessions() as session:
        pathway = session.scalar(select(Pathway))
        assert pathway is not None
        assert pathway.option_kind == "convention"
        assert pathway.had_establishment_id is None
        assert pathway.first_recourse == "Centre hospitalier de Millau"
    now = tasks(sessions)
    assert now[admission_title] == "done"  # what was done stays done
    assert now[inform_toulouse] == "not_applicable"
    assert now["Informer le premier recours : Centre hospitalier de Millau"] == "todo"
    assert now["Projet de convention à faire valider par l'ARS"] == "todo"
    care_plan = page_text(client.get(f"/patients/{patient_id}/pps"))
    assert "Centre hospitalier de Millau" in care_plan

    # R/R → MRD: the first stay is shorter (SmPC 4.2: 3 days instead of 9); confirmed first.
    shown = edit(client, patient_id, commune_code=MILLAU, indication="mrd")
    assert shown.status_code == 200
    assert "Hospitalisation du cycle 1" in page_text(shown)
    saved = edit(client, patient_id, commune_code=MILLAU, indication="mrd",
                 confirm=confirm_field(shown))
    assert saved.status_code == 302
    data = client.get(f"/api/patients/{patient_id}/plan").get_json()
    discharge = dt.datetime.fromisoformat(data["cycles"][0]["hospital_stay"]["discharge"])
    with sessions() as session:
        due = session.scalar(select(Task.due_date).where(
            Task.kind == "care_plan_handover", Task.status == "todo"))
    assert due == discharge.date() - dt.timedelta(days=1)


def test_an_edit_that_changes_nothing_on_the_pathway_saves_at_once(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, TOULOUSE)
    client = client_as("coordinator")
    choose(client, patient_id)
    assert edit(client, patient_id, phone="05 61 00 00 00").status_code == 302
