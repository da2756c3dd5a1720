"""What the daily jobs tell: morning digest, pharmacy list, patients without a check.

Plain data here; the texts are in digest_text.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hadcoord.planning import PlanningError, Protocol
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.preparation import PreparationLine, preparation_list
from hadcoord.services.alerts import open_alerts
from hadcoord.services.dashboard import Day, day_overview
from hadcoord.services.plan_store import scheduled_between
from hadcoord.store import Alert, DailyCheckRecord, Pathway, Patient

LOOKAHEAD_DAYS = 14  # the next production day is searched this far ahead (holiday bridges)


@dataclass(frozen=True, slots=True)
class ExpectedCheck:
    """A patient at home today, with the latest check recorded (None if never)."""

    patient: Patient
    latest: DailyCheckRecord | None


@dataclass(frozen=True, slots=True)
class MorningDigest:
    """The coordinators' morning: the dashboard day, checks expected, open alerts."""

    day: dt.date
    overview: Day
    expected: list[ExpectedCheck]
    alerts: Sequence[Alert]
    # Held so that the session's identity map keeps them: ``task.pathway`` then needs no query
    # (the identity map only holds weak references; the dashboard drops its list).
    pathways: Sequence[Pathway] = ()


def latest_checks(session: Session, patient_ids: Sequence[int]) -> dict[int, DailyCheckRecord]:
    """The latest check of each patient, in one query."""
    if not patient_ids:
        return {}
    newest = (select(DailyCheckRecord.patient_id, func.max(DailyCheckRecord.recorded_at)
                     .label("at"))
              .where(DailyCheckRecord.patient_id.in_(patient_ids))
              .group_by(DailyCheckRecord.patient_id).subquery())
    rows = session.scalars(select(DailyCheckRecord).join(
        newest, (DailyCheckRecord.patient_id == newest.c.patient_id)
        & (DailyCheckRecord.recorded_at == newest.c.at)))
    return {record.patient_id: record for record in rows}


def morning_digest(session: Session, day: dt.date, protocol: Protocol) -> MorningDigest:
    """The coordinators' morning of ``day``.

    Admissions, discharges, day-hospital bag changes, checks expected, overdue tasks (the
    dashboard's figures, reused) and the open alerts.
    """
    overview = day_overview(session, day, protocol)
    latest = latest_checks(session, [patient.id for patient in overview.at_home])
    expected = [ExpectedCheck(patient, latest.get(patient.id)) for patient in overview.at_home]
    return MorningDigest(day, overview, expected, open_alerts(session), overview.pathways)


def next_production_day(day: dt.date, protocol: Protocol) -> dt.date:
    """The first production day of the PUI after ``day``.

    Raises
    ------
    PlanningError
        None within two weeks (closures misconfigured).
    """
    calendar = ProductionCalendar.for_protocol(protocol)
    for ahead in range(1, LOOKAHEAD_DAYS + 1):
        candidate = day + dt.timedelta(days=ahead)
        if calendar.is_production_day(candidate):
            return candidate
    msg = f"aucun jour de production de la PUI dans les {LOOKAHEAD_DAYS} jours après le {day}"
    raise PlanningError(msg)


def pharmacy_list(session: Session, day: dt.date, protocol: Protocol
                  ) -> tuple[dt.date, tuple[PreparationLine, ...]]:
    """The next production day after ``day`` and the bags to prepare on it (references only)."""
    production = next_production_day(day, protocol)
    pairs = scheduled_between(session, protocol, production, production)[0]
    plans = [(pathway.patient.reference, plan) for pathway, plan in pairs]
    return production, preparation_list(plans, production, production)
