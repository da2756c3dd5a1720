"""Plan rules about the schedule (see `hadcoord.planning.invariants`).

Where and when bags change, stays, cycles, premedications, daily checks, day-hospital visits.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import pairwise

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import SECONDS_PER_HOUR, add_local_days, local_hour
from hadcoord.planning.model import Bag, Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.rules_bags import Violation, hour_of, preparation_moment
from hadcoord.planning.slots import is_late_slot, late_slot_needed


def check_schedule(plan: Plan, protocol: Protocol,
                   calendar: ProductionCalendar) -> list[Violation]:
    """Every schedule violation of ``plan``."""
    return [*_changes(plan, protocol, calendar), *_stays_and_cycles(plan, protocol),
            *_premedications(plan, protocol), *_home_checks(plan), *_visits(plan)]


MIDNIGHT = time(0)


class _Context:
    """What the change rules need to know about a plan."""

    def __init__(self, plan: Plan, protocol: Protocol) -> None:
        self.pair = protocol.change_pair(plan.request.change_days)
        self.period_starts = {hour_of(p.start) for p in plan.infusions}
        self.period_ends = {hour_of(p.end) for p in plan.infusions}
        self.stays = [(hour_of(s.admission), hour_of(s.discharge)) for s in plan.stays]
        gaps = [(self.pair[1] - self.pair[0]) % 7, (self.pair[0] - self.pair[1]) % 7]
        self.min_gap = min(gaps) * 24

    def in_stay(self, hour: int) -> bool:
        return any(a <= hour <= b for a, b in self.stays)

    def is_extra(self, bag: Bag) -> bool:
        """A home change off the fixed pair (a restart is not a change)."""
        return (bag.hung_at == "day_hospital" and hour_of(bag.start) not in self.period_starts
                and bag.start.weekday() not in self.pair)


def _changes(plan: Plan, protocol: Protocol, calendar: ProductionCalendar) -> list[Violation]:
    found: list[Violation] = []
    context = _Context(plan, protocol)
    bags = sorted(plan.bags, key=lambda b: b.start)
    late: set[datetime] = set()
    for bag in bags:
        start = hour_of(bag.start)
        expected = "ward" if context.in_stay(start) else "day_hospital"
        if bag.hung_at != expected:
            found.append(Violation("location", f"poche {bag.start} posée en {bag.hung_at}"))
        if expected != "day_hospital" or start in context.period_starts or (
                bag.start.time() == protocol.appointment
                and calendar.is_production_day(bag.start.date())):
            continue
        if not is_late_slot(bag.start, protocol, calendar):
            found.append(Violation("home_change", f"changement à domicile le {bag.start}"))
            continue
        late.add(bag.start)
        if not bag.stopped_early and not late_slot_needed(bag, protocol):
            # The usual appointment (or an earlier slot) would have kept the bag ≤ 96 h.
            found.append(Violation("late_slot", f"créneau tardif évitable le {bag.start}"))
    for previous, bag in pairwise(bags):
        if previous.end == bag.start and context.is_extra(bag) and _mergeable(
                previous, bag, protocol):
            found.append(Violation("extra_change", f"changement du {bag.start} évitable"))
    extras = {b.start for b in bags if context.is_extra(b)}
    dose_changes = {b.start for p, b in pairwise(bags) if p.dose_ug_per_day != b.dose_ug_per_day}
    for bag in bags:
        justified = (bag.hung_at == "ward" or bag.stopped_early or bag.start in extras
                     or bag.end in extras or bag.end in late or bag.end in dose_changes
                     or hour_of(bag.end) in context.period_ends
                     or hour_of(bag.start) in context.period_starts)
        wall = (bag.end.replace(tzinfo=None) - bag.start.replace(tzinfo=None))
        wall_hours = int(wall.total_seconds()) // SECONDS_PER_HOUR
        if bag.hours < context.min_gap and not justified:
            found.append(Violation("short_bag", f"poche courte {bag.start} ({bag.hours} h)"))
        if (bag.hours not in protocol.usual_hours and not justified
                and wall_hours not in protocol.usual_hours):
            found.append(Violation("usual_length", f"poche {bag.start} de {bag.hours} h"))
    return found


def _mergeable(first: Bag, second: Bag, protocol: Protocol) -> bool:
    """Whether the change between ``first`` and ``second`` could be dropped (one bag)."""
    moment = preparation_moment(first, protocol)
    hours = first.hours + second.hours
    return (not first.stopped_early and not second.stopped_early
            and first.dose_ug_per_day == second.dose_ug_per_day
            and first.cycle == second.cycle and hours <= protocol.stability_hours
            and moment is not None and int(second.end.timestamp())
            <= moment + protocol.stability_hours * SECONDS_PER_HOUR)


def _stays_and_cycles(plan: Plan, protocol: Protocol) -> list[Violation]:
    found = []
    indication = protocol.indication(plan.request.indication)
    numbers = [c.number for c in plan.cycles]
    if numbers != list(range(1, len(numbers) + 1)) or not (
            plan.request.cycles <= len(numbers) <= indication.max_cycles):
        found.append(Violation("cycles", f"cycles {numbers}"))
    stays = [(hour_of(s.admission), hour_of(s.discharge)) for s in plan.stays]
    for cycle in plan.cycles:
        admission, discharge = hour_of(cycle.stay.admission), hour_of(cycle.stay.discharge)
        minimum = add_local_days(admission, indication.stay_days_for(cycle.number))
        if admission != hour_of(cycle.start) or (not cycle.partial and discharge < minimum):
            found.append(Violation("stay", f"séjour du cycle {cycle.number} trop court"))
        for period in (p for p in plan.infusions if p.cycle == cycle.number):
            for step, _ in indication.doses_for(cycle.number)[1:]:
                length = hour_of(period.end) - hour_of(period.start)
                if period.infused_before_hours <= step < period.infused_before_hours + length:
                    hour = hour_of(period.start) + step - period.infused_before_hours
                    if not any(a <= hour <= b for a, b in stays):
                        found.append(Violation("stay", f"palier de dose hors séjour {hour}"))
    for previous, cycle in pairwise(plan.cycles):
        rest = hour_of(cycle.start) - hour_of(previous.infusion_end)
        if not previous.partial and rest < protocol.break_hours - 1:
            found.append(Violation("break", f"pause de {rest} h avant le cycle {cycle.number}"))
    for event in plan.interruptions:
        gap = hour_of(event.restart) - hour_of(event.stop)
        if event.same_cycle != (gap <= protocol.same_cycle_max_hours) or (
                event.needs_premedication != (gap >= protocol.restart_premedication_hours)):
            found.append(Violation("interruption", f"interruption du {event.stop}"))
    return found


def _premedications(plan: Plan, protocol: Protocol) -> list[Violation]:
    indication = protocol.indication(plan.request.indication)
    events = {hour_of(c.start) for c in plan.cycles} if protocol.premedicate_cycle_start else set()
    if protocol.premedicate_step_up:
        for period in plan.infusions:
            length = hour_of(period.end) - hour_of(period.start)
            for step, _ in indication.doses_for(period.cycle)[1:]:
                if period.infused_before_hours <= step < period.infused_before_hours + length:
                    events.add(hour_of(period.start) + step - period.infused_before_hours)
    events.update(hour_of(i.restart) for i in plan.interruptions if i.needs_premedication)
    lead = protocol.premedication_lead_minutes * 60
    expected = {hour * SECONDS_PER_HOUR - lead for hour in events}
    actual = {int(p.at.timestamp()) for p in plan.premedications}
    if expected != actual:
        return [Violation("premedication", f"attendues {len(expected)}, trouvées {len(actual)}")]
    return []


def _home_checks(plan: Plan) -> list[Violation]:
    """A check every day with some infusion time outside any stay, and only then."""
    stays = sorted((hour_of(s.admission), hour_of(s.discharge)) for s in plan.stays)
    expected = set()
    for period in plan.infusions:
        start, end = hour_of(period.start), hour_of(period.end)
        day = period.start.date()
        while day <= period.end.date():
            low = max(start, local_hour(day, MIDNIGHT))
            high = min(end, local_hour(day + timedelta(days=1), MIDNIGHT))
            if low < high and not _covered(stays, low, high):
                expected.add(day)
            day += timedelta(days=1)
    if expected != set(plan.home_checks):
        missing, extra = expected - set(plan.home_checks), set(plan.home_checks) - expected
        return [Violation("home_checks", f"manquants {sorted(missing)}, en trop {sorted(extra)}")]
    return []


def _covered(stays: list[tuple[int, int]], low: int, high: int) -> bool:
    cursor = low
    for admission, discharge in stays:
        if admission <= cursor:
            cursor = max(cursor, discharge)
    return cursor >= high


def _visits(plan: Plan) -> list[Violation]:
    expected = sorted({b.start for b in plan.bags if b.hung_at == "day_hospital"})
    if list(plan.day_hospital_visits) != expected:
        return [Violation("day_hospital", "visites d'HDJ différentes des poches posées en HDJ")]
    return []
