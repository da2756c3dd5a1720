"""Which patients are due their daily home check on a day, and whether it was recorded.

One rule for the nurse's rounds, the coordinator's dashboard, the morning digest and the
evening missing-check alert: a check is due on every day the plan keeps the patient at home
(the planning core's ``Plan.home_checks``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.planning import Plan, Protocol
from hadcoord.services.plan_store import scheduled_between
from hadcoord.store import DailyCheckRecord, Patient, User


@dataclass(frozen=True, slots=True)
class DueCheck:
    """A patient due a check on the day, and the check recorded that day (None: not yet)."""

    patient: Patient
    record: DailyCheckRecord | None


def check_due(plan: Plan, day: dt.date) -> bool:
    """Whether the plan has the patient at home on ``day``, hence a daily check to record."""
    return day in plan.home_checks


def checks_due(session: Session, day: dt.date, protocol: Protocol, *,
               had: str | None = None) -> list[DueCheck]:
    """Patients due a check on ``day`` (only the HAD ``had``'s when given), by name.

    A calendar the planner refuses has no check planned (the pathway page shows its error).
    """
    pairs, _failures = scheduled_between(session, protocol, day, day, had=had)
    due = sorted((pathway.patient for pathway, plan in pairs if check_due(plan, day)),
                 key=lambda patient: (patient.last_name, patient.first_name, patient.id))
    if not due:
        return []
    records = {record.patient_id: record for record in session.scalars(
        select(DailyCheckRecord).where(DailyCheckRecord.check_day == day,
                                       DailyCheckRecord.patient_id.in_([p.id for p in due]))
        .order_by(DailyCheckRecord.recorded_at))}
    return [DueCheck(patient, records.get(patient.id)) for patient in due]


def rounds(session: Session, user: User, day: dt.date, protocol: Protocol) -> list[DueCheck]:
    """An HAD nurse's rounds: her HAD's patients due a check on ``day`` (none without an HAD)."""
    if user.had_establishment_id is None:
        return []
    return checks_due(session, day, protocol, had=user.had_establishment_id)


def missing_checks(session: Session, day: dt.date, protocol: Protocol) -> list[Patient]:
    """Patients due a check on ``day`` with none recorded that day (the evening alert)."""
    return [due.patient for due in checks_due(session, day, protocol) if due.record is None]
