"""Interruptions of the infusion recorded from the pathway page (issue 13, SmPC 4.2).

The difference is shown before anything is saved; a permanent stop the SmPC asks for is
refused with its French reason; each recorded interruption is audited and the stored plan
range recomputed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from hadcoord.planning import Plan, PlanningError, Protocol
from hadcoord.planning.diff import PlanDifference, plan_difference
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.services import audit
from hadcoord.services.calendars import plan_for
from hadcoord.services.pathways import PathwayError
from hadcoord.services.plan_store import invalidate_plan
from hadcoord.store import Pathway, PathwayInterruption, User
from hadcoord.vocabulary import PathwayStep
from hadcoord.wording import labels


def interruption_change(pathway: Pathway, protocol: Protocol, *, stop: dt.datetime,
                        resume: dt.datetime, reason: str,
                        decided_at: dt.datetime | None = None) -> tuple[PlanDifference, Plan]:
    """What recording this interruption changes, and the plan after it (nothing stored).

    ``decided_at``: when the restart was decided (None: at the stop); the restart bag is
    prepared after it (`hadcoord.planning.opening`).

    Raises
    ------
    PlanningError
        The planner refuses it: not during an infusion, a resume before the stop, a decision
        before the stop or after the resume asked for, or a permanent stop the SmPC 4.2 asks
        for (the French message says why).
    PathwayError
        The pathway has no calendar yet.
    """
    current = plan_for(pathway, protocol)
    if current is None:
        msg = "planifiez d'abord le calendrier"
        raise PathwayError(msg)
    if decided_at is not None and decided_at > resume:
        msg = "La décision de reprise ne peut pas suivre la reprise demandée."
        raise PlanningError(msg)
    new = replan_after_interruption(current, stop, resume, protocol, reason=reason,
                                    decided_at=decided_at)
    return plan_difference(current, new), new


def record_interruption(session: Session, pathway: Pathway, protocol: Protocol, *,
                        stop: dt.datetime, resume: dt.datetime, reason: str,
                        user: User, decided_at: dt.datetime | None = None) -> Plan:
    """Validate and store an interruption; the stored plan range is recomputed (audited).

    Raises the errors of ``interruption_change`` (nothing is stored).
    """
    _change, plan = interruption_change(pathway, protocol, stop=stop, resume=resume,
                                        reason=reason, decided_at=decided_at)
    pathway.interruptions.append(PathwayInterruption(
        stop=stop, resume=resume, reason=reason, decided_at=decided_at, recorded_by=user.id))
    session.flush()
    invalidate_plan(session, pathway.id, PathwayStep.PLAN_RECOMPUTED_INTERRUPTION)
    audit.record(session, user, "update", patient_id=pathway.patient_id, target="interruption",
                 detail=(f"arrêt le {stop:%d/%m/%Y %H:%M}, reprise le {resume:%d/%m/%Y %H:%M}, "
                         f"motif {labels.INTERRUPTION_REASON.get(reason, reason)}"
                         + (f", décision le {decided_at:%d/%m/%Y %H:%M}" if decided_at else "")))
    return plan
