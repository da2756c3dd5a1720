"""Issue 14, patient record: address, phones, trusted person, allergies, central line, day
hospital, GP, nurses, pharmacy and provider — French errors next to the field, nothing saved on
bad input, changes audited old → new, shown to the coordinator and the patient's HAD team only,
and on the care plan (trusted person, GP, line type)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from hadcoord.store import AuditEvent, Patient
from tests.support.patients import patient_starting
from tests.support.web import NURSE_HAD, ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import choose
from tests.web.test_patients import VALID, count, submit

DETAILS = {
    "address": "12 rue des Lilas", "phone_other": "06 12 34 56 78",
    "trusted_name": "Marie Fictive", "trusted_relation": "sœur",
    "trusted_phone": "06 11 22 33 44", "allergies": "pénicilline (urticaire)",
    "central_line": "picc", "day_hospital": "Hôpital de jour d'hématologie de l'IUCT-Oncopole",
    "gp_phone": "05 65 11 11 11", "nurses_name": "Cabinet infirmier des Lilas",
    "nurses_phone": "05 65 22 22 22", "pharmacy_name": "Pharmacie du Centre",
    "pharmacy_phone": "05 65 33 33 33", "provider_name": "Prestataire Exemple",
    "provider_phone": "05 65 44 44 44",
}
SECRETS = ("12 rue des Lilas", "Marie Fictive", "pénicilline", "06 11 22 33 44",
           "Cabinet infirmier des Lilas", "Pharmacie du Centre")


def field_error(page: str, field: str) -> str:
    """The error shown right after ``field``'s input (its label, input, then the error)."""
    text = html.unescape(page)
    match = re.search(rf'id="{field}"(?:(?!<label).)*?'
                      r'<p class="field-error" role="alert">([^<]+)</p>', text, re.S)
    return match.group(1) if match else ""


def test_the_details_are_saved_and_shown_to_the_coordinator(sessions: Sessions,
                                                            client_as: ClientAs) -> None:
    client = client_as("coordinator")
    status, location, _ = submit(client, **DETAILS)
    assert status == 302
    page = page_text(client.get(location))
    for value in (*SECRETS, "sœur", "PICC line", "05 65 11 11 11", "Prestataire Exemple"):
        assert value in page
    assert "Rodez (12) — INSEE 12202" in page  # the commune stays the search key


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"trusted_phone": "12"}, "trusted_phone", "Numéro de téléphone français invalide"),
        ({"gp_phone": "+44 20 7946 0000"}, "gp_phone", "Numéro de téléphone français invalide"),
        ({"phone_other": "0565"}, "phone_other", "Numéro de téléphone français invalide"),
        ({"trusted_name": "", "trusted_phone": "06 11 22 33 44"}, "trusted_name",
         "Indiquez le nom de la personne de confiance."),
        ({"nurses_name": "", "nurses_phone": "05 65 22 22 22"}, "nurses_name",
         "Indiquez le nom des infirmiers libéraux"),
        ({"central_line": "perfuseur"}, "central_line", "Choix invalide"),
        ({"address": "x" * 301}, "address", "plus de 300 caractères"),
    ],
)
def test_bad_details_are_explained_next_to_the_field_and_save_nothing(
    sessions: Sessions, client_as: ClientAs, changes: dict[str, str], field: str, message: str
) -> None:
    status, _, page = submit(client_as("coordinator"), **{**DETAILS, **changes})
    assert status == 422
    assert message in field_error(page, field)
    assert "rien n'a été enregistré" in html.unescape(page)
    assert count(sessions, Patient) == 0


def test_an_edit_is_audited_old_to_new_and_a_bad_one_changes_nothing(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    _, location, _ = submit(client, **DETAILS)
    patient_id = int(location.rsplit("/", 1)[1])
    page = client.get(f"/patients/{patient_id}/edit").get_data(as_text=True)
    assert 'value="picc" selected' in page or 'selected value="picc"' in page
    form = {**VALID, **DETAILS, "commune_code": "12202", "csrf_token": csrf_token(page)}
    bad = client.post(f"/patients/{patient_id}/edit", data={**form, "trusted_phone": "abc"})
    assert bad.status_code == 422
    with sessions() as session:
        assert session.scalar(select(Patient.trusted_phone)) == "06 11 22 33 44"
    saved = client.post(f"/patients/{patient_id}/edit", data={
        **form, "central_line": "port", "allergies": "pénicilline, iode"})
    assert saved.status_code == 302
    with sessions() as session:
        detail = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "update")).one()
    assert "voie veineuse centrale : « PICC line" in detail
    assert "→ « chambre implantable (PAC) »" in detail
    assert "allergies : « pénicilline (urticaire) » → « pénicilline, iode »" in detail


def _nurse_patient(sessions: Sessions, had: str = NURSE_HAD) -> int:
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=5), dt.time(10))
    with sessions() as session:
        patient = patient_starting(session, "P-DETAIL", had, start)
        for name, value in DETAILS.items():
            setattr(patient, name, value)
        patient.gp_name = "Dr Exemple"
        session.commit()
        return patient.id


def test_the_patients_had_team_sees_the_details(sessions: Sessions,
                                                 client_as: ClientAs) -> None:
    patient_id = _nurse_patient(sessions)
    page = page_text(client_as("had_nurse").get(f"/patients/{patient_id}"))
    for value in SECRETS:
        assert value in page


def test_another_had_the_pharmacist_and_the_ars_never_see_them(sessions: Sessions,
                                                               client_as: ClientAs) -> None:
    patient_id = _nurse_patient(sessions, had="had-ch-montauban")
    assert client_as("had_nurse").get(f"/patients/{patient_id}").status_code == 404
    for role in ("pharmacist", "ars"):
        client = client_as(role)
        assert client.get(f"/patients/{patient_id}").status_code == 403
        assert client.get(f"/patients/{patient_id}/pps").status_code == 403
    pages = [page_text(client_as("pharmacist").get("/pharmacie/")),
             page_text(client_as("ars").get("/ars/"))]
    for page in pages:
        for value in SECRETS:
            assert value not in page


def test_the_care_plan_shows_trusted_person_gp_and_line(sessions: Sessions,
                                                        client_as: ClientAs) -> None:
    patient_id = _nurse_patient(sessions)
    page = page_text(client_as("had_nurse").get(f"/patients/{patient_id}/pps"))
    details = page.split('id="mes-informations"')[1].split("</dl>")[0]
    assert "Marie Fictive (sœur) — tél. : " in details
    assert "06 11 22 33 44" in details
    assert "Dr Exemple — tél. : " in details
    assert "PICC line" in details
    assert "pénicilline (urticaire)" in details


def test_unknown_details_say_to_fill_on_the_care_plan(sessions: Sessions,
                                                      client_as: ClientAs) -> None:
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=5), dt.time(10))
    with sessions() as session:
        patient_id = patient_starting(session, "P-EMPTY", NURSE_HAD, start).id
        session.commit()
    page = page_text(client_as("had_nurse").get(f"/patients/{patient_id}/pps"))
    details = page.split('id="mes-informations"')[1].split("</dl>")[0]
    assert details.count("à renseigner") == 4


def test_a_convention_care_plan_names_the_patients_nurses_and_provider(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    _, location, _ = submit(client, commune="Laguiole", **DETAILS)  # Laguiole: convention
    patient_id = int(location.rsplit("/", 1)[1])
    choose(client, patient_id, option=0)
    page = page_text(client.get(f"/patients/{patient_id}/pps"))
    calls = re.findall(r'<li class="call">(.*?)</li>', page, re.S)
    assert any("Cabinet infirmier des Lilas" in line and "05 65 22 22 22" in line
               for line in calls)
    assert any("Prestataire Exemple" in line and "05 65 44 44 44" in line for line in calls)
    assert "mon équipe d'HAD" not in page
