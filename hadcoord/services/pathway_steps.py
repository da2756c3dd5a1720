"""The pathway as it goes in real life: requests, answers, a switch of option, home, cycles, end.

Every step is checked against the state machine (``pathway_rules``), added to the timeline
(``pathway_events``: who, when, why) and audited on the patient's record. The caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hadcoord.coverage import MatchResult, Option
from hadcoord.coverage.results import MatchStatus
from hadcoord.services import audit, pathway_rules
from hadcoord.services.pathway_rules import StepRefusedError, Tried
from hadcoord.services.pathways import PathwayError, add_event, tasks_for
from hadcoord.store import Pathway, PathwayEvent, User
from hadcoord.vocabulary import (
    Answer,
    EndReason,
    PathwayState,
    PathwayStep,
    RequestKind,
    TaskStatus,
)
from hadcoord.wording import labels

# The task a request settles once it is sent.
REQUEST_TASK = {RequestKind.DEROGATION: "derogation_request",
                RequestKind.HAD_ADMISSION: "had_request",
                RequestKind.CONVENTION: "convention_draft"}
NOTE_MAX = 2000


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """The ARS's or the HAD's answer as the coordinator records it."""

    answer: Answer
    day: dt.date
    reference: str = ""
    note: str = ""


def _require(pathway: Pathway, step: PathwayStep) -> None:
    try:
        pathway_rules.require(pathway.state, step)
    except StepRefusedError as error:
        state = labels.PATHWAY_STATE[pathway.state]
        msg = f"{error} (« {state} »)"
        raise PathwayError(msg) from None


def _since_option(pathway: Pathway) -> list[PathwayEvent]:
    """The events since the current option was engaged."""
    starts = (PathwayStep.OPTION_CHOSEN, PathwayStep.OPTION_SWITCHED,
              PathwayStep.OPTION_PROPOSED_AFTER_REFUSAL)
    last = max((i for i, e in enumerate(pathway.events) if e.step in starts), default=0)
    return pathway.events[last:]


def accepted_requests(pathway: Pathway) -> list[RequestKind]:
    """The requests of the current option already accepted."""
    return [e.request_kind for e in _since_option(pathway)
            if e.answer == Answer.ACCEPTED and e.request_kind is not None]


def pending_request(pathway: Pathway) -> RequestKind | None:
    """The request sent and not answered yet (state « demande envoyée »)."""
    sent = [e for e in _since_option(pathway) if e.step == PathwayStep.REQUEST_SENT]
    return sent[-1].request_kind if sent and pathway.state == PathwayState.REQUEST_SENT else None


def next_request(pathway: Pathway) -> RequestKind | None:
    """The request the current option needs next (None: all accepted)."""
    return pathway_rules.next_request(pathway.option_kind, accepted_requests(pathway))


def option_name(pathway: Pathway) -> str:
    """The name of the option engaged now, as the timeline recorded it."""
    return pathway.events[-1].option_name if pathway.events else ""


def _audit(session: Session, pathway: Pathway, user: User, detail: str) -> None:
    audit.record(session, user, "update", patient_id=pathway.patient_id, target="parcours",
                 detail=detail)


def send_request(session: Session, pathway: Pathway, kind: RequestKind, user: User, *,
                 note: str = "") -> PathwayEvent:
    """Record that ``kind`` was sent (the matching task is done)."""
    _require(pathway, PathwayStep.REQUEST_SENT)
    expected = next_request(pathway)
    if kind != expected:
        wanted = labels.REQUEST_KIND[expected] if expected else "aucune"
        msg = f"la demande attendue pour cette option est : {wanted}"
        raise PathwayError(msg)
    for task in pathway.tasks:
        if task.kind == REQUEST_TASK[kind] and task.status == TaskStatus.TODO:
            task.status = TaskStatus.DONE
    event = add_event(session, pathway, user, PathwayStep.REQUEST_SENT,
                      PathwayState.REQUEST_SENT, option_name=option_name(pathway),
                      request_kind=kind, note=note[:NOTE_MAX])
    _audit(session, pathway, user, f"demande envoyée : {labels.REQUEST_KIND[kind]}")
    return event


def record_answer(session: Session, pathway: Pathway, answer: AnswerInput, *,
                  result: MatchResult, user: User, today: dt.date) -> PathwayEvent:
    """Record the answer to the pending request.

    Accepted: the tasks waiting for it become due the day after the answer. Refused: the next
    option the coverage engine proposes (another bordering HAD, else the convention) is
    engaged with its tasks; without one the pathway stays « réponse : refusée ».
    """
    _require(pathway, PathwayStep.ANSWER_RECORDED)
    kind = pending_request(pathway)
    if answer.day > today:
        msg = "la date de la réponse est dans le futur"
        raise PathwayError(msg)
    state = (PathwayState.ANSWER_ACCEPTED if answer.answer == Answer.ACCEPTED
             else PathwayState.ANSWER_REFUSED)
    event = add_event(session, pathway, user, PathwayStep.ANSWER_RECORDED, state,
                      option_name=option_name(pathway), request_kind=kind,
                      answer=answer.answer, answer_date=answer.day,
                      reference=answer.reference[:100], note=answer.note[:NOTE_MAX])
    _audit(session, pathway, user, f"réponse {labels.ANSWER[answer.answer]} : "
           f"{labels.REQUEST_KIND[kind] if kind else ''} {answer.reference}".strip())
    if answer.answer == Answer.ACCEPTED:
        for task in pathway.tasks:
            if task.waits_for == kind and task.status == TaskStatus.TODO:
                task.waits_for = None
                task.due_date = max(today, answer.day + dt.timedelta(days=1))
        return event
    index = pathway_rules.next_option(
        [(o.kind, o.establishment) for o in result.options], tried_options(pathway))
    if index is not None and result.status != MatchStatus.NOT_COVERED_BY_DATASET:
        engage_option(session, pathway, result, index, user=user, today=today,
                      step=PathwayStep.OPTION_PROPOSED_AFTER_REFUSAL,
                      note=f"après le refus : {labels.REQUEST_KIND[kind] if kind else ''}")
    return event


def tried_options(pathway: Pathway) -> list[Tried]:
    """The options refused on this pathway, and the one engaged now."""
    refused = [Tried(e.option_kind, e.had_establishment_id) for e in pathway.events
               if e.answer == Answer.REFUSED]
    return [*refused, Tried(pathway.option_kind, pathway.had_establishment_id)]


def engage_option(session: Session, pathway: Pathway, result: MatchResult, index: int, *,
                  user: User, today: dt.date, step: PathwayStep = PathwayStep.OPTION_SWITCHED,
                  note: str = "") -> PathwayEvent:
    """Switch to option ``index`` of ``result``.

    The abandoned option's open tasks become « sans objet » (kept), the new option's tasks
    are created.
    """
    _require(pathway, PathwayStep.OPTION_SWITCHED)
    if not 0 <= index < len(result.options):
        msg = "option inconnue : rechargez la page et choisissez une option proposée"
        raise PathwayError(msg)
    option: Option = result.options[index]
    if (option.kind, option.establishment) == (pathway.option_kind,
                                               pathway.had_establishment_id):
        msg = "c'est déjà l'option retenue"
        raise PathwayError(msg)
    for task in pathway.tasks:
        if task.status == TaskStatus.TODO:
            task.status = TaskStatus.NOT_APPLICABLE
    pathway.coverage_status = result.status
    pathway.option_kind = option.kind
    pathway.had_establishment_id = option.establishment
    pathway.covering_establishment_id = result.covering[0].id if result.covering else None
    pathway.distance_km = option.distance_km
    pathway.first_recourse = result.first_recourse.name if result.first_recourse else ""
    pathway.tasks.extend(tasks_for(option, result, today))
    event = add_event(session, pathway, user, step, PathwayState.OPTIONS_PROPOSED,
                      option_name=option.name, note=note[:NOTE_MAX])
    _audit(session, pathway, user, f"{labels.PATHWAY_STEP[step]} : "
           f"{labels.OPTION_KIND[option.kind]} — {option.name}")
    return event


def confirm_home_team(session: Session, pathway: Pathway, user: User, *,
                      note: str = "") -> PathwayEvent:
    """The HAD (or the convention's team) takes the patient: every request was accepted."""
    _require(pathway, PathwayStep.HAD_CONFIRMED)
    if next_request(pathway) is not None:
        msg = ("une demande reste à envoyer avant de confirmer : "
               f"{labels.REQUEST_KIND[next_request(pathway) or RequestKind.HAD_ADMISSION]}")
        raise PathwayError(msg)
    return _simple(session, pathway, user, PathwayStep.HAD_CONFIRMED,
                   PathwayState.HAD_CONFIRMED, note=note)


def mark_at_home(session: Session, pathway: Pathway, user: User, *,
                 note: str = "") -> PathwayEvent:
    """The patient went home (first discharge)."""
    _require(pathway, PathwayStep.AT_HOME)
    pathway.current_cycle = pathway.current_cycle or 1
    return _simple(session, pathway, user, PathwayStep.AT_HOME, PathwayState.AT_HOME, note=note)


def start_cycle(session: Session, pathway: Pathway, cycle: int, user: User, *,
                note: str = "") -> PathwayEvent:
    """Cycle ``cycle`` starts (after the first, which starts before going home)."""
    _require(pathway, PathwayStep.CYCLE_STARTED)
    if not (pathway.current_cycle or 1) < cycle <= max(pathway.cycles, 1) + 5:
        msg = f"cycle {cycle} impossible : le cycle en cours est le {pathway.current_cycle or 1}"
        raise PathwayError(msg)
    pathway.current_cycle = cycle
    return _simple(session, pathway, user, PathwayStep.CYCLE_STARTED, PathwayState.IN_CYCLE,
                   note=note, cycle=cycle)


def end_pathway(session: Session, pathway: Pathway, reason: EndReason, note: str,
                user: User) -> PathwayEvent:
    """End the pathway with its reason (kept, never deleted); open tasks become « sans objet »."""
    _require(pathway, PathwayStep.ENDED)
    if not note.strip():
        msg = "précisez le motif de fin du parcours"
        raise PathwayError(msg)
    for task in pathway.tasks:
        if task.status == TaskStatus.TODO:
            task.status = TaskStatus.NOT_APPLICABLE
    return _simple(session, pathway, user, PathwayStep.ENDED, PathwayState.ENDED, note=note,
                   end_reason=reason, detail=labels.END_REASON[reason])


def _simple(session: Session, pathway: Pathway, user: User, step: PathwayStep,
            state: PathwayState, *, note: str, detail: str = "",
            **details: object) -> PathwayEvent:
    event = add_event(session, pathway, user, step, state, option_name=option_name(pathway),
                      note=note[:NOTE_MAX], **details)
    _audit(session, pathway, user, f"{labels.PATHWAY_STEP[step]}"
           + (f" : {detail}" if detail else "")
           + (f" {details['cycle']}" if "cycle" in details else ""))
    return event
