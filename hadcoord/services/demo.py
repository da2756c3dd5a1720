"""Synthetic demo data for `make run`: one account per role, one fictitious patient per status.

Everything here is made up and marked as such (``is_demo``, names « FICTIF »); it is only written
into an empty database, in demo mode.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from hadcoord.config import Settings
from hadcoord.coverage import MatchResult
from hadcoord.coverage.defaults import default_engine
from hadcoord.errors import ConfigError
from hadcoord.planning import PlanningError
from hadcoord.services import pathway_steps as steps
from hadcoord.services.accounts import create_user, set_password
from hadcoord.services.calendars import plan_for, protocol_of
from hadcoord.services.pathways import align_due_dates, choose_option
from hadcoord.services.patients import PatientInput, create_patient
from hadcoord.store import Pathway, PathwayEvent, Patient, Role, User
from hadcoord.vocabulary import Answer, CentralLine, RequestKind, TaskStatus

DEMO_DOMAIN = "demo.hadcoord.invalid"


@dataclass(frozen=True)
class DemoPatient:
    """A fictitious patient and when its treatment starts (days from today; None: not yet)."""

    last_name: str
    first_name: str
    commune_code: str
    indication: str
    weight_kg: float
    start_in_days: int | None
    change_days: str
    cycles: int
    # Issue 14: the details the home team needs, made up; no phone number (« à renseigner »).
    trusted: tuple[str, str] = ("", "")  # name, relation
    allergies: str = ""
    central_line: CentralLine | None = None


PATIENTS = (
    # Montauban: an authorised HAD; started 12 days ago, at home today.
    DemoPatient("FICTIF-HAD", "Alice", "82121", "rr", 64.0, -12, "mon-thu", 2,
                ("FICTIF-HAD Marc", "conjoint (fictif)"),
                "Pénicilline (fictif : donnée de démonstration)", CentralLine.PICC),
    # Rodez: the Aveyron HAD may not give chemotherapy → derogation for CH Albi.
    DemoPatient("FICTIF-DEROGATION", "Bruno", "12202", "mrd", 78.0, 5, "tue-fri", 1,
                ("FICTIF-DEROGATION Sophie", "fille (fictif)"),
                "Aucune allergie connue (fictif : donnée de démonstration)", CentralLine.PORT),
    # Laguiole (north Aveyron): no authorised HAD within reach → convention; under 45 kg.
    DemoPatient("FICTIF-CONVENTION", "Chantal", "12119", "rr", 43.0, None, "mon-thu", 1,
                ("FICTIF-CONVENTION Paul", "frère (fictif)"),
                "Iode (fictif : donnée de démonstration)", CentralLine.CVC),
)


@dataclass(frozen=True)
class DemoAccount:
    """A demo login to print on the console."""

    email: str
    role: str
    password: str


def database_is_empty(session: Session) -> bool:
    """Whether no account exists yet."""
    return (session.scalar(select(func.count()).select_from(User)) or 0) == 0


def real_patient_count(session: Session) -> int:
    """How many patients are not demo patients."""
    query = select(func.count()).select_from(Patient).where(Patient.is_demo.is_(False))
    return session.scalar(query) or 0


def refuse_real_patients(engine: Engine) -> None:
    """Demo mode must never run on real data.

    Raises
    ------
    ConfigError
        The database holds a patient that is not a demo patient.
    """
    if "patients" not in inspect(engine).get_table_names():
        return  # not migrated yet: nothing real in it
    with Session(engine) as session:
        count = real_patient_count(session)
    if count:
        msg = (f"mode démo refusé : la base contient {count} patient(s) réel(s) ; "
               "le mode démo ne s'utilise que sur une base de démonstration")
        raise ConfigError(msg)


def reset_demo_passwords(session: Session) -> list[DemoAccount]:
    """New random passwords for the demo accounts (and only them); the caller commits."""
    accounts = []
    demo_users = session.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"))
                                 .order_by(User.id)).all()
    for user in demo_users:
        password = secrets.token_urlsafe(12)
        set_password(session, user, password)
        accounts.append(DemoAccount(user.email, user.role, password))
    return accounts


def seed(session: Session, today: dt.date, settings: Settings) -> list[DemoAccount]:
    """Create the demo accounts and patients under ``settings``; the caller commits."""
    engine, protocol = default_engine(settings), protocol_of(settings.protocol)
    accounts = []
    users: dict[str, User] = {}
    for role in Role:
        password = secrets.token_urlsafe(12)
        email = f"{role.value.replace('_', '-')}@{DEMO_DOMAIN}"
        users[role.value] = create_user(session, email, role.value, password,
                                        "had-ch-montauban" if role == Role.HAD_NURSE else None)
        accounts.append(DemoAccount(email, role.value, password))
    coordinator = users[Role.COORDINATOR.value]
    for demo in PATIENTS:
        patient = create_patient(session, PatientInput(
            last_name=demo.last_name, first_name=demo.first_name,
            birth_date=dt.date(1962, 5, 14), sex="F" if demo.first_name != "Bruno" else "M",
            commune_code=demo.commune_code, phone="", gp_name="Dr Fictif",
            haematologist="Dr Exemple (IUCT-O)", indication=demo.indication,
            weight_kg=demo.weight_kg, consent_had=True, trusted_name=demo.trusted[0],
            trusted_relation=demo.trusted[1], allergies=demo.allergies,
            central_line=demo.central_line), coordinator, is_demo=True)
        result = engine.match(demo.commune_code, today)
        pathway = choose_option(session, patient, result, 0, user=coordinator, today=today)
        if demo.start_in_days is None:
            continue
        start = dt.datetime.combine(today + dt.timedelta(days=demo.start_in_days), dt.time(10))
        pathway.cycle1_start, pathway.change_days = start, demo.change_days
        pathway.cycles = demo.cycles
        try:
            plan = plan_for(pathway, protocol)
        except PlanningError:  # e.g. closures around the demo dates: leave it unplanned
            pathway.cycle1_start = None
            continue
        if plan is not None:
            align_due_dates(pathway, plan.stays[0].discharge.date(), today)
            if demo.start_in_days < 0:  # treatment under way: what preceded it was done
                for task in pathway.tasks:
                    task.status = TaskStatus.DONE
            _timeline(session, pathway, result, coordinator, today=today,
                      discharge=plan.stays[0].discharge.date())
    return accounts


def _dated(event: PathwayEvent, day: dt.date) -> None:
    """Put a demo step on the day it would have happened (10:00 UTC)."""
    event.at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _timeline(session: Session, pathway: Pathway, result: MatchResult, user: User, *,
              today: dt.date, discharge: dt.date) -> None:
    """The steps a demo pathway went through, so the demo shows a timeline (issue 14).

    The authorised-HAD patient went home after her admission was accepted; the derogation
    patient's ARS request was accepted yesterday, her admission request is still to send.
    """
    start = pathway.cycle1_start.date() if pathway.cycle1_start else today
    if steps.next_request(pathway) == RequestKind.HAD_ADMISSION and start < today:
        _dated(steps.send_request(session, pathway, RequestKind.HAD_ADMISSION, user),
               start - dt.timedelta(days=7))
        answer = steps.AnswerInput(Answer.ACCEPTED, start - dt.timedelta(days=5),
                                   note="Admission acceptée (démonstration).")
        _dated(steps.record_answer(session, pathway, answer, result=result, user=user,
                                   today=today), answer.day)
        _dated(steps.confirm_home_team(session, pathway, user), answer.day)
        _dated(steps.mark_at_home(session, pathway, user), min(discharge, today))
    elif steps.next_request(pathway) == RequestKind.DEROGATION:
        _dated(steps.send_request(session, pathway, RequestKind.DEROGATION, user),
               today - dt.timedelta(days=3))
        answer = steps.AnswerInput(Answer.ACCEPTED, today - dt.timedelta(days=1),
                                   note="Accord de l'ARS (démonstration).")
        _dated(steps.record_answer(session, pathway, answer, result=result, user=user,
                                   today=today), answer.day)
