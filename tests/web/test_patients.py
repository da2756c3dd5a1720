"""Patient records: creation, bad input that writes nothing, double submit, audit, roles."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord.store import AuditEvent, Patient
from tests.support.web import ClientAs, Sessions, csrf_token

VALID = {
    "last_name": "Fictif", "first_name": "Camille", "birth_date": "1961-04-12", "sex": "F",
    "commune": "Rodez", "commune_code": "", "phone": "05 65 00 00 00",
    "gp_name": "Dr Exemple", "haematologist": "Dr Référent", "indication": "rr",
    "weight_kg": "62,5", "consent_had": "y",
}


def count(sessions: Sessions, model: type, **where: object) -> int:
    with sessions() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.scalar(query) or 0


def submit(client: FlaskClient, **changes: str) -> tuple[int, str, str]:
    page = client.get("/patients/new").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {**VALID, "csrf_token": csrf_token(page), "submission_key": key, **changes}
    response = client.post("/patients/new", data=data)
    return response.status_code, response.headers.get("Location", ""), response.get_data(
        as_text=True)


def test_create_a_patient_living_in_rodez(sessions: Sessions,
                                          client_as: ClientAs) -> None:
    client = client_as("coordinator")
    status, location, _ = submit(client)
    assert status == 302
    page = client.get(location).get_data(as_text=True)
    assert "FICTIF Camille" in page
    assert "Rodez (12) — INSEE 12202" in page
    assert count(sessions, Patient) == 1
    assert count(sessions, AuditEvent, action="create") == 1
    assert count(sessions, AuditEvent, action="read") == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"commune": "Tolosa de Llenguadoc"}, "Commune inconnue en Occitanie"),
        ({"commune": "Villeneuve"}, "Plusieurs communes portent ce nom"),
        ({"birth_date": "2099-01-01"}, "dans le futur"),
        ({"birth_date": "1990-02-30"}, "Date invalide"),
        ({"weight_kg": "lourd"}, "Nombre invalide"),
        ({"weight_kg": "400"}, "entre 20 et 250 kg"),
        ({"last_name": ""}, "Ce champ est obligatoire"),
        ({"phone": "12"}, "téléphone"),
        ({"sex": "Z"}, "Choix invalide"),
    ],
)
def test_bad_input_is_explained_and_writes_nothing(
    sessions: Sessions, client_as: ClientAs, changes: dict[str, str], message: str
) -> None:
    status, _, page = submit(client_as("coordinator"), **changes)
    assert status == 422
    assert message in html.unescape(page)
    assert "rien n'a été enregistré" in html.unescape(page)
    assert count(sessions, Patient) == 0


def test_homonyms_are_offered_with_their_department(
    client_as: ClientAs,
) -> None:
    _, _, page = submit(client_as("coordinator"), commune="Villeneuve")
    assert "Villeneuve (09) — INSEE 09335" in page
    assert "Villeneuve (12) — INSEE 12301" in page


def test_choosing_a_homonym_by_code(sessions: Sessions,
                                    client_as: ClientAs) -> None:
    status, _, _ = submit(client_as("coordinator"), commune="Villeneuve", commune_code="12301")
    assert status == 302
    assert count(sessions, Patient, commune_code="12301") == 1


def test_rodes_asks_for_confirmation_with_department_and_postal_code(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    status, _, page = submit(client, commune="Rodes")
    page = html.unescape(page)
    assert status == 422
    assert "confirmez Rodès (66, 66320)" in page
    assert count(sessions, Patient) == 0
    # Both communes are offered, each one click away with its department and postal code.
    assert 'name="commune_choice" value="66165"' in page
    assert 'name="commune_choice" value="12202"' in page
    assert "Rodez (12) — INSEE 12202 — Aveyron, 12000" in page
    status, _, _ = submit(client, commune="Rodes", commune_choice="12202")
    assert status == 302
    assert count(sessions, Patient, commune_code="12202") == 1


def test_suggestions_of_an_unknown_commune_are_clickable(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    _, _, page = submit(client, commune="Tolosa de Llenguadoc")
    codes = re.findall(r'name="commune_choice" value="(\d{5})"', page)
    assert codes
    status, _, _ = submit(client, commune="Tolosa de Llenguadoc", commune_choice=codes[0])
    assert status == 302
    assert count(sessions, Patient, commune_code=codes[0]) == 1


def test_a_postal_code_that_is_also_an_insee_code_lists_the_candidates(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    status, _, page = submit(client, commune="81140")
    page = html.unescape(page)
    assert status == 422
    assert "« 81140 » est à la fois un code INSEE et un code postal" in page
    assert "Lavaur (81) — INSEE 81140 — Tarn" in page
    assert 'name="commune_choice" value="81206"' in page  # Penne, postal code 81140
    assert submit(client, commune="81140", commune_choice="81206")[0] == 302
    assert count(sessions, Patient, commune_code="81206") == 1


def test_a_double_submit_creates_one_patient(sessions: Sessions,
                                             client_as: ClientAs) -> None:
    client = client_as("coordinator")
    page = client.get("/patients/new").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {**VALID, "csrf_token": csrf_token(page), "submission_key": key}
    first = client.post("/patients/new", data=data)
    second = client.post("/patients/new", data=data, follow_redirects=True)
    assert first.status_code == 302
    assert "Double envoi" in second.get_data(as_text=True)
    assert count(sessions, Patient) == 1


def test_light_patient_gets_the_dosing_warning(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    _, location, _ = submit(client, weight_kg="41")
    assert "inférieur à 45 kg" in client.get(location).get_data(as_text=True)


def test_edit_is_audited_with_the_changed_fields(
    sessions: Sessions, client_as: ClientAs
) -> None:
    client = client_as("coordinator")
    _, location, _ = submit(client)
    page = client.get(f"{location}/edit").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {**VALID, "weight_kg": "60", "commune_code": "12202",
            "csrf_token": csrf_token(page), "submission_key": key}
    assert client.post(f"{location}/edit", data=data).status_code == 302
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "update")).all()
    # The field as users name it, and its old and new values (issue 16).
    assert details == ["champs : poids — poids : « 62,5 » → « 60 »"]


def test_other_roles_never_see_the_identity(sessions: Sessions,
                                            client_as: ClientAs) -> None:
    _, location, _ = submit(client_as("coordinator"))
    for role in ("ars", "pharmacist", "admin"):
        response = client_as(role).get(location)
        assert response.status_code == 403
        assert "FICTIF" not in response.get_data(as_text=True)
    # An HAD nurse sees only the patients whose pathway goes to their HAD: none yet.
    nurse = client_as("had_nurse")
    assert nurse.get(location).status_code == 404  # as a missing id: ids cannot be probed
    assert "FICTIF" not in nurse.get("/patients/").get_data(as_text=True)
    assert count(sessions, AuditEvent, action="read_denied") == 1


def test_unknown_patient_is_a_404(client_as: ClientAs) -> None:
    response = client_as("coordinator").get("/patients/999")
    assert response.status_code == 404
    assert "Ce patient n'existe pas." in html.unescape(response.get_data(as_text=True))


def test_api_communes(client_as: ClientAs, app: Flask) -> None:
    found = client_as("ars").get("/api/communes?q=st%20gaudens&limit=2").get_json()
    assert found[0]["code"] == "31483"
    assert found[0]["matched_by"] == "name"
    assert client_as("ars").get("/api/communes?q=xqzw").get_json() == []
    empty = client_as("ars").get("/api/communes?q=")
    assert empty.status_code == 400
    assert "saisissez" in empty.get_json()["error"]
    assert client_as("ars").get("/api/communes?q=Foix&department=75").status_code == 400
    assert app.test_client().get("/api/communes?q=Foix").status_code == 401
