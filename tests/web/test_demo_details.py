"""Issue 14: the demo's fictitious patients show the details the home team needs — a trusted
person, allergies, the venous line — made up and marked « FICTIF », with no phone number that
could ring a real person (left « à renseigner »)."""

from __future__ import annotations

from sqlalchemy import select

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.services.demo import seed
from hadcoord.store import Patient
from tests.support.web import ClientAs, Sessions, page_text


def test_demo_patients_have_a_trusted_person_allergies_and_a_venous_line(
    sessions: Sessions, client_as: ClientAs, settings: Settings
) -> None:
    with sessions() as session:
        seed(session, clock.today(), settings)
        session.commit()
        patients = session.scalars(select(Patient).order_by(Patient.id)).all()
        assert len(patients) == 3
        for patient in patients:
            assert "FICTIF" in patient.trusted_name
            assert patient.trusted_relation
            assert patient.trusted_phone == ""  # no number that could be someone's
            assert patient.allergies
            assert patient.central_line is not None
        ids = [p.id for p in patients]
        lines = {p.central_line for p in patients}
    assert len(lines) > 1  # the demo shows more than one kind of line
    page = page_text(client_as("coordinator").get(f"/patients/{ids[0]}"))
    trusted_card = page.split('id="personne-de-confiance"', 1)[1].split("</dl>", 1)[0]
    assert "FICTIF" in trusted_card
    assert "numéro à renseigner" in trusted_card
    care = page.split('id="soins"', 1)[1].split("</dl>", 1)[0]
    assert "à renseigner" not in care.split("Hôpital de jour", 1)[0]
    care_plan = page_text(client_as("coordinator").get(f"/patients/{ids[0]}/pps"))
    trusted = care_plan.split("Ma personne de confiance", 1)[1].split("</dd>", 1)[0]
    assert "FICTIF" in trusted
    assert "numéro à renseigner" in trusted
