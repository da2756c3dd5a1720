"""Daily-check fixtures: the web app's (migrated database, one account per role) and patients
on their 28-day infusion at home now, one in the nurse's HAD and one elsewhere."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from hadcoord.planning import Plan
from hadcoord.services.calendars import PARIS, plan_for
from hadcoord.services.checks import expected_volume_left
from hadcoord.store import Pathway, Patient, make_session_factory
from tests.monitoring.conftest import apply_changes
from tests.web import conftest as web

# Fixtures shared with the web tests (a migrated database per test, accounts, clients).
app, client_as, settings = web.app, web.client_as, web.settings
database_url, migrated_sqlite = web.database_url, web.migrated_sqlite
cheap_password_hashing = web.cheap_password_hashing

NURSE_HAD = "had-ch-cahors"
NORMAL: dict[str, Any] = {
    "temperature_c": 36.8, "heart_rate": 78, "systolic_bp": 124, "diastolic_bp": 76,
    "spo2": 98, "respiratory_rate": 16, "oxygen": "none", "vasopressors": 0,
    "consciousness": "alert",
    "seizure": "none", "writing_test": "normal",
    "line": {"redness": False, "heat": False, "swelling": False, "discharge": False},
    # The plan's single flow rate ([protocol] flow_rate_ml_per_h, 2.5 mL/h by default).
    "pump": {"running": True, "alarm": False, "volume_left_ml": 0.0, "programmed_rate_ml_h": 2.5},
}


def at_home_patient(session: Session, reference: str, had: str,
                    started_days_ago: int = 12) -> Patient:
    """A patient whose cycle 1 started ``started_days_ago`` days ago (MRD: home after 3 days)."""
    start = dt.datetime.combine(dt.date.today() - dt.timedelta(days=started_days_ago),
                                dt.time(10))
    patient = Patient(reference=reference, last_name="FICTIF", first_name=reference[-2:],
                      birth_date=dt.date(1970, 1, 1), sex="F", commune_code="46102",
                      indication="mrd", weight_kg=70.0, consent_had=True)
    session.add(Pathway(patient=patient, coverage_status="covered", option_kind="had",
                        had_establishment_id=had, cycle1_start=start, change_days="mon-thu",
                        cycles=1))
    session.flush()
    return patient


@pytest.fixture
def patients(app: Flask) -> dict[str, int]:
    """``mine`` (the nurse's HAD) and ``other`` (another HAD), both at home now."""
    with make_session_factory(app.extensions["hadcoord"]["engine"])() as session:
        mine = at_home_patient(session, "P-MINE01", NURSE_HAD)
        other = at_home_patient(session, "P-OTHR02", "had-ch-albi")
        session.commit()
        return {"mine": mine.id, "other": other.id}


def plan_of(app: Flask, patient_id: int) -> Plan:
    with make_session_factory(app.extensions["hadcoord"]["engine"])() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        assert patient.pathway is not None
        plan = plan_for(patient.pathway)
        assert plan is not None
        return plan


MakeDocument = Callable[..., dict[str, Any]]


@pytest.fixture
def check_doc(app: Flask, patients: dict[str, int]) -> MakeDocument:
    """A normal check of patient ``mine`` an hour ago, volume as the bag plan expects; keyword
    arguments change fields (dicts update the nested object), ``delta_ml`` shifts the volume."""
    at = (dt.datetime.now(PARIS) - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    expected = expected_volume_left(plan_of(app, patients["mine"]), at)

    def make(delta_ml: float = 0.0, **changes: Any) -> dict[str, Any]:
        document = copy.deepcopy(NORMAL)
        document["recorded_at"] = at.isoformat()
        document["pump"]["volume_left_ml"] = round(expected + delta_ml, 1)
        return apply_changes(document, changes)

    make.expected = expected  # type: ignore[attr-defined]
    make.at = at  # type: ignore[attr-defined]
    return make


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here touches the database: mark it `db` (run on PostgreSQL too in CI)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.db)
