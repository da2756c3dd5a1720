"""Issue 14: the FHIR Appointments of the bag changes name the pathway's day hospital chosen
from the contact directory (its name and address), the default (IUCT-Oncopole) otherwise."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hadcoord.store import DirectoryEntry, Pathway
from tests.interop.test_fhir_patient import _by_type, _get
from tests.support.web import ClientAs, Sessions
from tests.web.test_pathway_day_hospital import ADDRESS, DEFAULT, NAME, add_day_hospital


def places(client_as: ClientAs, patient_id: int, role: str = "coordinator") -> set[str]:
    found = _by_type(_get(client_as(role), f"/fhir/Patient/{patient_id}/$everything"))
    appointments: list[dict[str, Any]] = found["Appointment"]
    assert appointments
    return {str(a["participant"][1]["actor"]["display"]) for a in appointments}


def test_appointments_name_the_chosen_day_hospital(sessions: Sessions, client_as: ClientAs,
                                                   patients: dict[str, int]) -> None:
    patient_id = patients["mine"]
    assert places(client_as, patient_id) == {DEFAULT}
    assert add_day_hospital(client_as("coordinator")) == 302
    with sessions() as session:
        key = session.scalars(select(DirectoryEntry.key).where(
            DirectoryEntry.key.like("day_hospital:%"))).one()
        pathway = session.scalars(select(Pathway).where(Pathway.patient_id == patient_id)).one()
        pathway.day_hospital_key = key
        session.commit()
    for role in ("coordinator", "had_nurse"):
        assert places(client_as, patient_id, role) == {f"{NAME}, {ADDRESS}"}
