"""The pharmacy's preparation list: which bags to prepare on which day.

Thèse, résultats B.2: every bag is prepared by the PUI of IUCT-O, in its chemotherapy unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import Location, Plan
from hadcoord.planning.surface import mosteller


@dataclass(frozen=True, slots=True)
class PreparationLine:
    """One bag to prepare."""

    prepared_on: date
    patient: str
    cycle: int
    start: datetime
    end: datetime
    hours: int
    overfill_hours: int
    dose_ug_per_day: float
    ug: float  # content of the bag (dose × (hours + overfill) / 24)
    delivered_ug: float  # dose delivered over its hours (dose × hours / 24)
    ml: float
    rate_ml_per_h: float
    hung_at: Location
    # Body surface area (m²) when the dose follows it (under 45 kg, SmPC 4.2); None: fixed dose.
    body_surface_m2: float | None = None

    @property
    def dosing(self) -> str:
        """« dose fixe » or « surface corporelle 1,25 m² » (the pharmacist's flag)."""
        if self.body_surface_m2 is None:
            return "dose fixe"
        return f"surface corporelle {self.body_surface_m2:g} m²".replace(".", ",")


def _surface(plan: Plan) -> float | None:
    request = plan.request
    if request.weight_kg is None or request.height_cm is None or request.weight_kg >= 45:
        return None
    return mosteller(request.height_cm, request.weight_kg)


def preparation_list(plans: Iterable[tuple[str, Plan]], first: date,
                     last: date) -> tuple[PreparationLine, ...]:
    """Bags of every (patient reference, plan) to prepare from ``first`` to ``last`` inclusive.

    Sorted by preparation day, then by the time the bag is hung.

    Raises
    ------
    PlanningError
        The range is reversed.
    """
    if last < first:
        msg = f"Période de préparation inversée : du {first:%d/%m/%Y} au {last:%d/%m/%Y}."
        raise PlanningError(msg)
    lines = [
        PreparationLine(prepared_on=bag.prepared_on, patient=patient, cycle=bag.cycle,
                        start=bag.start, end=bag.end, hours=bag.hours,
                        overfill_hours=bag.overfill_hours, dose_ug_per_day=bag.dose_ug_per_day,
                        ug=bag.ug, delivered_ug=bag.delivered_ug, ml=bag.ml,
                        rate_ml_per_h=bag.rate_ml_per_h, hung_at=bag.hung_at,
                        body_surface_m2=_surface(plan))
        for patient, plan in plans for bag in plan.bags
        if first <= bag.prepared_on <= last]
    return tuple(sorted(lines, key=lambda line: (line.prepared_on, line.start, line.patient)))
