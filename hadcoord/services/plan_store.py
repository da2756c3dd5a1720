"""Plans computed once: each pathway's plan range and home days stored, refreshed when stale.

The pages that show a day or a period (dashboard, pharmacy list, rounds, digest) and the
patient list's states select pathways by their stored range (``store/plans.PlanSummary``)
instead of rebuilding the plan of every pathway ever recorded. A summary is stale when the
pathway's inputs (cycle-1 start, change days, cycles, indication) or the protocol differ from
the ones it was derived from: ``refresh_stale`` finds those in one query and recomputes them
only. An input the summary does not copy (an interruption, a weight…) calls
``invalidate_plan`` when it changes. Each recompute of a plan stored before is said in the
pathway's history (« calendrier recalculé : protocole modifié », « … : interruption
enregistrée »…); the first store of a plan is not an event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager, selectinload

from hadcoord.planning import Plan, PlanningError, Protocol
from hadcoord.services.calendars import plan_for, scheduled_pathways
from hadcoord.store import Pathway, PathwayEvent, Patient
from hadcoord.store.plans import PlanHomePeriod, PlanSummary
from hadcoord.vocabulary import PathwayStep

# Who the history names for a recompute: no user asked for it, an input or the protocol changed.
RECOMPUTE_ACTOR = "hadcoord (recalcul automatique)"
# Why ``invalidate_plan`` may be called (kept in the summary's protocol key until recomputed).
INVALIDATIONS = frozenset({PathwayStep.PLAN_RECOMPUTED_INTERRUPTION,
                           PathwayStep.PLAN_RECOMPUTED_BODY})

_KEYS: dict[int, tuple[Protocol, str]] = {}


def _canonical(value: Any) -> Any:
    """A form of ``value`` whose repr is the same in every process (sets sorted)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple(
            (f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, frozenset | set):
        return ("set", tuple(sorted(repr(_canonical(item)) for item in value)))
    if isinstance(value, tuple | list):
        return tuple(_canonical(item) for item in value)
    return value


def protocol_key(protocol: Protocol) -> str:
    """A fingerprint of the protocol's values (a stored plan of another protocol is stale)."""
    known = _KEYS.get(id(protocol))
    if known is not None and known[0] is protocol:
        return known[1]
    key = hashlib.sha256(repr(_canonical(protocol)).encode()).hexdigest()
    _KEYS[id(protocol)] = (protocol, key)
    return key


def _stale(protocol: Protocol) -> ColumnElement[bool]:
    return or_(PlanSummary.pathway_id.is_(None),
               PlanSummary.protocol_key != protocol_key(protocol),
               PlanSummary.cycle1_start != Pathway.cycle1_start,
               PlanSummary.change_days != Pathway.change_days,
               PlanSummary.cycles != Pathway.cycles,
               PlanSummary.indication != Patient.indication)


def plan_days(plan: Plan) -> Iterator[dt.date]:
    """Every day the plan touches: stays, bags and their preparation, visits, home checks."""
    for stay in plan.stays:
        yield stay.admission.date()
        yield stay.discharge.date()
    for bag in plan.bags:
        yield bag.prepared_on
        yield bag.start.date()
        yield bag.end.date()
    yield from (visit.date() for visit in plan.day_hospital_visits)
    yield from plan.home_checks
    yield from (premedication.at.date() for premedication in plan.premedications)


def home_periods(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days grouped into (first, last) runs."""
    periods: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if periods and day - periods[-1][1] == dt.timedelta(days=1):
            periods[-1] = (periods[-1][0], day)
        else:
            periods.append((day, day))
    return periods


def _store(session: Session, pathway: Pathway, summary: PlanSummary | None, key: str,
           protocol: Protocol) -> list[dict[str, Any]]:
    """Recompute one pathway's plan and store its range; its home periods' rows."""
    if summary is None:
        summary = PlanSummary(pathway_id=pathway.id)
        session.add(summary)
    assert pathway.cycle1_start is not None
    summary.protocol_key, summary.cycle1_start = key, pathway.cycle1_start
    summary.change_days, summary.cycles = pathway.change_days, pathway.cycles
    summary.indication = pathway.patient.indication
    try:
        plan = plan_for(pathway, protocol)
    except PlanningError as error:
        summary.first_day = summary.last_day = None
        summary.error = str(error)
        return []
    assert plan is not None
    days = list(plan_days(plan))
    summary.first_day, summary.last_day, summary.error = min(days), max(days), ""
    return [{"pathway_id": pathway.id, "first_day": first, "last_day": last}
            for first, last in home_periods(plan.home_checks)]


def refresh_stale(session: Session, protocol: Protocol, *, pathway_id: int | None = None,
                  limit: int | None = None) -> int:
    """Recompute the stored plans whose inputs changed (one query when none did); how many.

    ``pathway_id``: that pathway's only (its page shows its history, recompute included);
    ``limit``: at most that many (the first stale ones by pathway number).

    Several processes may refresh at once (app processes and the scheduler on one
    PostgreSQL): the pathways are locked while their summaries are rewritten, and a summary
    another process stored first (a duplicate key) is left as it is — both are derived from
    the same inputs — instead of failing the request or stopping the scheduler.
    """
    select_ = select(Pathway, PlanSummary)
    if pathway_id is not None:
        select_ = select_.where(Pathway.id == pathway_id)
    if limit is not None:
        select_ = select_.order_by(Pathway.id).limit(limit)
    rows = session.execute(
        select_.join(Pathway.patient)
        .outerjoin(PlanSummary, PlanSummary.pathway_id == Pathway.id)
        .where(Pathway.cycle1_start.is_not(None), _stale(protocol))
        # The indication only: the pharmacy's pages refresh too, and never read identities.
        .options(contains_eager(Pathway.patient).load_only(
            Patient.indication, Patient.weight_kg, Patient.height_cm),
            selectinload(Pathway.interruptions))  # the plan follows them: not one per pathway
        .with_for_update(of=Pathway)).all()
    if not rows:
        return 0
    try:
        with session.begin_nested():
            _rewrite(session, [(pathway, summary) for pathway, summary in rows], protocol)
    except IntegrityError:
        return 0  # stored meanwhile by another process, from the same inputs
    return len(rows)


def count_stale(session: Session, protocol: Protocol) -> int:
    """How many pathways' stored plans are stale (never stored, or an input changed)."""
    return session.scalar(
        select(func.count(Pathway.id)).join(Pathway.patient)
        .outerjoin(PlanSummary, PlanSummary.pathway_id == Pathway.id)
        .where(Pathway.cycle1_start.is_not(None), _stale(protocol))) or 0


def refresh_all(session: Session, protocol: Protocol, *, batch: int = 100
                ) -> Iterator[tuple[int, int]]:
    """Recompute every stale plan, ``batch`` at a time, each batch committed: (done, total).

    What `hadcoord plans refresh` runs after an upgrade or a protocol change, so that the
    first page opened does not recompute them all in one request (issue 19). Stops when no
    stale plan is left, or after ``total`` (a plan another process stored meanwhile).
    """
    total = count_stale(session, protocol)
    done = 0
    while done < total:
        count = refresh_stale(session, protocol, limit=min(batch, total - done))
        session.commit()
        if not count:
            break
        done += count
        yield done, total


def _rewrite(session: Session, rows: Sequence[tuple[Pathway, PlanSummary | None]],
             protocol: Protocol) -> None:
    session.execute(delete(PlanHomePeriod).where(
        PlanHomePeriod.pathway_id.in_([pathway.id for pathway, _summary in rows])))
    key = protocol_key(protocol)
    changes = [(pathway, why) for pathway, summary in rows
               if summary is not None and (why := recompute_reason(summary, pathway, key))]
    names = _option_names(session, [pathway.id for pathway, _why in changes])
    periods: list[dict[str, Any]] = []
    with session.no_autoflush:
        for pathway, summary in rows:
            periods.extend(_store(session, pathway, summary, key, protocol))
    if periods:  # one statement for all of them, not one per period
        session.execute(insert(PlanHomePeriod), periods)
    session.add_all(PathwayEvent(
        pathway_id=pathway.id, user_id=None, actor=RECOMPUTE_ACTOR, step=why,
        state=pathway.state, option_kind=pathway.option_kind,
        had_establishment_id=pathway.had_establishment_id,
        option_name=names.get(pathway.id, "")) for pathway, why in changes)
    session.flush()


def recompute_reason(summary: PlanSummary, pathway: Pathway, key: str) -> PathwayStep | None:
    """Why a stored plan is recomputed: the input that changed (None: nothing did)."""
    if summary.protocol_key in INVALIDATIONS:
        return PathwayStep(summary.protocol_key)
    if summary.protocol_key != key:
        return PathwayStep.PLAN_RECOMPUTED_PROTOCOL
    if (summary.cycle1_start, summary.change_days, summary.cycles) != (
            pathway.cycle1_start, pathway.change_days, pathway.cycles):
        return PathwayStep.PLAN_RECOMPUTED_CALENDAR
    if summary.indication != pathway.patient.indication:
        return PathwayStep.PLAN_RECOMPUTED_INDICATION
    return None


def _option_names(session: Session, pathway_ids: Sequence[int]) -> dict[int, str]:
    """The option each pathway's last event names (a recompute does not change it)."""
    names: dict[int, str] = {}
    for begin in range(0, len(pathway_ids), 500):
        latest = (select(func.max(PathwayEvent.id))
                  .where(PathwayEvent.pathway_id.in_(pathway_ids[begin:begin + 500]))
                  .group_by(PathwayEvent.pathway_id))
        names.update((pathway_id, name) for pathway_id, name in session.execute(
            select(PathwayEvent.pathway_id, PathwayEvent.option_name)
            .where(PathwayEvent.id.in_(latest))))
    return names


def invalidate_plan(session: Session, pathway_id: int, reason: PathwayStep) -> None:
    """Mark a pathway's stored plan stale: recomputed on the next read, the history says why.

    ``reason`` is one of ``INVALIDATIONS``.

    Call it when an input the summary does not copy changes (an interruption, the weight);
    a change of start, change days, cycles, indication or protocol is found by itself.
    A pathway whose plan was never stored has nothing to mark.
    """
    if reason not in INVALIDATIONS:
        msg = f"motif de recalcul inconnu : {reason}"
        raise ValueError(msg)
    session.execute(update(PlanSummary).where(PlanSummary.pathway_id == pathway_id)
                    .values(protocol_key=reason.value))


def overlapping(first: dt.date, last: dt.date) -> ColumnElement[bool]:
    """Pathways whose stored plan touches a day of [first, last], or refused by the planner.

    The refused ones are kept so that pages still report them; join ``PlanSummary``.
    """
    return and_(Pathway.cycle1_start.is_not(None), or_(
        and_(PlanSummary.last_day >= first, PlanSummary.first_day <= last),
        PlanSummary.error != ""))


def scheduled_between(session: Session, protocol: Protocol, first: dt.date, last: dt.date, *,
                      references_only: bool = False, had: str | None = None,
                      ) -> tuple[list[tuple[Pathway, Plan]], list[str]]:
    """The pathways whose plan touches a day of [first, last], their plans, the refusals.

    ``calendars.scheduled_pathways`` over that window only. Stale stored plans are refreshed
    first, so the selection by the stored range is exact.
    """
    refresh_stale(session, protocol)
    return scheduled_pathways(session, protocol, references_only=references_only, had=had,
                              only=overlapping(first, last))
