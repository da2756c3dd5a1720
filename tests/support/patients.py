"""Stored patients for the database tests: on their 28-day infusion at home now (the
application's clock: frozen when a test freezes it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.store import Pathway, Patient

# A normal daily check as a client sends it (the server computes the expected volume).
NORMAL: dict[str, Any] = {
    "temperature_c": 36.8, "heart_rate": 78, "systolic_bp": 124, "diastolic_bp": 76,
    "spo2": 98, "respiratory_rate": 16, "oxygen": "none", "vasopressors": 0,
    "consciousness": "alert", "seizure": "none", "writing_test": "normal",
    "line": {"redness": False, "heat": False, "swelling": False, "discharge": False},
    # The plan's single flow rate ([protocol] flow_rate_ml_per_h, 2.5 mL/h by default).
    "pump": {"running": True, "alarm": False, "volume_left_ml": 0.0,
             "programmed_rate_ml_h": 2.5},
}


def at_home_patient(session: Session, reference: str, had: str,
                    started_days_ago: int = 12) -> Patient:
    """A patient whose cycle 1 started ``started_days_ago`` days ago (MRD: home after 3 days)."""
    start = dt.datetime.combine(clock.today() - dt.timedelta(days=started_days_ago),
                                dt.time(10))
    return patient_starting(session, reference, had, start)


def patient_starting(session: Session, reference: str, had: str,
                     start: dt.datetime | None) -> Patient:
    """An MRD patient of ``had`` whose cycle 1 (one cycle) starts at ``start`` (None: no date)."""
    patient = Patient(reference=reference, last_name="FICTIF", first_name=reference[-2:],
                      birth_date=dt.date(1970, 1, 1), sex="F", commune_code="46102",
                      indication="mrd", weight_kg=70.0, consent_had=True)
    session.add(Pathway(patient=patient, coverage_status="authorised_had", option_kind="had",
                        had_establishment_id=had, cycle1_start=start, change_days="mon-thu",
                        cycles=1))
    session.flush()
    return patient
