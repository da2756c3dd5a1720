"""Service fixtures: accounts and patients with a calendar, stored on the test database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.services.patients import PatientInput
from hadcoord.store import Pathway, Patient, User

FORM = PatientInput(last_name="FICTIF", first_name="Camille", birth_date=dt.date(1961, 4, 12),
                    sex="F", commune_code="12202", phone="05 65 00 00 00", gp_name="Dr Exemple",
                    haematologist="Dr Référent", indication="rr", weight_kg=62.5,
                    consent_had=True)


def account(session: Session, role: str) -> User:
    """The test account of ``role`` (``<role>@example.fr``)."""
    user = session.scalar(select(User).where(User.email == f"{role}@example.fr"))
    assert user is not None
    return user


def patient_starting(session: Session, reference: str, had: str,
                     start: dt.datetime | None) -> Patient:
    """An MRD patient of ``had`` whose cycle 1 (one cycle) starts at ``start`` (None: no date)."""
    patient = Patient(reference=reference, last_name="FICTIF", first_name=reference[-2:],
                      birth_date=dt.date(1970, 1, 1), sex="F", commune_code="46102",
                      indication="mrd", weight_kg=70.0, consent_had=True)
    session.add(Pathway(patient=patient, coverage_status="covered", option_kind="had",
                        had_establishment_id=had, cycle1_start=start, change_days="mon-thu",
                        cycles=1))
    session.flush()
    return patient
