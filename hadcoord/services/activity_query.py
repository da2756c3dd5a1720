"""The facts the activity figures count, read from the pathways, their plans and timelines.

Only pathways recorded at home count their days (state « à domicile » / cycle N, or a
timeline that went through « à domicile »), up to today or the day the pathway ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from hadcoord import clock
from hadcoord.planning import PlanningError, Protocol
from hadcoord.services import audit
from hadcoord.services.activity import PathwayActivity, RequestFact
from hadcoord.services.calendars import plan_for
from hadcoord.store import Pathway, PathwayEvent, User
from hadcoord.vocabulary import Answer, PathwayState, PathwayStep, RequestKind

COUNTED_REQUESTS = (RequestKind.DEROGATION, RequestKind.CONVENTION)
HOME_STATES = (PathwayState.AT_HOME, PathwayState.IN_CYCLE)


def _day(event: PathwayEvent) -> dt.date:
    return clock.to_local(event.at).date()


def requests_of(events: Sequence[PathwayEvent]) -> list[RequestFact]:
    """The derogations and conventions a timeline asked for, each with its acceptance day."""
    facts: list[RequestFact] = []
    open_request: dict[RequestKind, int] = {}
    for event in events:
        kind = event.request_kind
        if kind not in COUNTED_REQUESTS or kind is None:
            continue
        if event.step == PathwayStep.REQUEST_SENT:
            open_request[kind] = len(facts)
            facts.append(RequestFact(kind, event.had_establishment_id, _day(event)))
        elif (event.step == PathwayStep.ANSWER_RECORDED and event.answer == Answer.ACCEPTED
              and kind in open_request):
            index = open_request.pop(kind)
            asked = facts[index]
            facts[index] = RequestFact(asked.kind, asked.had, asked.requested_on,
                                       event.answer_date or _day(event))
    return facts


def _went_home(pathway: Pathway) -> bool:
    return pathway.state in HOME_STATES or any(
        event.step == PathwayStep.AT_HOME for event in pathway.events)


def _last_day(pathway: Pathway, today: dt.date) -> dt.date:
    ended = [_day(e) for e in pathway.events if e.step == PathwayStep.ENDED]
    return min([today, *ended])


def pathway_activity(pathway: Pathway, protocol: Protocol, today: dt.date
                     ) -> PathwayActivity | None:
    """The pathway's home and day-hospital days so far, None when it never went home."""
    if not _went_home(pathway):
        return None
    try:
        plan = plan_for(pathway, protocol)
    except PlanningError:
        return None
    if plan is None:
        return None
    last = _last_day(pathway, today)
    return PathwayActivity(
        patient_id=pathway.patient_id, had=pathway.had_establishment_id,
        home_days=tuple(day for day in plan.home_checks if day <= last),
        # The plan's times are local wall-clock times (as the pathway's cycle-1 start).
        day_hospital_days=tuple(visit.date() for visit in plan.day_hospital_visits
                                if visit.date() <= last))


def gather(session: Session, protocol: Protocol, today: dt.date
           ) -> tuple[list[PathwayActivity], list[RequestFact]]:
    """Every pathway's activity and every counted request."""
    pathways = session.scalars(select(Pathway).options(
        selectinload(Pathway.events), joinedload(Pathway.patient))).unique().all()
    activities = [a for a in (pathway_activity(p, protocol, today) for p in pathways) if a]
    requests = [fact for p in pathways for fact in requests_of(p.events)]
    return activities, requests


def audit_read(session: Session, user: User, first: dt.date, last: dt.date, *,
               export: bool = False) -> None:
    """Record who read (or exported) the activity figures, and for which months."""
    audit.record(session, user, "export" if export else "read", target="activité",
                 detail=f"chiffres d'activité {first:%m/%Y} – {last:%m/%Y}")
