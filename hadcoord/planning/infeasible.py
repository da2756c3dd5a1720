"""Why no plan exists: the French error when closures leave no bag within the stability.

`diagnose` returns the reasons as codes (`Infeasibility`), `raise_infeasible` words them in
French; the error carries the codes too (`InfeasiblePlanError.reasons`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import NoReturn

from hadcoord.planning.calendar import ClosureKind, ProductionCalendar
from hadcoord.planning.clock import at_hour
from hadcoord.planning.errors import PlanningError


class Infeasibility(Enum):
    """Why the bags of a period cannot reach its end within the stability."""

    STABILITY = "stability"  # always: no bag prepared by the PUI reaches further
    CLOSED_DAYS = "closed_days"  # holidays or extra closures within reach
    CLOCK_CHANGE = "clock_change"  # the clocks going back lengthen the gap by one hour


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Where the infusion gets stuck and why."""

    stuck: datetime
    reasons: frozenset[Infeasibility]
    closed_days: tuple[tuple[date, str], ...]


class InfeasiblePlanError(PlanningError):
    """No bag chain keeps every bag within the stability (the reasons as codes)."""

    def __init__(self, message: str, reasons: frozenset[Infeasibility]) -> None:
        super().__init__(message)
        self.reasons = reasons


def _reach(times: list[int], deadline: list[int], stability: int) -> int:
    reach = times[0]
    for hour, limit in zip(times, deadline, strict=False):
        if hour <= reach:
            reach = max(reach, min(limit, hour + stability))
    return reach


def _closed_days(calendar: ProductionCalendar, stuck: date,
                 stability: int) -> tuple[tuple[date, str], ...]:
    """Holidays and closures (not week-ends) in the stability window before ``stuck``."""
    closed = []
    day = stuck - timedelta(days=stability // 24)
    while day <= stuck:
        closure = calendar.closure(day)
        if closure is not None and closure.kind is not ClosureKind.WEEKEND:
            closed.append((day, closure.label))
        day += timedelta(days=1)
    return tuple(closed)


def diagnose(times: list[int], deadline: list[int], *, calendar: ProductionCalendar,
             stability: int) -> Diagnosis:
    """Where the chain of bags gets stuck and the reason codes.

    ``times`` are the candidate change hours of the period (its start first, its end last)
    and ``deadline`` the last hour a bag hung at each may end (thèse, partie 1 VI.D.3: 96 h
    from its preparation).
    """
    end = times[-1]
    reach = _reach(times, deadline, stability)
    stuck = at_hour(min(reach, end))
    closed = _closed_days(calendar, stuck.date(), stability)
    reasons = {Infeasibility.STABILITY}
    if closed:
        reasons.add(Infeasibility.CLOSED_DAYS)
    window = range(reach - stability, reach + 1, 24)
    following = min((hour for hour in times if hour > reach and (
        hour == end or at_hour(hour).time() == calendar.appointment)), default=end)
    if following - reach <= 1 and len({at_hour(hour).utcoffset() for hour in window}) > 1:
        # The next appointment is out of reach by only the hour the clocks went back.
        reasons.add(Infeasibility.CLOCK_CHANGE)
    return Diagnosis(stuck=stuck, reasons=frozenset(reasons), closed_days=closed)


def raise_infeasible(cycle: int, times: list[int], deadline: list[int], *,
                     calendar: ProductionCalendar, stability: int) -> NoReturn:
    """Raise the `InfeasiblePlanError` naming where the infusion gets stuck and the closed days."""
    diagnosis = diagnose(times, deadline, calendar=calendar, stability=stability)
    because = ""
    if Infeasibility.CLOSED_DAYS in diagnosis.reasons:
        days = ", ".join(f"{day:%d/%m/%Y} ({label})" for day, label in diagnosis.closed_days)
        because = f" ; jours fermés : {days}"
    if Infeasibility.CLOCK_CHANGE in diagnosis.reasons:
        because += (" ; un changement d'heure allonge d'une heure l'intervalle entre deux "
                    "rendez-vous")
    late = (f", même avec un rendez-vous d'HDJ décalé jusqu'à "
            f"{calendar.latest_appointment:%H:%M}"
            if calendar.latest_appointment > calendar.appointment else "")
    msg = (f"Plan impossible pour le cycle {cycle} : aucune poche préparée par la PUI ne "
           f"peut couvrir la perfusion au-delà du {diagnosis.stuck:%d/%m/%Y %H:%M} sans "
           f"dépasser {stability} h de stabilité{late}{because}.")
    raise InfeasiblePlanError(msg, diagnosis.reasons)
