"""Daily-check fixtures, registered for the whole suite by tests/conftest.py: patients on their
28-day infusion at home now, one in the nurse's HAD and one elsewhere, and check documents
(the app, database and clients: tests/support/web.py)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from hadcoord import clock
from hadcoord.planning import Plan, default_protocol
from hadcoord.services.calendars import plan_for
from hadcoord.services.checks import expected_volume_left
from hadcoord.store import Patient
from tests.support.documents import apply_changes
from tests.support.patients import NORMAL, at_home_patient
from tests.support.web import NURSE_HAD, Sessions


@pytest.fixture
def patients(sessions: Sessions) -> dict[str, int]:
    """``mine`` (the nurse's HAD) and ``other`` (another HAD), both at home now."""
    with sessions() as session:
        mine = at_home_patient(session, "P-MINE01", NURSE_HAD)
        other = at_home_patient(session, "P-OTHR02", "had-ch-albi")
        session.commit()
        return {"mine": mine.id, "other": other.id}


def plan_of(sessions: Sessions, patient_id: int) -> Plan:
    """The stored pathway's plan of ``patient_id``."""
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        assert patient.pathway is not None
        plan = plan_for(patient.pathway, default_protocol())  # config.toml's [protocol]
        assert plan is not None
        return plan


@dataclass(frozen=True)
class MakeDocument:
    """Check documents of one patient at ``at``, whose bag should hold ``expected`` mL."""

    at: dt.datetime
    expected: float

    def __call__(self, delta_ml: float = 0.0, **changes: Any) -> dict[str, Any]:
        """The normal check, volume shifted by ``delta_ml``, ``changes`` applied."""
        document = copy.deepcopy(NORMAL)
        document["recorded_at"] = self.at.isoformat()
        document["pump"]["volume_left_ml"] = round(self.expected + delta_ml, 1)
        return apply_changes(document, changes)


@pytest.fixture
def check_doc(sessions: Sessions, patients: dict[str, int]) -> MakeDocument:
    """A normal check of patient ``mine`` an hour ago, volume as the bag plan expects; keyword
    arguments change fields (dicts update the nested object), ``delta_ml`` shifts the volume."""
    at = (clock.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    return MakeDocument(at, expected_volume_left(plan_of(sessions, patients["mine"]), at))
