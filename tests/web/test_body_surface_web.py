"""Issue 13: patients under 45 kg on the web — the height field (validated, French errors), the
web plan and the pharmacy list dosed by body surface area (Mosteller, SmPC 4.2) and flagged,
and a missing height refusing the plan with a French message."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hadcoord.store import Pathway, Patient
from tests.support.web import ClientAs, Sessions, page_text
from tests.web.test_pathways import START, add_patient, choose, plan
from tests.web.test_patients import count, submit


def light_patient(sessions: Sessions, height: float | None) -> int:
    patient_id = add_patient(sessions, "82121")
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        patient.weight_kg, patient.height_cm = 40.0, height
        session.commit()
    return patient_id


@pytest.mark.parametrize(("height", "message"), [
    ("grand", "Nombre invalide"), ("300", "La taille doit être entre 30 et 250 cm."),
    ("10", "La taille doit être entre 30 et 250 cm.")])
def test_a_bad_height_is_refused_next_to_the_field(
    sessions: Sessions, client_as: ClientAs, height: str, message: str
) -> None:
    status, _location, body = submit(client_as("coordinator"), height_cm=height)
    assert status == 422
    assert message in body
    assert count(sessions, Patient) == 0


def test_the_height_is_recorded_and_shown_with_the_body_surface(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    status, location, _body = submit(client, weight_kg="40", height_cm="150")
    assert status == 302
    with sessions() as session:
        assert session.scalars(select(Patient.height_cm)).one() == 150.0
    page = page_text(client.get(location)).replace("\u00a0", " ")  # no-break spaces
    assert "150 cm" in page
    assert "1,29 m², Mosteller" in page  # √(150 × 40 / 3600)


def test_under_45_kg_the_web_plan_and_the_pharmacy_dose_by_body_surface(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = light_patient(sessions, 150.0)
    client = client_as("coordinator")
    choose(client, patient_id)
    assert plan(client, patient_id).status_code == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours")).replace("\u00a0", " ")
    assert "Dose selon la surface corporelle : 1,29 m²" in page
    doses = {bag["dose_ug_per_day"] for bag in
             client.get(f"/api/patients/{patient_id}/plan").get_json()["bags"]}
    assert doses == {6.45, 19.35}  # 5 and 15 µg/m²/day × 1,29 m² (not 9 and 28)
    first, last = START, START + dt.timedelta(days=30)
    period = f"?from={first.isoformat()}&to={last.isoformat()}"
    pharmacy = client_as("pharmacist")
    listing = page_text(pharmacy.get(f"/pharmacie/{period}")).replace("\u00a0", " ")
    assert "surface corporelle 1,29 m²" in listing
    assert "6,45" in listing
    csv = pharmacy.get(f"/pharmacie/preparations.csv{period}").get_data(as_text=True).replace(
        "\u00a0", " ")
    assert "surface corporelle 1,29 m²" in csv
    assert "dose fixe" not in csv


def test_a_missing_height_refuses_the_plan_with_a_french_message(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = light_patient(sessions, None)
    client = client_as("coordinator")
    choose(client, patient_id)
    refused = plan(client, patient_id)
    assert refused.status_code == 422
    assert ("Taille requise : un patient de moins de 45 kg est dosé selon sa surface "
            "corporelle (RCP 4.2).") in page_text(refused)
    with sessions() as session:
        assert session.scalars(select(Pathway.cycle1_start)).one() is None
        pathway = session.scalars(select(Pathway)).one()
        pathway.cycle1_start = dt.datetime.combine(START, dt.time(10))  # saved before the rule
        session.commit()
    record = page_text(client.get(f"/patients/{patient_id}")).replace("\u00a0", " ")
    assert "Calendrier impossible : Taille requise" in record
    assert "taille à renseigner" in record
    assert client.get(f"/patients/{patient_id}/parcours").status_code == 200
    assert client.get(f"/patients/{patient_id}/calendrier.ics").status_code == 422
