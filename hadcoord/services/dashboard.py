"""The coordinator's day: admissions, discharges, day-hospital bag changes, tasks, patients home.

Computed from the plans of the pathways active on the day (stored ranges, services/plan_store)
and the open tasks; no Flask here, so the morning digest job can use the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hadcoord.planning import Plan, Protocol
from hadcoord.services.due_checks import check_due
from hadcoord.services.pathways import is_overdue
from hadcoord.services.plan_store import scheduled_between
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


def _open_tasks(session: Session, soon: dt.date) -> Sequence[Task]:
    """Open tasks due by ``soon`` (overdue ones included), with their pathway and patient."""
    return session.scalars(select(Task).where(Task.status == TaskStatus.TODO,
                                              Task.due_date <= soon)
                           .options(joinedload(Task.pathway).joinedload(Pathway.patient))
                           .order_by(Task.due_date, Task.pathway_id, Task.id)).all()


def day_overview(session: Session, day: dt.date, protocol: Protocol,
                 soon_days: int = 7) -> Day:
    """Everything the coordinator must see on ``day``.

    Only the pathways whose stored plan touches ``day`` are planned (``plan_store``), and only
    the open tasks due by then are loaded: the cost follows what is shown, not the history.
    """
    pairs, _failures = scheduled_between(session, protocol, day, day)
    tasks = _open_tasks(session, day + dt.timedelta(days=soon_days))
    overview = Day(day, pathways=[*(pathway for pathway, _plan in pairs),
                                  *(task.pathway for task in tasks)])
    _add_tasks(overview, tasks, day + dt.timedelta(days=soon_days))
    for pathway, plan in pairs:
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
