"""Plan rules about bags: continuity, length, dose, quantities, preparation (see invariants)."""

from __future__ import annotations

from dataclasses import dataclass

from hadcoord.planning.bags import dose_at
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import hour_of
from hadcoord.planning.model import Bag, Cycle, InfusionPeriod, Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.rules_doses import expected_doses
from hadcoord.planning.stability import preparation_hour, within_stability


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: its name and what was found."""

    rule: str
    detail: str


def check_continuity(plan: Plan, protocol: Protocol) -> list[Violation]:
    """Bags end to end over each infusion period; 28 × 24 h per complete cycle."""
    found = [v for period in plan.infusions for v in _period_continuity(plan, period)]
    found.extend(v for cycle in plan.cycles for v in _cycle_hours(plan, cycle, protocol))
    if sum(len(_bags_in(plan, p)) for p in plan.infusions) != len(plan.bags):
        found.append(Violation("continuity", "poche hors de toute période de perfusion"))
    return found


def _bags_in(plan: Plan, period: InfusionPeriod) -> list[Bag]:
    """The bags hung during ``period``, in time order."""
    start, end = hour_of(period.start), hour_of(period.end)
    return sorted((b for b in plan.bags if b.cycle == period.cycle
                   and start <= hour_of(b.start) < end), key=lambda b: b.start)


def _period_continuity(plan: Plan, period: InfusionPeriod) -> list[Violation]:
    """The bags of ``period`` run end to end from its start to its end."""
    found = []
    cursor = hour_of(period.start)
    for bag in _bags_in(plan, period):
        if hour_of(bag.start) != cursor:
            found.append(Violation("continuity", f"trou ou chevauchement avant {bag.start}"))
        cursor = hour_of(bag.end)
    if cursor != hour_of(period.end):
        found.append(Violation("continuity", f"la période {period.start} finit à {cursor}"))
    return found


def _cycle_hours(plan: Plan, cycle: Cycle, protocol: Protocol) -> list[Violation]:
    """A complete cycle infuses 28 × 24 h; uninterrupted, it ends 672 h after its start."""
    found = []
    periods = [p for p in plan.infusions if p.cycle == cycle.number]
    total = sum(hour_of(p.end) - hour_of(p.start) for p in periods)
    if total != cycle.infusion_hours or (
            not cycle.partial and total != protocol.infusion_hours):
        found.append(Violation("continuity", f"cycle {cycle.number} : {total} h perfusées"))
    if len(periods) == 1 and not cycle.partial and (
            hour_of(cycle.infusion_end) - hour_of(cycle.start) != protocol.infusion_hours):
        found.append(Violation("continuity", f"cycle {cycle.number} : fin mal placée"))
    return found


def check_bags(plan: Plan, protocol: Protocol,
               calendar: ProductionCalendar) -> list[Violation]:
    """Length, dose, quantities, single flow rate and preparation of every bag."""
    found = []
    rates = {bag.rate_ml_per_h for bag in plan.bags}
    if rates != {protocol.rate_ml_per_h}:
        found.append(Violation("flow_rate", f"débits {sorted(rates)}"))
    for bag in plan.bags:
        start, end = hour_of(bag.start), hour_of(bag.end)
        if not 0 < bag.hours == end - start <= protocol.stability_hours:
            found.append(Violation("length", f"poche {bag.start} de {bag.hours} h"))
        period = next(p for p in plan.infusions if p.cycle == bag.cycle
                      and hour_of(p.start) <= start < hour_of(p.end))
        offset = period.infused_before_hours + start - hour_of(period.start)
        doses = expected_doses(plan, period, protocol)
        if bag.dose_ug_per_day != dose_at(doses, offset) or any(
                offset < step < offset + bag.hours for step, _ in doses):
            found.append(Violation("dose", f"poche {bag.start} : dose ou palier franchi"))
        found.extend(_quantities(bag, protocol))
        found.extend(_preparation(bag, protocol, calendar))
    return found


def _quantities(bag: Bag, protocol: Protocol) -> list[Violation]:
    if bag.stopped_early:
        return []
    prepared = preparation_moment(bag, protocol)
    waiting = 0 if prepared is None else hour_of(bag.start) - prepared
    overfill = protocol.overfill_for(bag.hours, waiting)
    filled = bag.hours + overfill
    expected = (overfill, round(bag.dose_ug_per_day * filled / 24, 2),
                round(protocol.rate_ml_per_h * filled, 2))
    if (bag.overfill_hours, bag.ug, bag.ml) != expected or bag.ml > protocol.bag_volume_ml:
        return [Violation("quantities", f"poche {bag.start} : {bag.ug} µg, {bag.ml} mL")]
    return []


def preparation_moment(bag: Bag, protocol: Protocol) -> int | None:
    """Epoch hour the bag is prepared at (`hadcoord.planning.stability`), None if invalid."""
    return preparation_hour(bag.prepared_on, hour_of(bag.start),
                            production_start=protocol.production_start,
                            production_end=protocol.production_end)


def _preparation(bag: Bag, protocol: Protocol,
                 calendar: ProductionCalendar) -> list[Violation]:
    moment = preparation_moment(bag, protocol)
    if moment is None or not calendar.is_production_day(bag.prepared_on):
        return [Violation("preparation", f"poche {bag.start} préparée le {bag.prepared_on}")]
    if not within_stability(moment, hour_of(bag.end), protocol.stability_hours):
        return [Violation("stability", f"poche {bag.start} finie au-delà de "
                                       f"{protocol.stability_hours} h après sa préparation")]
    return []
