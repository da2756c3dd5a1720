"""Plan rules about the schedule (see `hadcoord.planning.invariants`).

Where and when bags change, stays, cycles, premedications, daily checks, day-hospital visits.
"""

from __future__ import annotations

from datetime import time, timedelta
from itertools import pairwise

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import (
    SECONDS_PER_HOUR,
    add_local_days,
    at_hour,
    hour_of,
    local_hour,
    shift,
)
from hadcoord.planning.model import Bag, Cycle, Interruption, Plan
from hadcoord.planning.protocol import Indication, Protocol
from hadcoord.planning.rules_bags import Violation, preparation_moment
from hadcoord.planning.rules_doses import step_hours
from hadcoord.planning.slots import is_late_slot, late_slot_needed
from hadcoord.planning.stability import within_stability
from hadcoord.planning.toxicity import Cause, parse_reason


def check_schedule(plan: Plan, protocol: Protocol,
                   calendar: ProductionCalendar) -> list[Violation]:
    """Every schedule violation of ``plan``."""
    return [*_changes(plan, protocol, calendar), *_stays_and_cycles(plan, protocol),
            *_premedications(plan, protocol), *_home_checks(plan), *_visits(plan)]


MIDNIGHT = time(0)


class _Context:
    """What the change rules need to know about a plan (times in epoch hours)."""

    def __init__(self, plan: Plan, protocol: Protocol, calendar: ProductionCalendar) -> None:
        self.protocol = protocol
        self.calendar = calendar
        self.pair = protocol.change_pair(plan.request.change_days)
        self.bags = sorted(plan.bags, key=lambda b: b.start)
        self.period_starts = {hour_of(p.start) for p in plan.infusions}
        self.period_ends = {hour_of(p.end) for p in plan.infusions}
        self.stays = [(hour_of(s.admission), hour_of(s.discharge)) for s in plan.stays]
        gaps = [(self.pair[1] - self.pair[0]) % 7, (self.pair[0] - self.pair[1]) % 7]
        self.min_gap = min(gaps) * 24
        self.late: set[int] = set()

    def in_stay(self, hour: int) -> bool:
        return any(a <= hour <= b for a, b in self.stays)

    def is_extra(self, bag: Bag) -> bool:
        """A home change off the fixed pair (a restart is not a change)."""
        return (bag.hung_at == "day_hospital" and hour_of(bag.start) not in self.period_starts
                and bag.start.weekday() not in self.pair)

    def at_usual_slot(self, bag: Bag) -> bool:
        """Hung at the usual appointment on a production day, or a restart (no change)."""
        return hour_of(bag.start) in self.period_starts or (
            bag.start.time() == self.protocol.appointment
            and self.calendar.is_production_day(bag.start.date()))


def _changes(plan: Plan, protocol: Protocol, calendar: ProductionCalendar) -> list[Violation]:
    context = _Context(plan, protocol, calendar)
    found = [v for bag in context.bags for v in _change_place(bag, context)]
    found.extend(_avoidable_changes(context))
    found.extend(v for bag in context.bags for v in _bag_length(bag, context))
    return found


def _change_place(bag: Bag, context: _Context) -> list[Violation]:
    """Where and at what time ``bag`` is hung (records the late slots in ``context``)."""
    start = hour_of(bag.start)
    expected = "ward" if context.in_stay(start) else "day_hospital"
    found = []
    if bag.hung_at != expected:
        found.append(Violation("location", f"poche {bag.start} posée en {bag.hung_at}"))
    if expected != "day_hospital" or context.at_usual_slot(bag):
        return found
    if not is_late_slot(bag.start, context.protocol, context.calendar):
        return [*found, Violation("home_change", f"changement à domicile le {bag.start}")]
    context.late.add(start)
    if not bag.stopped_early and not late_slot_needed(bag, context.protocol):
        # The usual appointment (or an earlier slot) would have kept the bag ≤ 96 h.
        found.append(Violation("late_slot", f"créneau tardif évitable le {bag.start}"))
    return found


def _avoidable_changes(context: _Context) -> list[Violation]:
    """Extra home changes that one bag across them would have avoided."""
    return [Violation("extra_change", f"changement du {bag.start} évitable")
            for previous, bag in pairwise(context.bags)
            if previous.end == bag.start and context.is_extra(bag)
            and _mergeable(previous, bag, context.protocol)]


def _justified_length(bag: Bag, context: _Context) -> bool:
    """Whether an unusual or short length of ``bag`` is forced by what surrounds it."""
    start, end = hour_of(bag.start), hour_of(bag.end)
    extras = {hour_of(b.start) for b in context.bags if context.is_extra(b)}
    dose_changes = {hour_of(b.start) for p, b in pairwise(context.bags)
                    if p.dose_ug_per_day != b.dose_ug_per_day}
    return (bag.hung_at == "ward" or bag.stopped_early
            or bool({start, end} & extras) or end in context.late or end in dose_changes
            or end in context.period_ends or start in context.period_starts)


def _bag_length(bag: Bag, context: _Context) -> list[Violation]:
    """A bag shorter than the fixed-pair gap or of an unusual length needs a reason."""
    if _justified_length(bag, context):
        return []
    found = []
    wall_hours = int((bag.end.replace(tzinfo=None) - bag.start.replace(tzinfo=None))
                     .total_seconds()) // SECONDS_PER_HOUR
    if bag.hours < context.min_gap:
        found.append(Violation("short_bag", f"poche courte {bag.start} ({bag.hours} h)"))
    usual = context.protocol.usual_hours
    if bag.hours not in usual and wall_hours not in usual:
        found.append(Violation("usual_length", f"poche {bag.start} de {bag.hours} h"))
    return found


def _mergeable(first: Bag, second: Bag, protocol: Protocol) -> bool:
    """Whether the change between ``first`` and ``second`` could be dropped (one bag)."""
    return (not first.stopped_early and not second.stopped_early
            and first.dose_ug_per_day == second.dose_ug_per_day
            and first.cycle == second.cycle
            and first.hours + second.hours <= protocol.stability_hours
            and within_stability(preparation_moment(first, protocol), hour_of(second.end),
                                 protocol.stability_hours))


def _stays_and_cycles(plan: Plan, protocol: Protocol) -> list[Violation]:
    indication = protocol.indication(plan.request.indication)
    numbers = [c.number for c in plan.cycles]
    found = []
    if numbers != list(range(1, len(numbers) + 1)) or not (
            plan.request.cycles <= len(numbers) <= indication.max_cycles):
        found.append(Violation("cycles", f"cycles {numbers}"))
    for cycle in plan.cycles:
        found.extend(_cycle_stay(plan, cycle, indication, protocol))
    found.extend(_breaks(plan, protocol))
    found.extend(_interruptions(plan, protocol))
    return found


def step_up_hours(plan: Plan, protocol: Protocol, cycle: int | None = None) -> list[int]:
    """Epoch hours of the dose steps that fall inside an infusion period of ``plan``."""
    return [hour for period in plan.infusions if cycle in (None, period.cycle)
            for hour in step_hours(plan, period, protocol)]


def _cycle_stay(plan: Plan, cycle: Cycle, indication: Indication,
                protocol: Protocol) -> list[Violation]:
    """The cycle's first stay covers its minimum days and every dose step of the cycle."""
    found = []
    admission, discharge = hour_of(cycle.stay.admission), hour_of(cycle.stay.discharge)
    minimum = add_local_days(admission, indication.stay_days_for(cycle.number))
    if admission != hour_of(cycle.start) or (not cycle.partial and discharge < minimum):
        found.append(Violation("stay", f"séjour du cycle {cycle.number} trop court"))
    stays = [(hour_of(s.admission), hour_of(s.discharge)) for s in plan.stays]
    found.extend(Violation("stay", f"palier de dose hors séjour {hour}")
                 for hour in step_up_hours(plan, protocol, cycle.number)
                 if not any(a <= hour <= b for a, b in stays))
    return found


def _breaks(plan: Plan, protocol: Protocol) -> list[Violation]:
    found = []
    for previous, cycle in pairwise(plan.cycles):
        rest = hour_of(cycle.start) - hour_of(previous.infusion_end)
        if not previous.partial and rest < protocol.break_hours - 1:
            found.append(Violation("break", f"pause de {rest} h avant le cycle {cycle.number}"))
    return found


def _interruptions(plan: Plan, protocol: Protocol) -> list[Violation]:
    found = []
    for event in plan.interruptions:
        gap = hour_of(event.restart) - hour_of(event.stop)
        if event.same_cycle != (gap <= protocol.same_cycle_max_hours) or (
                event.needs_premedication != (gap >= protocol.restart_premedication_hours)):
            found.append(Violation("interruption", f"interruption du {event.stop}"))
    return found


def _premedications(plan: Plan, protocol: Protocol) -> list[Violation]:
    indication = protocol.indication(plan.request.indication)
    events = {hour_of(c.start) for c in plan.cycles} if protocol.premedicate_cycle_start else set()
    further = indication.premedicate_step_up_and_restart
    if protocol.premedicate_step_up and further:
        events.update(step_up_hours(plan, protocol))
    events.update(hour_of(i.restart) for i in plan.interruptions
                  if i.needs_premedication and (further or _neurological(i)))
    lead = timedelta(minutes=protocol.premedication_lead_minutes)
    expected = {shift(at_hour(hour), -lead) for hour in events}
    actual = {p.at for p in plan.premedications}
    if expected != actual:
        return [Violation("premedication", f"attendues {len(expected)}, trouvées {len(actual)}")]
    neuro = {hour_of(i.restart) for i in plan.interruptions if _neurological(i)}
    usual = (indication.premedication_drug, indication.premedication_dose)
    wrong = [p for p in plan.premedications if (p.drug, p.dose) != (
        ("dexaméthasone", protocol.toxicity.neuro_premedication_dose)
        if hour_of(p.event) in neuro else usual)]
    if wrong:
        return [Violation("premedication", f"médicament du {wrong[0].at} : {wrong[0].text}")]
    return []


def _neurological(event: Interruption) -> bool:
    """A restart after a neurological toxicity: dexamethasone 24 mg (SmPC 4.2)."""
    return parse_reason(event.reason).cause in (Cause.NEURO, Cause.SEIZURE)


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
