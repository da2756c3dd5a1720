"""iCalendar export of a treatment plan for the patient and the HAD (titles in French).

Stays, day-hospital visits (bag changes), premedications and the daily home checks (all-day
events), in Europe/Paris time with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from hadcoord import clock
from hadcoord.clock import PARIS
from hadcoord.planning.model import Bag, Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.slots import late_changes

STAY_TITLES = {"cycle_start": "début de cycle", "restart": "reprise après interruption"}
PREMEDICATION_TITLES = {"cycle_start": "début de cycle", "step_up": "palier de dose",
                        "restart": "reprise après interruption"}
CHECK_DESCRIPTION = (
    "Constantes et examen clinique ; voie veineuse (rougeur, chaleur…) ; pompe : débit et "
    "volume restant dans la poche, piles ; test d'écriture (toxicité neurologique).")


def _event(uid: str, summary: str, start: datetime | date, end: datetime | date, *,
           stamp: datetime, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@hadcoord")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    if description:
        event.add("description", description)
    return event


def _bag_text(bag: Bag) -> str:
    return (f"Poche de {bag.hours} h (+{bag.overfill_hours} h de surremplissage) : "
            f"{bag.dose_ug_per_day:g} µg/j, {bag.ug:g} µg, {bag.ml:g} mL à "
            f"{bag.rate_ml_per_h:g} mL/h. Ne jamais rincer la ligne.")


def plan_calendar(plan: Plan, protocol: Protocol, *, stamp: datetime | None = None) -> Calendar:
    """The iCalendar of ``plan`` (``stamp``: DTSTAMP of every event, default now)."""
    stamp = (stamp or clock.utc_now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//hadcoord//Calendrier blinatumomab//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Calendrier de traitement par blinatumomab")
    calendar.add("x-wr-timezone", PARIS.key)
    for stay in plan.stays:
        calendar.add_component(_event(
            f"sejour-{stay.admission:%Y%m%dT%H%M}",
            f"Hospitalisation – cycle {stay.cycle} ({STAY_TITLES[stay.reason]})",
            stay.admission, stay.discharge, stamp=stamp, description="Service d'hématologie."))
    bags = {bag.start: bag for bag in plan.bags}
    late = late_changes(plan, protocol)
    visit = timedelta(minutes=protocol.visit_minutes)
    for moment in plan.day_hospital_visits:
        bag = bags[moment]
        shifted = (f"Rendez-vous décalé à {moment:%H:%M} (au lieu de "
                   f"{protocol.appointment:%H:%M}) : la poche doit tenir "
                   f"{protocol.stability_hours} h de stabilité jusqu'au changement suivant. "
                   if bag in late else "")
        calendar.add_component(_event(
            f"hdj-{moment:%Y%m%dT%H%M}",
            f"Hôpital de jour – changement de poche (cycle {bag.cycle})",
            moment, (moment.astimezone(UTC) + visit).astimezone(PARIS), stamp=stamp,
            description=shifted + _bag_text(bag)))
    for premedication in plan.premedications:
        calendar.add_component(_event(
            f"premedication-{premedication.at:%Y%m%dT%H%M}",
            f"Prémédication : {premedication.drug} "
            f"({PREMEDICATION_TITLES[premedication.reason]})",
            premedication.at, premedication.event, stamp=stamp))
    cycles = {day: period.cycle for period in plan.infusions
              for day in _days(period.start.date(), period.end.date())}
    for day in plan.home_checks:
        calendar.add_component(_event(
            f"surveillance-{day:%Y%m%d}",
            f"Surveillance quotidienne HAD – cycle {cycles.get(day, '?')}",
            day, day + timedelta(days=1), stamp=stamp, description=CHECK_DESCRIPTION))
    calendar.add_missing_timezones()
    return calendar


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def plan_to_ics(plan: Plan, protocol: Protocol, *, stamp: datetime | None = None) -> bytes:
    """The ``.ics`` file content of ``plan``."""
    content: bytes = plan_calendar(plan, protocol, stamp=stamp).to_ical()
    return content
