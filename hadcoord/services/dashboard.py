"""The coordinator's day: admissions, discharges, day-hospital bag changes, tasks, patients home.

Computed from each pathway's plan (the planning core) and the task list; no Flask here, so the
morning digest job can use the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hadcoord.planning import Plan, Protocol
from hadcoord.services.calendars import plan_for
from hadcoord.services.due_checks import check_due
from hadcoord.services.pathways import is_overdue
from hadcoord.store import Pathway, Patient, Task
from hadcoord.vocabulary import TaskStatus


@dataclass(frozen=True, slots=True)
class Moment:
    """Something happening today to a patient."""

    at: dt.datetime
    patient: Patient
    label: str


@dataclass(frozen=True, slots=True)
class Day:
    """The coordinator's dashboard for one day."""

    day: dt.date
    admissions: list[Moment] = field(default_factory=list)
    discharges: list[Moment] = field(default_factory=list)
    day_hospital: list[Moment] = field(default_factory=list)
    at_home: list[Patient] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    # Keeps the loaded pathways alive while the page renders: tasks reach their patient through
    # them without one query per task (the session's identity map holds objects weakly).
    pathways: Sequence[Pathway] = ()


def _pathways(session: Session) -> Sequence[Pathway]:
    # Only open tasks are shown: done ones (most of them, once treatment runs) are not loaded.
    return session.scalars(select(Pathway).options(
        selectinload(Pathway.patient),
        selectinload(Pathway.tasks.and_(Task.status == TaskStatus.TODO)))).all()


def day_overview(session: Session, day: dt.date, protocol: Protocol,
                 soon_days: int = 7) -> Day:
    """Everything the coordinator must see on ``day``."""
    pathways = _pathways(session)
    overview = Day(day, pathways=pathways)
    for pathway in pathways:
        _add_tasks(overview, pathway.tasks, day + dt.timedelta(days=soon_days))
        plan = plan_for(pathway, protocol)
        if plan is not None:
            _add_plan(overview, pathway.patient, plan)
    for moments in (overview.admissions, overview.discharges, overview.day_hospital):
        moments.sort(key=lambda moment: moment.at)
    overview.overdue.sort(key=lambda task: task.due_date)
    overview.due_soon.sort(key=lambda task: task.due_date)
    return overview


def _add_tasks(overview: Day, tasks: Sequence[Task], soon: dt.date) -> None:
    """Open tasks overdue on the day, or due by ``soon``."""
    for task in tasks:
        if is_overdue(task, overview.day):
            overview.overdue.append(task)
        elif task.status == TaskStatus.TODO and task.waits_for is None and task.due_date <= soon:
            overview.due_soon.append(task)


def _add_plan(overview: Day, patient: Patient, plan: Plan) -> None:
    """The day's admissions, discharges, day-hospital bag changes, and the patient at home."""
    day = overview.day
    for stay in plan.stays:
        if stay.admission.date() == day:
            overview.admissions.append(Moment(stay.admission, patient,
                                              f"entrée cycle {stay.cycle}"))
        if stay.discharge.date() == day:
            overview.discharges.append(Moment(stay.discharge, patient, "sortie"))
    overview.day_hospital.extend(Moment(visit, patient, "changement de poche")
                                 for visit in plan.day_hospital_visits if visit.date() == day)
    if check_due(plan, day):
        overview.at_home.append(patient)
