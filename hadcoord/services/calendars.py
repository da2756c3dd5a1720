"""A pathway's treatment calendar: built by the planning core from what the pathway stores."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from hadcoord.clock import PARIS
from hadcoord.config.protocol import ProtocolSettings
from hadcoord.planning import (
    Plan,
    PlanningError,
    PlanRequest,
    Protocol,
    build_plan,
    protocol_from_settings,
)
from hadcoord.planning.diff import PlanDifference, plan_difference
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.services import audit
from hadcoord.services.pathways import PathwayError, align_due_dates
from hadcoord.store import Pathway, Patient, PlanSummary, User
from hadcoord.wording import labels

# A pathway's interruptions as the planner replays them: (stop, resume, reason, decision to
# restart or None: at the stop), Paris wall times.
Interruptions = tuple[tuple[dt.datetime, dt.datetime, str, dt.datetime | None], ...]
_RECENT: list[tuple[ProtocolSettings, Protocol]] = []  # the last sections seen, by identity


def protocol_of(settings: ProtocolSettings) -> Protocol:
    """The planner's protocol for the ``[protocol]`` section of the caller's settings.

    Cached by the section's values (the same section object answers at once: requests call it
    several times).
    """
    for section, protocol in _RECENT:
        if section is settings:
            return protocol
    protocol = _protocol(settings.model_dump_json())
    _RECENT.insert(0, (settings, protocol))
    del _RECENT[8:]
    return protocol


@lru_cache(maxsize=8)
def _protocol(section: str) -> Protocol:
    return protocol_from_settings(ProtocolSettings.model_validate_json(section))


@lru_cache(maxsize=2048)
def _cached_plan(request: PlanRequest, protocol: Protocol) -> Plan:
    return build_plan(request, protocol)


@lru_cache(maxsize=2048)
def _interrupted_plan(request: PlanRequest, interruptions: Interruptions,
                      protocol: Protocol) -> Plan:
    plan = _cached_plan(request, protocol)
    for stop, resume, reason, decided_at in interruptions:
        plan = replan_after_interruption(plan, stop, resume, protocol, reason=reason,
                                         decided_at=decided_at)
    return plan


def interruptions_of(pathway: Pathway) -> Interruptions:
    """The pathway's recorded interruptions, in the order they are replayed."""
    return tuple((item.stop, item.resume, item.reason, item.decided_at)
                 for item in pathway.interruptions)


def plan_with(request: PlanRequest, interruptions: Interruptions, protocol: Protocol) -> Plan:
    """The plan of ``request`` re-planned after each of ``interruptions`` (cached: pure)."""
    return _interrupted_plan(request, interruptions, protocol)


def plan_request(pathway: Pathway) -> PlanRequest | None:
    """The planner's input for this pathway, or None while no start date is set."""
    if pathway.cycle1_start is None:
        return None
    start = pathway.cycle1_start.replace(tzinfo=PARIS)
    patient = pathway.patient
    return PlanRequest(start=start, indication=patient.indication,
                       cycles=pathway.cycles, change_days=pathway.change_days,
                       weight_kg=patient.weight_kg, height_cm=patient.height_cm)


def plan_for_request(request: PlanRequest, protocol: Protocol) -> Plan:
    """The plan of ``request`` under ``protocol`` (cached: the planner is pure)."""
    return _cached_plan(request, protocol)


def plan_or_refusal(pathway: Pathway | None, protocol: Protocol) -> tuple[Plan | None, str]:
    """The pathway's plan, or None and the planner's French reason (« Taille requise… »)."""
    if pathway is None:
        return None, ""
    try:
        return plan_for(pathway, protocol), ""
    except PlanningError as error:
        return None, str(error)


def plan_for(pathway: Pathway, protocol: Protocol) -> Plan | None:
    """The plan of this pathway (cached: the planner is pure), or None without a start date.

    The calendar's plan re-planned after each recorded interruption (SmPC 4.2).
    """
    request = plan_request(pathway)
    if request is None:
        return None
    return _interrupted_plan(request, interruptions_of(pathway), protocol)


def proposed_plan(pathway: Pathway, protocol: Protocol, *, start: dt.datetime,
                  change_days: str, cycles: int, today: dt.date) -> Plan:
    """The plan these calendar inputs give (nothing is stored).

    Raises
    ------
    PlanningError
        The planner refuses the input.
    PathwayError
        The start is in the past.
    """
    if start.date() < today:
        msg = "la date de début du cycle 1 est dans le passé"
        raise PathwayError(msg)
    patient = pathway.patient
    request = PlanRequest(start=start.replace(tzinfo=PARIS), indication=patient.indication,
                          cycles=cycles, change_days=change_days, weight_kg=patient.weight_kg,
                          height_cm=patient.height_cm)
    return _cached_plan(request, protocol)


def calendar_change(pathway: Pathway, protocol: Protocol, *, start: dt.datetime,
                    change_days: str, cycles: int, today: dt.date) -> PlanDifference:
    """What re-planning with these inputs changes against the saved calendar (nothing stored).

    Raises the errors of ``proposed_plan``.
    """
    new = proposed_plan(pathway, protocol, start=start, change_days=change_days, cycles=cycles,
                        today=today)
    return plan_difference(plan_for(pathway, protocol), new)


def set_calendar(session: Session, pathway: Pathway, protocol: Protocol, *, start: dt.datetime,
                 change_days: str, cycles: int, user: User, today: dt.date) -> Plan:
    """Validate and store the calendar inputs; task due dates follow the first discharge.

    Raises the errors of ``proposed_plan`` (nothing is stored).
    """
    previous = pathway.cycle1_start
    plan = proposed_plan(pathway, protocol, start=start, change_days=change_days, cycles=cycles,
                         today=today)  # raises before anything is changed
    dropped = ""
    if pathway.interruptions and (previous, pathway.change_days, pathway.cycles) != (
            start.replace(tzinfo=None), change_days, cycles):
        # They were recorded against the calendar being replaced (the diff showed it).
        dropped = (f", {len(pathway.interruptions)} interruption(s) du calendrier remplacé "
                   "retirée(s)")
        pathway.interruptions.clear()
    pathway.cycle1_start = start.replace(tzinfo=None)
    pathway.change_days = change_days
    pathway.cycles = cycles
    align_due_dates(pathway, plan.stays[0].discharge.date(), today)
    moved = f" (déplacé du {previous:%d/%m/%Y %H:%M})" if previous and previous != (
        pathway.cycle1_start) else ""
    audit.record(session, user, "update", patient_id=pathway.patient_id, target="calendrier",
                 detail=(f"début {start:%d/%m/%Y %H:%M}{moved}, {cycles} cycle(s), changements le "
                         f"{labels.CHANGE_DAYS.get(change_days, change_days)}{dropped}"))
    return plan



def scheduled_pathways(session: Session, protocol: Protocol, *, references_only: bool = False,
                       had: str | None = None, only: ColumnElement[bool] | None = None,
                       ) -> tuple[list[tuple[Pathway, Plan]], list[str]]:
    """Every pathway with a calendar and its plan, and the calendars the planner refused.

    ``references_only`` loads no patient column but the reference and the indication (the
    pharmacy must not see identities: the names are not even read); ``had`` keeps the
    pathways of that HAD establishment only; ``only`` is a condition on the pathway and its
    stored plan (``PlanSummary``, joined): see ``plan_store.scheduled_between``.
    """
    patient = selectinload(Pathway.patient)
    interruptions = selectinload(Pathway.interruptions)
    if references_only:
        # The weight and height set the dose under 45 kg (SmPC 4.2): no identity.
        patient = patient.load_only(Patient.reference, Patient.indication, Patient.weight_kg,
                                    Patient.height_cm)
    query = (select(Pathway).where(Pathway.cycle1_start.is_not(None))
             .options(patient, interruptions)
             .order_by(Pathway.id))  # the order they were recorded in, on every database
    if had is not None:
        query = query.where(Pathway.had_establishment_id == had)
    if only is not None:
        query = query.join(PlanSummary, PlanSummary.pathway_id == Pathway.id).where(only)
    pairs: list[tuple[Pathway, Plan]] = []
    failures: list[str] = []
    for pathway in session.scalars(query):
        try:
            plan = plan_for(pathway, protocol)
        except PlanningError as error:
            failures.append(f"{pathway.patient.reference} : {error}")
            continue
        if plan is not None:
            pairs.append((pathway, plan))
    return pairs, failures
