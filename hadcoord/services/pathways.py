"""The care pathway: choosing a coverage option creates the tasks it implies.

Thesis, "V. Organisation de la prise en charge": the coordinator asks the HAD for admission
(or the ARS for a derogation, or sets up a convention), has the HAD staff trained when it never
had such a patient or none for a year, makes sure the pump is there, informs the nearby hospital
(first recourse) and hands over the written care plan (PPS).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from hadcoord.coverage import MatchResult, Option
from hadcoord.coverage.readiness import PumpReadiness, Training
from hadcoord.coverage.results import MatchStatus, OptionKind
from hadcoord.errors import HadcoordError
from hadcoord.services import audit
from hadcoord.store import Pathway, PathwayEvent, Patient, Task, User
from hadcoord.vocabulary import PathwayState, PathwayStep, RequestKind, TaskStatus
from hadcoord.wording import labels
from hadcoord.wording.grammar import for_, of, to

COORDINATOR = "Infirmière de coordination (IUCT-O)"
# Tasks to finish before the patient goes home: due the day before the first discharge.
BEFORE_DISCHARGE = ("training", "pump", "inform_first_recourse", "care_plan_handover")


class PathwayError(HadcoordError, ValueError):
    """The pathway cannot be created or changed as asked."""


def _task(kind: str, title: str, owner: str, due: dt.date, content: object = None, *,
          waits_for: RequestKind | None = None) -> Task:
    text = json.dumps(content, ensure_ascii=False) if content is not None else ""
    return Task(kind=kind, title=title, owner=owner, due_date=due, content=text,
                waits_for=waits_for)


def tasks_for(option: Option, result: MatchResult, today: dt.date) -> list[Task]:
    """The tasks a chosen option implies, with owner and due date."""
    week = today + dt.timedelta(days=7)
    tasks: list[Task] = []
    if option.kind == OptionKind.DEROGATION and option.ars_request is not None:
        tasks.append(_task("derogation_request", "Demande de dérogation à l'ARS "
                           f"{for_(option.name)}", COORDINATOR, today + dt.timedelta(days=1),
                           asdict(option.ars_request)))
    if option.kind in (OptionKind.HAD, OptionKind.DEROGATION):
        # Issue 14: after a derogation the admission waits for the ARS's answer; its due date
        # becomes the day after the answer (record_answer), never the day of the request.
        waits = RequestKind.DEROGATION if option.kind == OptionKind.DEROGATION else None
        after = " (après accord de l'ARS)" if waits else ""
        tasks.append(_task("had_request", f"Demande d'admission {to(option.name)}{after}",
                           COORDINATOR, today + dt.timedelta(days=1), waits_for=waits))
    if option.kind == OptionKind.CONVENTION and option.convention is not None:
        tasks.append(_task("convention_draft", "Projet de convention à faire valider par l'ARS",
                           COORDINATOR, today + dt.timedelta(days=2), asdict(option.convention)))
        tasks.append(_task("training", "Former les infirmiers libéraux et le prestataire au "
                           "blinatumomab et à la pompe", COORDINATOR, week))
        tasks.append(_task("pump", "Pompe Micrel Mini Rythmic NP+ fournie par le prestataire",
                           "Prestataire de santé à domicile", week))
    readiness = option.readiness
    if readiness is not None and readiness.training != Training.NOT_NEEDED:
        tasks.append(_task("training", f"Former l'équipe {of(option.name)} : "
                           f"{readiness.training_reason}", COORDINATOR, week))
    if readiness is not None and readiness.pump == PumpReadiness.TO_PROVIDE:
        tasks.append(_task("pump", f"Pompe {for_(option.name)} : {readiness.pump_reason}",
                           option.name, week))
    if result.first_recourse is not None:
        tasks.append(_task("inform_first_recourse", "Informer le premier recours : "
                           f"{result.first_recourse.name}", COORDINATOR, week))
    tasks.append(_task("care_plan_handover", "Remettre le programme personnalisé de soins au "
                       "patient et à l'équipe à domicile", COORDINATOR, week))
    return tasks


def choose_option(session: Session, patient: Patient, result: MatchResult, index: int | None, *,
                  user: User, today: dt.date) -> Pathway:
    """Record the chosen option and create its tasks; the caller commits.

    Raises
    ------
    PathwayError
        No consent to home hospitalisation, a pathway already chosen, or no such option
        (``index`` None: none was chosen).
    """
    if not patient.consent_had:
        msg = ("le patient n'a pas consenti à l'hospitalisation à domicile : recueillez son "
               "consentement avant toute demande")
        raise PathwayError(msg)
    if patient.pathway is not None:
        msg = "un parcours a déjà été choisi pour ce patient"
        raise PathwayError(msg)
    if (result.status == MatchStatus.NOT_COVERED_BY_DATASET or index is None
            or not 0 <= index < len(result.options)):
        msg = "option inconnue : rechargez la page et choisissez une option proposée"
        raise PathwayError(msg)
    option = result.options[index]
    pathway = Pathway(
        patient=patient, coverage_status=result.status, option_kind=option.kind,
        had_establishment_id=option.establishment,
        covering_establishment_id=result.covering[0].id if result.covering else None,
        distance_km=option.distance_km,
        first_recourse=result.first_recourse.name if result.first_recourse else "")
    pathway.tasks = tasks_for(option, result, today)
    session.add(pathway)
    session.flush()
    audit.record(session, user, "update", patient_id=patient.id, target="parcours",
                 detail=_choice(option))
    add_event(session, pathway, user, PathwayStep.OPTION_CHOSEN, PathwayState.OPTIONS_PROPOSED,
              option_name=option.name)
    return pathway


def add_event(session: Session, pathway: Pathway, user: User, step: PathwayStep,
              state: PathwayState, *, option_name: str, **details: Any) -> PathwayEvent:
    """Move the pathway to ``state`` and add the step to its timeline (who, when, why)."""
    pathway.state = state
    event = PathwayEvent(user_id=user.id, actor=user.email, step=step, state=state,
                         option_kind=pathway.option_kind,
                         had_establishment_id=pathway.had_establishment_id,
                         option_name=option_name, **details)
    pathway.events.append(event)
    session.flush()
    return event


def _choice(option: Option) -> str:
    """« option choisie : Dérogation ARS — HAD du CH d'Albi » (names, not identifiers)."""
    kind = labels.OPTION_KIND[option.kind]
    return f"option choisie : {kind} — {option.name}" if option.establishment else (
        f"option choisie : {kind}")


def set_task_status(session: Session, task: Task, done: bool, user: User) -> None:
    """Mark a task done or to do again (audited on the patient's record)."""
    task.status = TaskStatus.DONE if done else TaskStatus.TODO
    audit.record(session, user, "update", patient_id=task.pathway.patient_id, target="tâche",
                 detail=f"{task.title} : {labels.TASK_STATUS[task.status]}")


def align_due_dates(pathway: Pathway, first_discharge: dt.date, today: dt.date) -> None:
    """Tasks needed before going home become due the day before the first discharge."""
    due = max(today, first_discharge - dt.timedelta(days=1))
    for task in pathway.tasks:
        if task.kind in BEFORE_DISCHARGE and task.status != TaskStatus.DONE:
            task.due_date = due


def is_overdue(task: Task, day: dt.date) -> bool:
    """A task still to do whose due date is before ``day`` (« en retard »).

    A task waiting for an answer (``waits_for``) is not late: it is not due yet.
    """
    return task.status == TaskStatus.TODO and task.waits_for is None and task.due_date < day
