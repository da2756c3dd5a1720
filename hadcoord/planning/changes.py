"""Bag changes of one continuous infusion period: the fewest changes on the fixed days.

Candidate change times are the day-hospital appointments on production days at home (thèse,
résultats B.2: back to the day hospital every 3 or 4 days for the change), and, in hospital,
where the ward nurses work around the clock, the hours 24 h apart from the period start, the
appointment hour of each day and the discharge. Any bag, even on the ward, is prepared by the
pharmacy on a production day and ends within the stability from that preparation. A shortest
path over these candidates picks, in this order of priority: the fewest changes off the fixed
pair at home (a closed fixed day forces some), the fewest bags, the fewest bags of an unusual
length, the fewest ward changes off the fixed slots. Constraints: no bag over the stability
(96 h) counted from its preparation, no bag across a dose change (thèse, résultats B.1; SmPC
4.2: the step-up starts a new bag).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise
from typing import NoReturn

from hadcoord.planning.bags import dose_at, make_bag
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import SECONDS_PER_HOUR, at_hour, day_of, local_hour
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import Bag
from hadcoord.planning.protocol import DoseSchedule, Protocol

EXTRA, BAG, ODD, OFF_GRID = 1_000_000, 10_000, 100, 1
UNREACHABLE = 1 << 62


@dataclass(frozen=True, slots=True)
class Segment:
    """A continuous infusion period in epoch hours, with the hospital stays around it."""

    cycle: int
    start: int
    end: int
    offset: int
    doses: DoseSchedule
    wards: tuple[tuple[int, int], ...]


def _on_ward(wards: tuple[tuple[int, int], ...], hour: int) -> bool:
    return any(admission <= hour <= discharge for admission, discharge in wards)


def _candidates(seg: Segment, calendar: ProductionCalendar) -> tuple[set[int], set[int]]:
    """Candidate change hours (start included, end excluded) and the mandatory ones."""
    mandatory = {seg.start + step - seg.offset for step, _ in seg.doses
                 if seg.offset < step < seg.offset + seg.end - seg.start}
    hours = {seg.start, *mandatory}
    for admission, discharge in seg.wards:
        low, high = max(admission, seg.start), min(discharge, seg.end - 1)
        if low > high:
            continue
        first = seg.start + 24 * max(0, -(-(low - seg.start) // 24))
        hours.update(range(first, high + 1, 24))
        day, last = day_of(low), day_of(high)
        while day <= last:
            hour = local_hour(day, calendar.appointment)
            if low <= hour <= high:
                hours.add(hour)
            day += timedelta(days=1)
        if discharge < seg.end:
            hours.add(discharge)
    day, last = day_of(seg.start), day_of(seg.end)
    while day <= last:
        if calendar.is_production_day(day):
            hour = local_hour(day, calendar.appointment)
            if seg.start < hour < seg.end and not _on_ward(seg.wards, hour):
                hours.add(hour)
        day += timedelta(days=1)
    return hours, mandatory


def plan_segment(seg: Segment, pair: tuple[int, int], calendar: ProductionCalendar,
                 protocol: Protocol) -> list[Bag]:
    """The bags of ``seg``, end to end from its start to its end.

    Raises
    ------
    PlanningError
        A dose change falls outside a stay, or closures leave no way to keep every bag within
        the stability.
    """
    hours, mandatory = _candidates(seg, calendar)
    for hour in mandatory:
        if not _on_ward(seg.wards, hour):
            msg = (f"Le changement de dose du {at_hour(hour):%d/%m/%Y %H:%M} doit avoir lieu "
                   f"à l'hôpital.")
            raise PlanningError(msg)
    times = sorted(hours)
    stability = protocol.stability_hours
    lookback = stability // 24 + 1
    ward, arrive, deadline, prepared = [], [], [], []
    for hour in times:
        on_ward = _on_ward(seg.wards, hour)
        moment = at_hour(hour)
        fixed = (moment.weekday() in pair and local_hour(moment.date(), calendar.appointment)
                 == hour and calendar.is_production_day(moment.date()))
        ward.append(on_ward)
        arrive.append(0 if fixed else (OFF_GRID if on_ward else EXTRA))
        preparation = calendar.preparation(hour, lookback)
        prepared.append(preparation[0] if preparation else None)
        deadline.append(-1 if preparation is None
                        else (preparation[1] + stability * SECONDS_PER_HOUR) // SECONDS_PER_HOUR)
    times.append(seg.end)
    arrive.append(0)
    path = _shortest(times, arrive, deadline, mandatory=mandatory, stability=stability,
                     usual=protocol.usual_hours)
    if path is None:
        _raise_infeasible(seg, times, deadline, calendar, stability)
    bags = []
    for first, second in pairwise(path):
        start = times[first]
        dose = dose_at(seg.doses, seg.offset + start - seg.start)
        prepared_on = prepared[first]
        assert prepared_on is not None  # a node without preparation has no outgoing edge
        bags.append(make_bag(protocol, seg.cycle, start, times[second], dose=dose,
                             hung_at="ward" if ward[first] else "day_hospital",
                             prepared_on=prepared_on))
    return bags


def _shortest(times: list[int], arrive: list[int], deadline: list[int], *, mandatory: set[int],
              stability: int, usual: frozenset[int]) -> list[int] | None:
    """Cheapest chain of nodes from the first to the last one (times sorted), or None."""
    count = len(times)
    best = [UNREACHABLE] * count
    previous = [-1] * count
    best[0] = 0
    for i in range(count - 1):
        cost = best[i]
        if cost == UNREACHABLE:
            continue
        start = times[i]
        limit = min(start + stability, deadline[i])
        for j in range(i + 1, count):
            end = times[j]
            if end > limit:
                break
            total = cost + BAG + arrive[j] + (0 if end - start in usual else ODD)
            if total < best[j]:
                best[j] = total
                previous[j] = i
            if end in mandatory:
                break
    if best[-1] == UNREACHABLE:
        return None
    path = [count - 1]
    while path[-1] != 0:
        path.append(previous[path[-1]])
    return path[::-1]


def _raise_infeasible(seg: Segment, times: list[int], deadline: list[int],
                      calendar: ProductionCalendar, stability: int) -> NoReturn:
    reach = seg.start
    for hour, limit in zip(times, deadline, strict=False):
        if hour <= reach:
            reach = max(reach, min(limit, hour + stability))
    stuck = at_hour(min(reach, seg.end))
    closed = []
    day = stuck.date() - timedelta(days=stability // 24)
    while day <= stuck.date():
        reason = calendar.closed_reason(day)
        if reason and reason != "week-end":
            closed.append(f"{day:%d/%m/%Y} ({reason})")
        day += timedelta(days=1)
    because = f" ; jours fermés : {', '.join(closed)}" if closed else ""
    window = range(reach - stability, reach + 1, 24)
    if len({at_hour(hour).utcoffset() for hour in window}) > 1:
        because += (" ; un changement d'heure allonge d'une heure l'intervalle entre deux "
                    "rendez-vous")
    msg = (f"Plan impossible pour le cycle {seg.cycle} : aucune poche préparée par la PUI ne "
           f"peut couvrir la perfusion au-delà du {stuck:%d/%m/%Y %H:%M} sans dépasser "
           f"{stability} h de stabilité{because}.")
    raise PlanningError(msg)
