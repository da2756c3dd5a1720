"""One rule for "who is due a daily check today": the nurse's rounds, the dashboard, the
morning digest and the evening missing-check alert answer the same patients."""

from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import select

from hadcoord.clock import PARIS
from hadcoord.config import Settings
from hadcoord.planning import default_protocol
from hadcoord.services import due_checks
from hadcoord.services.calendars import plan_for
from hadcoord.services.checks import expected_volume_left, record_check
from hadcoord.services.dashboard import day_overview
from hadcoord.services.digest import morning_digest
from hadcoord.store import Patient
from tests.services.conftest import account
from tests.support.patients import NORMAL, patient_starting
from tests.support.web import NURSE_HAD, Sessions

PROTOCOL = default_protocol()  # config.toml's [protocol] is the defaults
DAY = dt.date(2026, 3, 16)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def store_patients(sessions: Sessions) -> None:
    with sessions() as session:
        patient_starting(session, "P-HOME01", NURSE_HAD, at(dt.date(2026, 3, 4)))
        patient_starting(session, "P-WARD02", NURSE_HAD, at(DAY - dt.timedelta(days=1)))
        patient_starting(session, "P-OVER03", NURSE_HAD, at(dt.date(2026, 1, 5)))
        patient_starting(session, "P-ALBI04", "had-ch-albi", at(dt.date(2026, 3, 4)))
        patient_starting(session, "P-NONE05", NURSE_HAD, None)
        session.commit()


def references(patients: list[Patient]) -> list[str]:
    return [patient.reference for patient in patients]


def record_today(sessions: Sessions, settings: Settings, reference: str) -> None:
    now = dt.datetime.combine(DAY, dt.time(12), tzinfo=PARIS)
    with sessions() as session:
        patient = session.scalar(select(Patient).where(Patient.reference == reference))
        assert patient is not None
        assert patient.pathway is not None
        document = copy.deepcopy(NORMAL)
        document["recorded_at"] = (now - dt.timedelta(hours=2)).isoformat()
        document["pump"]["volume_left_ml"] = expected_volume_left(
            plan_for(patient.pathway, PROTOCOL), now - dt.timedelta(hours=2))
        record_check(session, patient, document, account(session, "had_nurse"), settings,
                     now=now)
        session.commit()


def test_patients_at_home_are_due_not_in_hospital_finished_or_unplanned(
        sessions: Sessions) -> None:
    store_patients(sessions)
    with sessions() as session:
        due = [item.patient for item in due_checks.checks_due(session, DAY, PROTOCOL)]
        assert references(due) == ["P-HOME01", "P-ALBI04"]
        assert references(day_overview(session, DAY, PROTOCOL).at_home) == ["P-HOME01", "P-ALBI04"]
        missing = due_checks.missing_checks(session, DAY, PROTOCOL)
        assert references(missing) == ["P-HOME01", "P-ALBI04"]
        digest = morning_digest(session, DAY, PROTOCOL)
        assert references([expected.patient for expected in digest.expected]) == [
            "P-HOME01", "P-ALBI04"]


def test_the_rounds_are_the_nurses_had_only(sessions: Sessions) -> None:
    store_patients(sessions)
    with sessions() as session:
        rounds = due_checks.rounds(session, account(session, "had_nurse"), DAY, PROTOCOL)
        assert references([item.patient for item in rounds]) == ["P-HOME01"]
        assert due_checks.rounds(session, account(session, "coordinator"), DAY, PROTOCOL) == []


def test_a_recorded_check_leaves_the_missing_list(sessions: Sessions, settings: Settings) -> None:
    store_patients(sessions)
    record_today(sessions, settings, "P-HOME01")
    with sessions() as session:
        rounds = due_checks.rounds(session, account(session, "had_nurse"), DAY, PROTOCOL)
        assert [item.record is not None for item in rounds] == [True]
        assert references(due_checks.missing_checks(session, DAY, PROTOCOL)) == ["P-ALBI04"]
        following = DAY + dt.timedelta(days=1)  # a new day: due again
        assert references(due_checks.missing_checks(session, following, PROTOCOL)) == [
            "P-HOME01", "P-ALBI04"]
