"""When a restart after an interruption can really happen (issue 13; SmPC 4.2).

A restart needs a new bag (the one running at the stop is cut and discarded), and the PUI
prepares it only after the decision to restart, during its production hours on a production day
(`hadcoord.planning.calendar`; thèse, résultats B.1). It is hung where the SmPC allows it: after
an interruption of 4 h or more under supervision or in hospital (on the ward), otherwise at the
day hospital; and when that place can hang it: the day hospital on weekdays that are not public
holidays, from its opening with the visit over by its closing; the ward schedules a restart, its
premedication included, between ``ward_restart_from`` and ``ward_restart_until`` (the same hours
bound the admission and discharge of a restart or step-up stay). A resume asked for outside
these hours waits for the next whole hour that works, and the plan says why in French.

Every moment is an epoch hour (`hadcoord.planning.clock`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hadcoord.planning.calendar import SATURDAY, ProductionCalendar, french_holidays
from hadcoord.planning.clock import at_hour
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import Location
from hadcoord.planning.protocol import Protocol

# How far a resume may wait for a slot before the request is refused.
SEARCH_DAYS = 21


@dataclass(frozen=True, slots=True)
class RestartSlot:
    """Where and when the restart happens; ``note`` says why it moved ("" if it did not)."""

    hour: int
    place: Location
    note: str


def lead_hours(protocol: Protocol) -> int:
    """Whole hours of premedication before an event (60 min → 1 h)."""
    return -(-protocol.premedication_lead_minutes // 60)


def ward_accepts(hour: int, protocol: Protocol, *, premedicated: bool) -> bool:
    """The ward schedules a restart at ``hour`` (its premedication within the same hours)."""
    moment = at_hour(hour)
    first = moment - timedelta(minutes=protocol.premedication_lead_minutes if premedicated
                               else 0)
    return (first.date() == moment.date() and protocol.ward_restart_from <= first.time()
            and moment.time() <= protocol.ward_restart_until)


def ward_hours(hour: int, protocol: Protocol) -> bool:
    """``hour`` falls within the ward's scheduling hours (an admission or a discharge)."""
    return protocol.ward_restart_from <= at_hour(hour).time() <= protocol.ward_restart_until


def ward_hour_from(hour: int, protocol: Protocol) -> int:
    """The first epoch hour ≥ ``hour`` within the ward's scheduling hours."""
    while not ward_hours(hour, protocol):
        hour += 1
    return hour


def ward_hour_until(hour: int, protocol: Protocol) -> int:
    """The last epoch hour ≤ ``hour`` within the ward's scheduling hours."""
    while not ward_hours(hour, protocol):
        hour -= 1
    return hour


def day_hospital_accepts(hour: int, protocol: Protocol) -> bool:
    """The day hospital is open at ``hour`` for a visit: weekday, not a holiday, in hours."""
    moment = at_hour(hour)
    day = moment.date()
    if day.weekday() >= SATURDAY or day in french_holidays(day.year):
        return False
    end = moment + timedelta(minutes=protocol.visit_minutes)
    return (protocol.day_hospital_opening <= moment.time() and end.date() == day
            and end.time() <= protocol.day_hospital_closing)


def prepared_after(hour: int, decision: int, calendar: ProductionCalendar,
                   protocol: Protocol) -> bool:
    """A bag hung at ``hour`` can be prepared by the PUI at or after ``decision``."""
    preparation = calendar.preparation(hour, protocol.stability_hours // 24 + 1)
    return preparation is not None and preparation[1] >= decision


def restart_place(hour: int, *, stop: int, in_stay: bool, protocol: Protocol) -> Location:
    """The ward after ≥ 4 h (SmPC 4.2: supervision or hospital) or during a stay, else HDJ."""
    supervised = hour - stop >= protocol.restart_premedication_hours
    return "ward" if in_stay or supervised else "day_hospital"


def place_accepts(hour: int, place: Location, *, premedicated: bool,
                  protocol: Protocol) -> bool:
    """``place`` can hang a restart at ``hour``."""
    if place == "ward":
        return ward_accepts(hour, protocol, premedicated=premedicated)
    return day_hospital_accepts(hour, protocol)


def find_restart(requested: int, *, stop: int, decision: int, in_stay: bool,
                 protocol: Protocol, calendar: ProductionCalendar) -> RestartSlot:
    """The first whole hour ≥ ``requested`` (and ≥ the decision) a restart can happen.

    Raises
    ------
    PlanningError
        No slot within `SEARCH_DAYS` days (closures all along).
    """
    for hour in range(max(requested, decision), requested + SEARCH_DAYS * 24):
        place = restart_place(hour, stop=stop, in_stay=in_stay, protocol=protocol)
        premedicated = hour - stop >= protocol.restart_premedication_hours
        if (place_accepts(hour, place, premedicated=premedicated, protocol=protocol)
                and prepared_after(hour, decision, calendar, protocol)):
            note = "" if hour == requested else _note(requested, hour, stop=stop,
                                                      decision=decision, in_stay=in_stay,
                                                      protocol=protocol, calendar=calendar)
            return RestartSlot(hour, place, note)
    msg = (f"Aucune reprise possible dans les {SEARCH_DAYS} jours qui suivent le "
           f"{at_hour(requested):%d/%m/%Y %H:%M} : la PUI ne peut préparer aucune poche.")
    raise PlanningError(msg)


def _note(requested: int, actual: int, *, stop: int, decision: int, in_stay: bool,
          protocol: Protocol, calendar: ProductionCalendar) -> str:
    """Why the resume asked for at ``requested`` happens at ``actual``, in French."""
    place = restart_place(requested, stop=stop, in_stay=in_stay, protocol=protocol)
    premedicated = requested - stop >= protocol.restart_premedication_hours
    reasons = []
    if not place_accepts(requested, place, premedicated=premedicated, protocol=protocol):
        if place == "ward":
            reasons.append(f"le service programme les reprises de "
                           f"{protocol.ward_restart_from:%H:%M} à "
                           f"{protocol.ward_restart_until:%H:%M}, prémédication comprise")
        else:
            reasons.append(f"l'hôpital de jour est fermé à cette heure (ouvert en semaine, "
                           f"hors jours fériés, de {protocol.day_hospital_opening:%H:%M} à "
                           f"{protocol.day_hospital_closing:%H:%M})")
    if decision > requested or not prepared_after(requested, decision, calendar, protocol):
        reasons.append(f"la PUI ne prépare la poche qu'après la décision de reprise (le "
                       f"{at_hour(decision):%d/%m/%Y à %H:%M}), pendant ses heures de "
                       f"production ({protocol.production_start:%H:%M}–"
                       f"{protocol.production_end:%H:%M}, jours ouvrés)")
    hospital = restart_place(actual, stop=stop, in_stay=in_stay, protocol=protocol)
    if hospital == "ward" and place == "day_hospital":
        reasons.append(f"après {protocol.restart_premedication_hours} h d'interruption, la "
                       f"reprise se fait à l'hôpital, sous surveillance (RCP 4.2)")
    return (f"Reprise demandée le {at_hour(requested):%d/%m/%Y à %H:%M}, planifiée le "
            f"{at_hour(actual):%d/%m/%Y à %H:%M} : {' ; '.join(reasons)}.")
