"""Plan rules about bag lengths and contents (see `hadcoord.planning.invariants`).

No bag made of leftover hours: a bag shorter than ``min_bag_hours`` (default 24 h) is only
acceptable where the plan could not avoid it. The checker does not re-plan: it looks at the
short bag and its neighbour on each side and says the short bag was avoidable when the pair
could have been one bag, or two bags both at least the minimum long, with the change at a time
the day hospital or the ward can hang a bag and every bag prepared on a production day and
ended within its stability (home changes at the day-hospital appointment or a needed late
slot; on the ward only the merge is judged). A bag cut by an interruption is forced by it.

Overfill (thèse, résultats B.1: 4 h below 4 days) never beyond the stability: the content of a
bag is infused within ``stability_hours`` of its preparation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import at_hour, hour_of, local_hour
from hadcoord.planning.model import Bag, Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.rules_bags import Violation, preparation_moment
from hadcoord.planning.stability import within_stability


@dataclass(frozen=True, slots=True)
class _Rules:
    """What the length rules need: the protocol, the calendar and the stays of the plan."""

    protocol: Protocol
    calendar: ProductionCalendar
    stays: tuple[tuple[int, int], ...]

    def on_ward(self, hour: int) -> bool:
        return any(a <= hour <= b for a, b in self.stays)

    def can_hang(self, hour: int, end: int) -> bool:
        """A bag can be hung at ``hour`` (and prepared in time) to run until ``end``."""
        if self.on_ward(hour):
            # Ward changes follow the ward's own grid (`hadcoord.planning.changes`): a short
            # ward bag is judged by merging only.
            return False
        day = at_hour(hour).date()
        if not self.calendar.is_production_day(day):
            return False
        usual = local_hour(day, self.protocol.appointment)
        latest = local_hour(day, self.protocol.latest_appointment)
        late_and_needed = usual < hour <= latest and end == hour + self.stability
        if hour != usual and not late_and_needed:
            return False
        preparation = self.calendar.preparation(hour, self.stability // 24 + 1)
        return preparation is not None and within_stability(preparation[1], end,
                                                            self.stability)

    @property
    def stability(self) -> int:
        return self.protocol.stability_hours


def check_lengths(plan: Plan, protocol: Protocol,
                  calendar: ProductionCalendar) -> list[Violation]:
    """Short bags that a neighbour could have absorbed; overfill beyond the stability."""
    rules = _Rules(protocol, calendar,
                   tuple((hour_of(s.admission), hour_of(s.discharge)) for s in plan.stays))
    bags = sorted(plan.bags, key=lambda b: b.start)
    found = [Violation("short_bag", f"poche de {bag.hours} h le {bag.start} évitable")
             for bag in _avoidable_short(bags, rules)]
    found.extend(_overfill(bag, protocol) for bag in bags
                 if not _overfill_within_stability(bag, protocol))
    return found


def _avoidable_short(bags: list[Bag], rules: _Rules) -> Iterator[Bag]:
    minimum = rules.protocol.min_bag_hours
    for index, bag in enumerate(bags):
        if bag.hours >= minimum or bag.stopped_early:
            continue
        neighbours = [bags[i] for i in (index - 1, index + 1) if 0 <= i < len(bags)]
        for other in neighbours:
            first, second = (other, bag) if other.start < bag.start else (bag, other)
            if _joinable(first, second) and _resplit_possible(first, second, rules):
                yield bag
                break


def _joinable(first: Bag, second: Bag) -> bool:
    return (first.end == second.start and first.cycle == second.cycle
            and first.dose_ug_per_day == second.dose_ug_per_day
            and not first.stopped_early and not second.stopped_early)


def _resplit_possible(first: Bag, second: Bag, rules: _Rules) -> bool:
    """One bag over both, or two bags both ≥ the minimum with a change the plan could make."""
    start, end = hour_of(first.start), hour_of(second.end)
    prepared = preparation_moment(first, rules.protocol)
    if end - start <= rules.stability and within_stability(prepared, end, rules.stability):
        return True
    minimum = rules.protocol.min_bag_hours
    return any(within_stability(prepared, split, rules.stability)
               and rules.can_hang(split, end)
               for split in range(start + minimum, end - minimum + 1))


def _overfill_within_stability(bag: Bag, protocol: Protocol) -> bool:
    prepared = preparation_moment(bag, protocol)
    filled_until = hour_of(bag.start) + bag.hours + bag.overfill_hours
    return bag.stopped_early or within_stability(prepared, filled_until,
                                                 protocol.stability_hours)


def _overfill(bag: Bag, protocol: Protocol) -> Violation:
    return Violation("overfill", f"poche {bag.start} : {bag.hours} h + {bag.overfill_hours} h "
                                 f"au-delà de {protocol.stability_hours} h de stabilité")


