"""A treatment plan laid out as calendar months, day by day, with French labels."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from hadcoord.planning import Plan

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


@dataclass(frozen=True, slots=True)
class DayEvent:
    """Something happening on a day: ``kind`` drives the colour, ``label`` is shown."""

    kind: str  # stay | discharge | day_hospital | premedication | home_check | ward_change
    label: str


@dataclass(frozen=True, slots=True)
class Month:
    """A month as weeks of days (None outside the month), with each day's events."""

    title: str
    weeks: tuple[tuple[dt.date | None, ...], ...]
    events: dict[dt.date, tuple[DayEvent, ...]]


def day_events(plan: Plan) -> dict[dt.date, list[DayEvent]]:
    """Every event of the plan, by day."""
    events: dict[dt.date, list[DayEvent]] = defaultdict(list)
    for stay in plan.stays:
        events[stay.admission.date()].append(DayEvent(
            "stay", f"Entrée à l'IUCT-O {stay.admission:%H:%M} (cycle {stay.cycle})"))
        events[stay.discharge.date()].append(DayEvent(
            "discharge", f"Sortie {stay.discharge:%H:%M}, retour à domicile"))
    for visit in plan.day_hospital_visits:
        events[visit.date()].append(DayEvent(
            "day_hospital", f"Hôpital de jour {visit:%H:%M} : changement de poche"))
    for premedication in plan.premedications:
        events[premedication.at.date()].append(DayEvent(
            "premedication", f"Prémédication {premedication.at:%H:%M}"))
    for day in plan.home_checks:
        events[day].append(DayEvent("home_check", "Contrôle infirmier à domicile"))
    return events


def months(plan: Plan) -> list[Month]:
    """The months from the first admission to the end of the last cycle."""
    events = day_events(plan)
    first = plan.cycles[0].start.date()
    last = plan.cycles[-1].infusion_end.date()
    result: list[Month] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        weeks = tuple(tuple(day if day.month == month else None for day in week)
                      for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year,
                                                                                      month))
        in_month = {day: tuple(items) for day, items in events.items()
                    if (day.year, day.month) == (year, month)}
        result.append(Month(f"{MONTHS_FR[month - 1]} {year}", weeks, in_month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result
