"""Plan rules about restarts that can really happen (issue 13; see `hadcoord.planning.invariants`).

- Every bag hung at or after a restart is prepared at or after the decision to restart (the
  stop, or a later decision): the PUI cannot prepare a bag nobody has asked for yet. That every
  bag is prepared on a production day within production hours is `rules_bags`' preparation rule.
- Every restart is hung where the SmPC 4.2 puts it (the ward after ≥ 4 h or during a stay, else
  the day hospital) at an hour that place can hang it; every day-hospital bag at an hour the day
  hospital is open; restart and step-up stays, and stays lengthened by an interruption, begin
  and end within the ward's scheduling hours (`hadcoord.planning.opening`).
"""

from __future__ import annotations

from hadcoord.planning.clock import add_local_days, hour_of
from hadcoord.planning.model import Interruption, Plan, Stay
from hadcoord.planning.opening import (
    day_hospital_accepts,
    place_accepts,
    restart_place,
    ward_hours,
)
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.rules_bags import Violation, preparation_moment

PLACE_WORDS = {"ward": "le service ne programme pas de reprise",
               "day_hospital": "l'hôpital de jour est fermé"}


def check_restarts(plan: Plan, protocol: Protocol) -> list[Violation]:
    """Every restart-time violation of ``plan``."""
    found = [v for event in plan.interruptions for v in _restart(plan, event, protocol)]
    found.extend(Violation("day_hospital_hours", f"poche posée en HDJ le {bag.start}, HDJ "
                                                 f"fermé")
                 for bag in plan.bags if bag.hung_at == "day_hospital"
                 and not day_hospital_accepts(hour_of(bag.start), protocol))
    stops = {hour_of(event.stop) for event in plan.interruptions}
    found.extend(v for stay in plan.stays for v in _stay_hours(plan, stay, stops, protocol))
    return found


def _restart(plan: Plan, event: Interruption, protocol: Protocol) -> list[Violation]:
    restart, decision = hour_of(event.restart), hour_of(event.decision)
    found = []
    for bag in plan.bags:
        if hour_of(bag.start) < restart:
            continue
        prepared = preparation_moment(bag, protocol)
        if prepared is not None and prepared < decision:
            found.append(Violation("restart_preparation",
                                   f"poche {bag.start} préparée avant la décision de reprise "
                                   f"du {event.decision}"))
    in_stay = any(hour_of(s.admission) <= restart <= hour_of(s.discharge) for s in plan.stays
                  if hour_of(s.admission) < restart)
    place = restart_place(restart, stop=hour_of(event.stop), in_stay=in_stay,
                          protocol=protocol)
    if not place_accepts(restart, place, premedicated=event.needs_premedication,
                         protocol=protocol):
        found.append(Violation("restart_hours", f"reprise du {event.restart} à une heure où "
                                                f"{PLACE_WORDS[place]}"))
    if event.requested_restart is not None and event.restart < event.requested_restart:
        found.append(Violation("restart_hours", f"reprise du {event.restart} avant l'heure "
                                                f"demandée"))
    return found


def _stay_hours(plan: Plan, stay: Stay, stops: set[int], protocol: Protocol) -> list[Violation]:
    """A scheduled admission or discharge within the ward's hours.

    A cycle's first stay is exempt while untouched: it begins at the cycle start the
    prescriber chose and lasts whole days; it ends at a stop when the cycle ends there.
    """
    admission, discharge = hour_of(stay.admission), hour_of(stay.discharge)
    if stay.reason == "cycle_start":
        indication = protocol.indication(plan.request.indication)
        minimum = add_local_days(admission, indication.stay_days_for(stay.cycle))
        if discharge in (minimum, *stops) or ward_hours(discharge, protocol):
            return []
        return [Violation("stay_hours", f"sortie du {stay.discharge} hors des heures du "
                                        f"service")]
    return [Violation("stay_hours", f"{what} du {moment} hors des heures du service")
            for what, moment, hour in (("admission", stay.admission, admission),
                                       ("sortie", stay.discharge, discharge))
            if not ward_hours(hour, protocol)]
