"""iCalendar export of a treatment plan for the patient and the HAD (titles in French).

Stays, day-hospital visits (bag changes), premedications and the daily home checks (all-day
events), in Europe/Paris time with its VTIMEZONE.

Updates reach the phones (RFC 5545): every event's UID is unique per patient (a hash of the
patient reference, never the name nor the reference itself) and per event — its kind, cycle
and rank in the cycle, or its day for a home check — so that it stays the same when the plan
is re-planned after an interruption; ``SEQUENCE`` is the number of interruptions (each
re-plan is a new version); an event of an earlier version that no longer exists is sent again
with ``STATUS:CANCELLED`` (§3.8.1.11), so a calendar that imported the old file removes it.
``LOCATION`` names the day hospital, the ward or the home; a ``VALARM`` reminds the visits
and premedications (``[protocol.calendar]``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from hadcoord import clock
from hadcoord.clock import PARIS
from hadcoord.planning.builder import build_plan
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.model import Bag, Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.slots import late_changes
from hadcoord.wording import labels
from hadcoord.wording.formats import quantity

CHECK_DESCRIPTION = (
    "Constantes et examen clinique ; voie veineuse (rougeur, chaleur…) ; pompe : débit et "
    "volume restant dans la poche, piles ; test d'écriture (toxicité neurologique).")


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event before it becomes iCalendar: key (UID part), times, texts, reminder."""

    key: str
    summary: str
    start: datetime | date
    end: datetime | date
    location: str
    description: str = ""
    reminder: bool = False


def _bag_text(bag: Bag) -> str:
    return (f"Poche de {bag.hours} h (+{bag.overfill_hours} h de surremplissage) : "
            f"{quantity(bag.dose_ug_per_day, 'µg/j')}, contenu de la poche "
            f"{quantity(bag.ug, 'µg')} (dose délivrée {quantity(bag.delivered_ug, 'µg')}), "
            f"{quantity(bag.ml, 'mL')} à {quantity(bag.rate_ml_per_h, 'mL/h')}. "
            "Ne jamais rincer la ligne.")


def _ranked(prefix: str, cycle: int, seen: Counter[str]) -> str:
    """``prefix-c<cycle>-<rank>``: the rank-th event of this kind in the cycle (from 1)."""
    group = f"{prefix}-c{cycle}"
    seen[group] += 1
    return f"{group}-{seen[group]}"


def plan_events(plan: Plan, protocol: Protocol) -> Iterator[CalendarEvent]:
    """The plan's events with keys stable across re-plans (kind, cycle, rank or day)."""
    seen: Counter[str] = Counter()
    calendar = protocol.calendar
    for stay in plan.stays:
        yield CalendarEvent(
            _ranked("sejour", stay.cycle, seen),
            f"Hospitalisation – cycle {stay.cycle} ({labels.STAY_REASON[stay.reason]})",
            stay.admission, stay.discharge, calendar.ward_location,
            description="Service d'hématologie.")
    yield from _visits(plan, protocol, seen)
    stays = [(s.admission, s.discharge) for s in plan.stays]
    for premedication in plan.premedications:
        on_ward = any(a <= premedication.event <= b for a, b in stays)
        yield CalendarEvent(
            _ranked(f"premedication-{premedication.reason}", premedication.cycle, seen),
            f"Prémédication : {premedication.text} "
            f"({labels.PREMEDICATION_REASON[premedication.reason]})",
            premedication.at, premedication.event,
            calendar.ward_location if on_ward else calendar.day_hospital_location,
            reminder=True)
    cycles = {day: period.cycle for period in plan.infusions
              for day in _days(period.start.date(), period.end.date())}
    for day in plan.home_checks:
        yield CalendarEvent(
            f"surveillance-{day:%Y%m%d}",
            f"Surveillance quotidienne HAD – cycle {cycles.get(day, '?')}",
            day, day + timedelta(days=1), calendar.home_location, description=CHECK_DESCRIPTION)


def _visits(plan: Plan, protocol: Protocol, seen: Counter[str]) -> Iterator[CalendarEvent]:
    bags = {bag.start: bag for bag in plan.bags}
    late = late_changes(plan, protocol)
    visit = timedelta(minutes=protocol.visit_minutes)
    for moment in plan.day_hospital_visits:
        bag = bags[moment]
        shifted = (f"Rendez-vous décalé à {moment:%H:%M} (au lieu de "
                   f"{protocol.appointment:%H:%M}) : la poche doit tenir "
                   f"{protocol.stability_hours} h de stabilité jusqu'au changement suivant. "
                   if bag in late else "")
        yield CalendarEvent(
            _ranked("hdj", bag.cycle, seen),
            f"Hôpital de jour – changement de poche (cycle {bag.cycle})",
            moment, (moment.astimezone(UTC) + visit).astimezone(PARIS),
            protocol.calendar.day_hospital_location, description=shifted + _bag_text(bag),
            reminder=True)


def earlier_versions(plan: Plan, protocol: Protocol) -> list[Plan]:
    """The plan before each of its interruptions (version 0 first), rebuilt from the request."""
    versions: list[Plan] = []
    try:
        current = build_plan(plan.request, protocol)
        for event in plan.interruptions:
            versions.append(current)
            current = replan_after_interruption(current, event.stop, event.restart, protocol,
                                                reason=event.reason,
                                                decided_at=event.decided_at)
    except PlanningError:
        return versions
    return versions


def patient_key(patient: str) -> str:
    """A short, stable, non-reversible key of the patient reference (no name in a UID)."""
    return hashlib.sha256(f"hadcoord:{patient}".encode()).hexdigest()[:16]


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//hadcoord//Calendrier blinatumomab//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", PARIS.key)
    return calendar


def _plan_components(plan: Plan, protocol: Protocol, patient: str, stamp: datetime, *,
                     keep: Callable[[CalendarEvent], CalendarEvent | None] = lambda e: e,
                     ) -> Iterator[Event]:
    """The plan's events then those of its earlier versions that are gone (cancelled).

    ``keep`` returns the event as it should appear, or None to leave it out.
    """
    owner = patient_key(patient)
    sequence = len(plan.interruptions)
    current = {event.key: event for event in plan_events(plan, protocol)}
    gone: dict[str, CalendarEvent] = {}
    for version in earlier_versions(plan, protocol):
        for event in plan_events(version, protocol):
            if event.key not in current:
                gone[event.key] = event
    for events, cancelled in ((current, False), (gone, True)):
        for event in events.values():
            kept = keep(event)
            if kept is not None:
                yield _component(kept, owner, stamp, sequence, protocol, cancelled=cancelled)


def plan_calendar(plan: Plan, protocol: Protocol, *, stamp: datetime | None = None,
                  patient: str = "") -> Calendar:
    """The iCalendar of ``plan`` for the patient with reference ``patient``.

    ``stamp`` is the DTSTAMP of every event (default: now). Events of earlier versions of the
    plan (before its interruptions) that are gone are included as cancelled.
    """
    stamp = (stamp or clock.utc_now()).astimezone(UTC)
    calendar = _new_calendar("Calendrier de traitement par blinatumomab")
    for component in _plan_components(plan, protocol, patient, stamp):
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar


# What a HAD team's feed shows: the day-hospital bag changes and the daily home checks.
FEED_KINDS = ("hdj-", "surveillance-")


def _for_feed(reference: str) -> Callable[[CalendarEvent], CalendarEvent | None]:
    def keep(event: CalendarEvent) -> CalendarEvent | None:
        if not event.key.startswith(FEED_KINDS):
            return None
        return replace(event, summary=f"{reference} · {event.summary}")
    return keep


def feed_calendar(plans: Iterable[tuple[str, Plan]], protocol: Protocol, *, name: str,
                  stamp: datetime | None = None,
                  protocols: Mapping[str, Protocol] | None = None) -> Calendar:
    """One calendar of several patients' bag changes and home checks (a HAD team's feed).

    ``plans`` pairs each patient's **reference** (never a name: it prefixes each title) with
    its plan; UIDs are those of the patient's own calendar, so both update the same events.
    ``protocols``: a patient's own protocol by reference (its day hospital's location).
    """
    stamp = (stamp or clock.utc_now()).astimezone(UTC)
    calendar = _new_calendar(name)
    for reference, plan in plans:
        own = (protocols or {}).get(reference, protocol)
        for component in _plan_components(plan, own, reference, stamp,
                                          keep=_for_feed(reference)):
            calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar


def _component(item: CalendarEvent, owner: str, stamp: datetime, sequence: int,
               protocol: Protocol, *, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", f"{item.key}-{owner}@hadcoord")
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", item.summary)
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    event.add("location", item.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if item.description:
        event.add("description", item.description)
    minutes = protocol.calendar.reminder_minutes
    if item.reminder and minutes and not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", timedelta(minutes=-minutes))
        event.add_component(alarm)
    return event


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def plan_to_ics(plan: Plan, protocol: Protocol, *, stamp: datetime | None = None,
                patient: str = "") -> bytes:
    """The ``.ics`` file content of ``plan`` (``patient``: its reference, for the UIDs)."""
    content: bytes = plan_calendar(plan, protocol, stamp=stamp, patient=patient).to_ical()
    return content
