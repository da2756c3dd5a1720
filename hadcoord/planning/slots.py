"""Late day-hospital slots: a home change booked after the usual appointment time.

When the clocks go back, four days last 97 real hours, so a bag hung at the usual appointment
cannot reach the next one within its 96 h stability (thèse, partie 1 VI.D.3: 96 h at ≤ 27 °C,
counted from the preparation), e.g. Friday 10:00 → Tuesday 10:00 over Toussaint 2027. The day
hospital then books a later whole hour of the same production day, up to ``latest_appointment``,
and the PUI prepares that bag just in time. A late slot is sound only where the hour before
would break the stability (the earliest slot that works).
"""

from __future__ import annotations

from datetime import datetime

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.clock import hour_of
from hadcoord.planning.model import Bag, Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.stability import preparation_hour, within_stability


def is_late_slot(moment: datetime, protocol: Protocol, calendar: ProductionCalendar) -> bool:
    """A whole hour after the appointment, up to ``latest_appointment``, on a production day."""
    clock = moment.time()
    return (not (clock.minute or clock.second or clock.microsecond)
            and protocol.appointment < clock <= protocol.latest_appointment
            and calendar.is_production_day(moment.date()))


def late_slot_needed(bag: Bag, protocol: Protocol) -> bool:
    """Whether ``bag`` hung one hour earlier would have ended beyond its stability.

    Hung one hour earlier on the same production day, it would have been prepared just in time
    then (at the latest at closing) and could run ``stability_hours`` from there.
    """
    earlier = hour_of(bag.start) - 1
    prepared = preparation_hour(bag.start.date(), earlier,
                                production_start=protocol.production_start,
                                production_end=protocol.production_end)
    return not within_stability(prepared, hour_of(bag.end), protocol.stability_hours)


def late_changes(plan: Plan, protocol: Protocol) -> tuple[Bag, ...]:
    """The bags of ``plan`` hung at the day hospital after the usual appointment time.

    A restart after an interruption (the start of an infusion period) is not a change.
    """
    period_starts = {period.start for period in plan.infusions}
    return tuple(bag for bag in plan.bags
                 if bag.hung_at == "day_hospital" and bag.start not in period_starts
                 and bag.start.time() != protocol.appointment)

