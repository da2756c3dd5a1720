"""/api/communes as the search boxes call it: a department hint, and bad hints refused."""

from __future__ import annotations

from sqlalchemy import select

from hadcoord.store import User
from tests.support.web import ClientAs, Sessions


def test_a_department_hint_puts_its_communes_first(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    plain = client.get("/api/communes?q=Caste&limit=5").get_json()
    assert plain[0]["name"] == "Castelnau-le-Lez"
    hinted = client.get("/api/communes?q=Caste&limit=50&prefer_department=82").get_json()
    assert hinted[0]["name"] == "Castelsarrasin"
    assert {c["department"] for c in hinted} - {"82"}  # the others still follow


def test_a_later_word_is_enough(client_as: ClientAs) -> None:
    found = client_as("coordinator").get("/api/communes?q=gaud&limit=5").get_json()
    assert "Saint-Gaudens" in [c["name"] for c in found]
    assert "word_prefix" in {c["matched_by"] for c in found}


def test_a_hint_outside_occitanie_is_a_400_in_french(client_as: ClientAs) -> None:
    response = client_as("coordinator").get("/api/communes?q=Caste&prefer_department=75")
    assert response.status_code == 400
    assert "hors d'Occitanie" in response.get_json()["error"]


def test_the_patient_form_hints_the_users_had_department(client_as: ClientAs,
                                                         sessions: Sessions) -> None:
    """A coordinator of the Montauban HAD: the search box asks Tarn-et-Garonne first (the
    attribute commune-search.js passes as ``prefer_department``); none without an HAD."""
    assert 'data-prefer-department=""' in client_as("coordinator").get(
        "/patients/new").get_data(as_text=True)
    with sessions() as session:
        user = session.scalars(select(User).where(User.email == "coordinator@example.fr")).one()
        user.had_establishment_id = "had-ch-montauban"
        session.commit()
    page = client_as("coordinator").get("/patients/new").get_data(as_text=True)
    assert 'data-prefer-department="82"' in page
