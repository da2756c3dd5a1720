"""Edits re-check everything (issue 14): coverage and plan are re-run before a record is saved.

A new commune, indication, weight or consent re-runs the coverage engine and the plan.

``recheck`` only computes (nothing is stored) what the edit changes: whether the option engaged
is still proposed for the new commune, the option that would replace it, the calendar's
difference, the tasks that would close and those that would be added. ``apply_recheck`` then
regenerates the pathway from the new situation, keeping the tasks already done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hadcoord.clock import PARIS
from hadcoord.coverage import CoverageEngine, MatchResult, Option
from hadcoord.planning import PlanRequest, Protocol
from hadcoord.planning.diff import PlanDifference, plan_difference
from hadcoord.services import pathway_rules
from hadcoord.services.calendars import interruptions_of, plan_for, plan_with
from hadcoord.services.pathway_steps import engage_option, option_name
from hadcoord.services.pathways import add_event, align_due_dates, tasks_for
from hadcoord.services.patients import PatientInput
from hadcoord.store import Pathway, Task, User
from hadcoord.vocabulary import PathwayStep, TaskStatus


@dataclass(frozen=True, slots=True)
class Recheck:
    """What saving the edited record changes on the patient's pathway."""

    result: MatchResult
    option_valid: bool
    current_name: str
    replacement: int | None  # index in ``result.options`` of the option to engage instead
    can_switch: bool  # the pathway is before « à domicile »
    plan_change: PlanDifference | None
    tasks_closed: tuple[str, ...]
    tasks_added: tuple[str, ...]

    @property
    def replacement_option(self) -> Option | None:
        """The option that replaces the one no longer proposed."""
        return self.result.options[self.replacement] if self.replacement is not None else None

    @property
    def needs_confirmation(self) -> bool:
        """The option or the calendar changes: the coordinator confirms before saving."""
        return not self.option_valid or bool(self.plan_change and self.plan_change.changed)


def _position(pathway: Pathway, result: MatchResult) -> int | None:
    current = (pathway.option_kind, pathway.had_establishment_id)
    return next((i for i, o in enumerate(result.options)
                 if (o.kind, o.establishment) == current), None)


def _new_plan_change(pathway: Pathway, data: PatientInput,
                     protocol: Protocol) -> PlanDifference | None:
    if pathway.cycle1_start is None:
        return None
    request = PlanRequest(start=pathway.cycle1_start.replace(tzinfo=PARIS),
                          indication=data.indication, cycles=pathway.cycles,
                          change_days=pathway.change_days, weight_kg=data.weight_kg,
                          height_cm=data.height_cm)
    # The recorded interruptions are replayed on the new calendar too.
    return plan_difference(plan_for(pathway, protocol),
                           plan_with(request, interruptions_of(pathway), protocol))


def _task_key(task: Task) -> tuple[str, str]:
    return task.kind, task.title


def recheck(pathway: Pathway, data: PatientInput, engine: CoverageEngine, protocol: Protocol,
            today: dt.date) -> Recheck:
    """What the edit would change (nothing is stored)."""
    result = engine.match(data.commune_code, today)
    position = _position(pathway, result)
    can_switch = pathway_rules.allowed(pathway.state, PathwayStep.OPTION_SWITCHED)
    replacement = None
    if position is None and can_switch and result.options:
        replacement = 0  # the engine lists the options best first
    option = result.options[position if position is not None else (replacement or 0)] if (
        result.options and (position is not None or replacement is not None)) else None
    wanted = {_task_key(t) for t in tasks_for(option, result, today)} if option else set()
    open_tasks = [t for t in pathway.tasks if t.status == TaskStatus.TODO]
    kept = {_task_key(t) for t in pathway.tasks if t.status != TaskStatus.NOT_APPLICABLE}
    closed = tuple(t.title for t in open_tasks if _task_key(t) not in wanted) if option else ()
    added = tuple(title for kind, title in sorted(wanted - kept))
    return Recheck(result=result, option_valid=position is not None,
                   current_name=option_name(pathway), replacement=replacement,
                   can_switch=can_switch, plan_change=_new_plan_change(pathway, data, protocol),
                   tasks_closed=closed, tasks_added=added)


def apply_recheck(session: Session, pathway: Pathway, check: Recheck, protocol: Protocol, *,
                  user: User, today: dt.date) -> None:
    """Regenerate the pathway from the new situation; the tasks already done are kept.

    Call after the record was updated (the plan follows the new indication).
    """
    if check.replacement is not None:
        engage_option(session, pathway, check.result, check.replacement, user=user,
                      today=today, note="dossier modifié : l'option retenue n'est plus proposée")
    elif check.option_valid:
        _refresh_tasks(pathway, check, today)
        pathway.coverage_status = check.result.status
        pathway.first_recourse = (check.result.first_recourse.name
                                  if check.result.first_recourse else "")
        if check.tasks_closed or check.tasks_added:
            add_event(session, pathway, user, PathwayStep.RECHECKED, pathway.state,
                      option_name=option_name(pathway),
                      note=f"{len(check.tasks_closed)} tâche(s) sans objet, "
                           f"{len(check.tasks_added)} ajoutée(s)")
    plan = plan_for(pathway, protocol)
    if plan is not None:
        align_due_dates(pathway, plan.stays[0].discharge.date(), today)


def _refresh_tasks(pathway: Pathway, check: Recheck, today: dt.date) -> None:
    position = _position(pathway, check.result)
    if position is None:
        return
    fresh = tasks_for(check.result.options[position], check.result, today)
    wanted = {_task_key(t) for t in fresh}
    for task in pathway.tasks:
        if task.status == TaskStatus.TODO and _task_key(task) not in wanted:
            task.status = TaskStatus.NOT_APPLICABLE
    kept = {_task_key(t) for t in pathway.tasks if t.status != TaskStatus.NOT_APPLICABLE}
    pathway.tasks.extend(t for t in fresh if _task_key(t) not in kept)
