"""What goes in a bag: overfill, µg and mL at the single flow rate."""

from __future__ import annotations

from datetime import date

from hadcoord.planning.clock import at_hour
from hadcoord.planning.model import Bag, Location
from hadcoord.planning.protocol import DoseSchedule, Protocol
from hadcoord.planning.stability import preparation_hour


def dose_at(doses: DoseSchedule, infused_hours: int) -> float:
    """µg/day in force after ``infused_hours`` of infusion into the cycle."""
    dose = doses[0][1]
    for from_hour, ug_per_day in doses:
        if from_hour <= infused_hours:
            dose = ug_per_day
    return dose


def quantities(protocol: Protocol, hours: int, dose: float,
               waiting: int = 0) -> tuple[int, float, float]:
    """Overfill hours, µg and mL of a bag of ``hours`` at ``dose`` µg/day.

    One flow rate for every bag (thèse, résultats B.1): mL = rate × (hours + overfill) and
    µg = dose / 24 × (hours + overfill) (the bag's content); 4 h overfill below 96 h (same
    section), never beyond the stability counted from the preparation, ``waiting`` hours
    before the hanging.
    """
    overfill = protocol.overfill_for(hours, waiting)
    filled = hours + overfill
    return overfill, round(dose * filled / 24, 2), round(protocol.rate_ml_per_h * filled, 2)


def make_bag(protocol: Protocol, cycle: int, start: int, end: int, *, dose: float,
             hung_at: Location, prepared_on: date, prepared: int | None = None) -> Bag:
    """A bag running from epoch hour ``start`` to ``end`` at ``dose`` µg/day.

    ``prepared`` is the epoch hour of its preparation (`hadcoord.planning.stability`); by
    default the moment the pharmacy prepares it on ``prepared_on``.
    """
    if prepared is None:
        prepared = preparation_hour(prepared_on, start, production_start=protocol.production_start,
                                    production_end=protocol.production_end) or start
    hours = end - start
    overfill, ug, ml = quantities(protocol, hours, dose, start - prepared)
    return Bag(cycle=cycle, start=at_hour(start), end=at_hour(end), hours=hours,
               dose_ug_per_day=dose, overfill_hours=overfill, ug=ug, ml=ml,
               rate_ml_per_h=protocol.rate_ml_per_h, hung_at=hung_at, prepared_on=prepared_on)
