"""Bag changes of one continuous infusion period: the fewest changes on the fixed days.

Candidate change times are the day-hospital appointments on production days at home (thèse,
résultats B.2: back to the day hospital every 3 or 4 days for the change), and, in hospital,
where the ward nurses work around the clock, the hours 24 h apart from the period start, the
appointment hour of each day and the discharge. Any bag, even on the ward, is prepared by the
pharmacy on a production day and ends within the stability from that preparation. A shortest
path over these candidates picks, in this order of priority: the fewest changes off the fixed
pair at home (a closed fixed day forces some), the fewest late slots, the fewest bags, the
fewest bags of an unusual length, the fewest ward changes off the fixed slots. Constraints: no
bag over the stability (96 h) counted from its preparation, no bag across a dose change (thèse,
résultats B.1; SmPC 4.2: the step-up starts a new bag).

Late slots: when the clocks go back, four days last 97 real hours, so a bag hung at the usual
appointment cannot reach the next one (Friday 10:00 → Tuesday 10:00 over Toussaint). A home
change may then be booked at a later whole hour of the same production day, up to
``latest_appointment``, prepared just in time; only where the hour before would break the
stability up to the next change (the earliest slot that works, never a gratuitous one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from hadcoord.planning.bags import dose_at, make_bag
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import at_hour, day_of, local_hour
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.infeasible import raise_infeasible
from hadcoord.planning.model import Bag
from hadcoord.planning.protocol import DoseSchedule, Protocol
from hadcoord.planning.shortest import EXTRA, LATE, OFF_GRID, cheapest_chain
from hadcoord.planning.stability import expiry_hour


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


def _late_slots(seg: Segment, calendar: ProductionCalendar, targets: set[int],
                stability: int) -> set[int]:
    """Home slots after the appointment, up to the latest one, that some chain can use.

    Such a bag is prepared just in time and the same bag hung one hour earlier falls short by
    one hour, so it must end exactly ``stability`` hours later: at a usual candidate, the end
    of the period or another usable late slot (the others are pruned, latest first).
    """
    slots: list[int] = []
    day, last = day_of(seg.start), day_of(seg.end)
    while day <= last:
        if calendar.is_production_day(day):
            slots.extend(hour for hour in calendar.late_slots(day)
                         if seg.start < hour < seg.end and not _on_ward(seg.wards, hour))
        day += timedelta(days=1)
    usable: set[int] = set()
    for hour in sorted(slots, reverse=True):
        if hour + stability in targets or hour + stability in usable:
            usable.add(hour)
    return usable


def _limit(calendar: ProductionCalendar, hour: int, stability: int,
           lookback: int) -> tuple[tuple[date, int] | None, int]:
    """Preparation (day, epoch hour) of a bag hung at ``hour``; the last hour it may end."""
    preparation = calendar.preparation(hour, lookback)
    if preparation is None:
        return None, -1
    return preparation, expiry_hour(preparation[1], stability)


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
    stability = protocol.stability_hours
    late = _late_slots(seg, calendar, hours | {seg.end}, stability)
    times = sorted(hours | late)
    lookback = stability // 24 + 1
    ward: list[bool] = []
    arrive: list[int] = []
    deadline: list[int] = []
    floor: list[int] = []
    prepared: list[tuple[date, int] | None] = []
    for hour in times:
        on_ward = _on_ward(seg.wards, hour)
        moment = at_hour(hour)
        on_pair = moment.weekday() in pair and calendar.is_production_day(moment.date())
        fixed = on_pair and local_hour(moment.date(), calendar.appointment) == hour
        ward.append(on_ward)
        prepared_on, limit = _limit(calendar, hour, stability, lookback)
        prepared.append(prepared_on)
        deadline.append(limit)
        if hour in late:
            arrive.append(LATE + (0 if on_pair else EXTRA))
            # Late only if the same bag hung one hour earlier would break the stability.
            floor.append(_limit(calendar, hour - 1, stability, lookback)[1] + 1)
        else:
            arrive.append(0 if fixed else (OFF_GRID if on_ward else EXTRA))
            floor.append(0)
    times.append(seg.end)
    arrive.append(0)
    path = cheapest_chain(times, arrive, deadline, floor, mandatory=mandatory,
                          usual=protocol.usual_hours, minimum=protocol.min_bag_hours)
    if path is None:
        raise_infeasible(seg.cycle, times, deadline, calendar=calendar, stability=stability)
    bags = []
    for first, second in pairwise(path):
        start = times[first]
        dose = dose_at(seg.doses, seg.offset + start - seg.start)
        preparation = prepared[first]
        assert preparation is not None  # a node without preparation has no outgoing edge
        bags.append(make_bag(protocol, seg.cycle, start, times[second], dose=dose,
                             hung_at="ward" if ward[first] else "day_hospital",
                             prepared_on=preparation[0], prepared=preparation[1]))
    return bags
