"""Recording a daily home check: expected volume from the bag plan, grading, triage, alerts.

The grading and triage are the monitoring core's; this module only adds what needs the stored
pathway (the bag running at the time of the check) and writes the record, its audit event and,
for a red or orange check, its alert and notifications, all in the caller's transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.errors import HadcoordError
from hadcoord.monitoring import InvalidCheckError, TriageResult, parse_check, triage
from hadcoord.planning import Bag, Plan
from hadcoord.services import alerts, audit
from hadcoord.services.calendars import plan_or_refusal, protocol_of
from hadcoord.services.check_records import record_values
from hadcoord.store import DailyCheckRecord, Patient, User
from hadcoord.wording import labels

# Fields the server fills in: the author is the logged-in user; the expected volume, the
# prescribed rate and the bag's prepared volume come from the bag plan (issues 7 and 12),
# never from the client.
FROM_PLAN = "calculé par le serveur à partir du plan de poches : ne pas l'envoyer"
SERVER_FIELDS = {"recorded_by": "l'auteur du relevé est l'utilisateur connecté",
                 "pump.expected_volume_left_ml": FROM_PLAN,
                 "pump.prescribed_rate_ml_h": FROM_PLAN,
                 "pump.bag_volume_ml": FROM_PLAN,
                 "spo2_scale": "l'échelle SpO2 du score NEWS2 est fixée dans le dossier du "
                               "patient (sur prescription) : ne pas l'envoyer"}
FUTURE_SLACK = dt.timedelta(minutes=5)
MAX_AGE = dt.timedelta(hours=48)  # a check entered later than this is refused (local choice)


class DuplicateCheckError(HadcoordError, ValueError):
    """The same form (or Idempotency-Key) was already recorded as check ``check_id``."""

    def __init__(self, message: str, check_id: int) -> None:
        super().__init__(message)
        self.check_id = check_id


@dataclass(frozen=True, slots=True)
class RecordedCheck:
    """The stored check and the triage that graded it."""

    record: DailyCheckRecord
    result: TriageResult


def bag_running(plan: Plan | None, at: dt.datetime) -> Bag:
    """The bag the plan has running at ``at``.

    Raises
    ------
    InvalidCheckError
        No calendar, or no bag running at that time according to the plan.
    """
    if plan is None:
        msg = "le calendrier de traitement de ce patient n'est pas planifié : pas de poche attendue"
        raise InvalidCheckError(msg)
    for bag in plan.bags:
        if bag.start <= at < bag.end:
            return bag
    msg = (f"aucune poche n'est en cours le {clock.to_local(at):%d/%m/%Y à %H:%M} selon le "
           "calendrier du patient : vérifiez la date et l'heure du relevé")
    raise InvalidCheckError(msg, field="recorded_at")


def expected_volume_left(plan: Plan | None, at: dt.datetime, *,
                         priming_ml: float = 0.0) -> float:
    """Volume (mL) the bag running at ``at`` should still hold (issue 12).

    The volume prepared in the bag (the plan: rate × (hours + overfill hours), thesis: 1- to
    3-day bags are filled for 4 extra hours) minus the volume used to prime the line
    ([monitoring] ``priming_volume_ml``) minus rate × hours run; never below 0.

    Raises
    ------
    InvalidCheckError
        No calendar, or no bag running at that time according to the plan.
    """
    bag = bag_running(plan, at)
    hours_run = (at - bag.start).total_seconds() / 3600
    return round(max(0.0, bag.ml - priming_ml - bag.rate_ml_per_h * hours_run), 1)


@dataclass(frozen=True)
class ExpectedBag:
    """The bag the plan has running at a time, and the volume it should still hold."""

    bag: Bag
    volume_left_ml: float
    at: dt.datetime


def expected_bag(plan: Plan | None, at: dt.datetime, *,
                 priming_ml: float = 0.0) -> ExpectedBag | None:
    """The bag running at ``at`` and its expected volume left; None when the plan has none."""
    try:
        bag = bag_running(plan, at)
    except InvalidCheckError:
        return None
    return ExpectedBag(bag, expected_volume_left(plan, at, priming_ml=priming_ml), at)


def check_time(document: dict[str, Any], now: dt.datetime) -> dt.datetime:
    """The time of the check (``recorded_at``, Paris time if naive; default ``now``).

    Raises
    ------
    InvalidCheckError
        Not ISO 8601, in the future, or more than 48 h ago.
    """
    raw = document.get("recorded_at")
    if raw is None:
        return now
    try:
        at = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        msg = ("champ « recorded_at » : date et heure attendues au format ISO 8601 "
               "(2025-03-14T09:30)")
        raise InvalidCheckError(msg, field="recorded_at") from None
    at = at if at.tzinfo else at.replace(tzinfo=clock.zone())
    if at > now + FUTURE_SLACK:
        msg = "champ « recorded_at » : l'heure du relevé est dans le futur"
        raise InvalidCheckError(msg, field="recorded_at")
    if at < now - MAX_AGE:
        msg = "champ « recorded_at » : relevé de plus de 48 heures, à saisir dans le dossier papier"
        raise InvalidCheckError(msg, field="recorded_at")
    return at


def _reject_server_fields(document: dict[str, Any]) -> None:
    pump = document.get("pump")
    present = {name: name in document for name in ("recorded_by", "spo2_scale")}
    for field in SERVER_FIELDS:
        if field.startswith("pump."):
            present[field] = isinstance(pump, dict) and field.removeprefix("pump.") in pump
    for field, text in SERVER_FIELDS.items():
        if present[field]:
            msg = f"champ « {field} » : {text}"
            raise InvalidCheckError(msg, field=field)


def _with_plan(document: dict[str, Any], bag: Bag | None, expected: float,
               spo2_scale: int = 1) -> dict[str, Any]:
    """The document with what the plan says of the bag running (placeholders without one)."""
    filled = copy.deepcopy(document)
    filled["spo2_scale"] = spo2_scale
    if isinstance(filled.get("pump"), dict):
        filled["pump"]["expected_volume_left_ml"] = expected
        if bag is not None:
            filled["pump"]["prescribed_rate_ml_h"] = bag.rate_ml_per_h
            filled["pump"]["bag_volume_ml"] = bag.ml
    return filled


def scoped_key(key: str, user: User, patient: Patient) -> str:
    """The stored form of an idempotency key: scoped to (user, patient), 64 hex characters.

    ASVS 4.2.1: a key another nurse used for another patient is another key, so a repeated key
    never returns someone else's record (issue 11).
    """
    raw = f"{user.id}\x1f{patient.id}\x1f{key}".encode()
    return hashlib.sha256(raw).hexdigest()


def _refuse_duplicate(session: Session, submission_key: str | None) -> None:
    if not submission_key:
        return
    existing = session.scalar(select(DailyCheckRecord.id).where(
        DailyCheckRecord.submission_key == submission_key))
    if existing is not None:
        msg = "ce relevé a déjà été enregistré : aucun doublon n'a été créé"
        raise DuplicateCheckError(msg, existing)


def record_check(session: Session, patient: Patient, document: object, user: User,
                 settings: Settings, *, now: dt.datetime,
                 submission_key: str | None = None) -> RecordedCheck:
    """Validate, grade and store one check; the caller commits.

    The record is written in a savepoint of the caller's transaction: on error nothing of the
    check is written and the caller's own pending changes are left as they were.

    Raises
    ------
    InvalidCheckError
        Bad input (``field`` names it; more left than the bag's prepared volume included), or
        no bag running.
    DuplicateCheckError
        ``submission_key`` was already recorded.
    """
    submission_key = scoped_key(submission_key, user, patient) if submission_key else None
    _refuse_duplicate(session, submission_key)
    if not isinstance(document, dict):
        parse_check(document)  # raises the schema's error ("doit être un objet JSON")
        raise AssertionError  # pragma: no cover - parse_check refused it
    _reject_server_fields(document)
    parse_check(_with_plan(document, None, 0.0))  # schema errors first, before the plan
    at = check_time(document, now)
    plan, _refusal = plan_or_refusal(patient.pathway, protocol_of(settings.protocol))
    bag = bag_running(plan, at)
    expected = expected_volume_left(plan, at, priming_ml=settings.monitoring.priming_volume_ml)
    check = parse_check(_with_plan(document, bag, expected, patient.spo2_scale or 1))
    # Issue 12: ICE items missing no longer stop the record: a red check is stored and alerts
    # at once; the result asks for the ICE items (``result.ask_ice_items``).
    result = triage(check, settings.monitoring)
    record = DailyCheckRecord(
        patient_id=patient.id, recorded_by_id=user.id, recorded_by=user.email,
        recorded_at=at, check_day=clock.to_local(at).date(),
        submission_key=submission_key, **record_values(check, result))
    try:
        with session.begin_nested():  # on error, the caller's own changes stay as they were
            session.add(record)
            session.flush()
    except IntegrityError:  # the same form, committed by a concurrent request meanwhile
        _refuse_duplicate(session, submission_key)
        raise
    audit.record(session, user, "create", patient_id=patient.id, target="relevé quotidien",
                 detail=f"relevé n° {record.id} : triage {labels.TRIAGE_LEVEL[result.level]}")
    alerts.raise_for_check(session, patient, record, settings)
    return RecordedCheck(record, result)


def checks_of(session: Session, patient_id: int, limit: int = 60) -> Sequence[DailyCheckRecord]:
    """The patient's latest checks, newest first (the caller audits the read)."""
    return session.scalars(
        select(DailyCheckRecord).where(DailyCheckRecord.patient_id == patient_id)
        .order_by(DailyCheckRecord.recorded_at.desc(), DailyCheckRecord.id.desc())
        .limit(limit)).all()


LEVEL_RANK = {"red": 2, "orange": 1, "green": 0}


@dataclass(frozen=True, slots=True)
class DaySummary:
    """A patient's checks of one day: the worst (earliest among equals), the latest, how many.

    Issue 12: the latest is by ``recorded_at``, not by entry: a back-dated 05:00 green entered
    last does not hide the red checks of 11:00 to 15:20.
    """

    worst: DailyCheckRecord
    latest: DailyCheckRecord
    count: int


def day_summaries(session: Session, patient_ids: Sequence[int],
                  day: dt.date) -> dict[int, DaySummary]:
    """The day's summary of each patient with at least one check that day (one query)."""
    found: dict[int, list[DailyCheckRecord]] = {}
    if patient_ids:
        for record in session.scalars(select(DailyCheckRecord).where(
                DailyCheckRecord.check_day == day,
                DailyCheckRecord.patient_id.in_(list(patient_ids)))):
            found.setdefault(record.patient_id, []).append(record)
    return {patient_id: DaySummary(
        worst=min(records, key=lambda r: (-LEVEL_RANK.get(r.triage, 0), r.recorded_at, r.id)),
        latest=max(records, key=lambda r: (r.recorded_at, r.id)), count=len(records))
        for patient_id, records in found.items()}
