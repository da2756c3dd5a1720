"""Alerts: a red/orange check or a missing check, who is told, and acknowledgement.

E-mails carry the patient's pseudonymous reference and the level only (health data stays in
the application); the in-app notification carries the name and the reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, selectinload

from hadcoord import clock
from hadcoord.clock import utc_now
from hadcoord.config import Settings
from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.errors import HadcoordError
from hadcoord.monitoring.levels import TriageLevel
from hadcoord.services import audit
from hadcoord.services.call_numbers import (
    numbers_of,
    numbers_text,
    on_call_email,
    red_call_numbers,
)
from hadcoord.services.check_records import level_label, reasons_of, record_action
from hadcoord.services.directory import directory
from hadcoord.services.notifications import (
    EMAIL,
    IN_APP,
    Draft,
    active_users,
    both_channels,
    insert_ignoring_duplicates,
    queue,
    to_address,
)
from hadcoord.store import Alert, DailyCheckRecord, Patient, Role, User
from hadcoord.vocabulary import AlertKind

SYSTEM_ACTOR = "planificateur"
LINK_HINT = "Détails dans hadcoord (Surveillance) : connectez-vous pour les voir."
ON_CALL_EMAIL_TO_FILL = "e-mail de l'astreinte à renseigner"


@dataclass(frozen=True, slots=True)
class NewAlert:
    """An alert to raise (inserted once: ``dedup_key`` is unique)."""

    patient: Patient
    kind: AlertKind
    level: TriageLevel
    message: str
    dedup_key: str
    check_id: int | None = None


def _who(patient: Patient) -> str:
    return f"{patient.last_name} {patient.first_name} ({patient.reference})"


def raise_alerts(session: Session, new: Sequence[NewAlert]) -> dict[str, int]:
    """Insert the alerts not raised yet; the id of every alert, by dedup key."""
    rows = [{"patient_id": a.patient.id, "check_id": a.check_id, "kind": a.kind,
             "level": a.level, "message": a.message, "dedup_key": a.dedup_key,
             "created_at": utc_now()} for a in new]
    insert_ignoring_duplicates(session, Alert.__table__, rows, Alert.__table__.c.id)
    keys = [a.dedup_key for a in new]
    found = session.execute(select(Alert.dedup_key, Alert.id).where(Alert.dedup_key.in_(keys)))
    return dict(found.all())


def had_nurses(session: Session, patient: Patient) -> Sequence[User]:
    """The nurses of the HAD that takes care of the patient (none without a pathway)."""
    had = patient.pathway.had_establishment_id if patient.pathway else None
    return active_users(session, Role.HAD_NURSE, had) if had else []


RANK = {TriageLevel.RED: 2, TriageLevel.ORANGE: 1}


def open_check_alert(session: Session, patient_id: int) -> Alert | None:
    """The patient's open check alert (the episode new abnormal checks attach to)."""
    return session.scalars(
        select(Alert).where(Alert.patient_id == patient_id, Alert.kind == AlertKind.CHECK,
                            Alert.acknowledged_at.is_(None))
        .order_by(Alert.id.desc()).limit(1)).first()


def _check_message(record: DailyCheckRecord) -> str:
    label = level_label(record.triage)
    first = reasons_of(record)[0].message if reasons_of(record) else ""
    return f"Relevé {label} : {first}"


def _attach(episode: Alert, record: DailyCheckRecord) -> bool:
    """Attach the check to the open episode; True when it raised the episode's level."""
    record.alert_id = episode.id
    episode.checks_count += 1
    episode.last_check_at = record.recorded_at
    if RANK[record.triage] <= RANK.get(episode.level, 0):
        return False
    episode.level, episode.message = record.triage, _check_message(record)
    episode.raised_at = utc_now()
    return True


def _open_episode(session: Session, patient: Patient, record: DailyCheckRecord) -> int | None:
    """Open a new episode for the check; None when the unique index kept another one open."""
    key = f"check:{record.id}"
    alert_id = raise_alerts(session, [NewAlert(patient, AlertKind.CHECK, record.triage,
                                               _check_message(record), key,
                                               record.id)]).get(key)
    if alert_id is None:
        return None
    session.execute(update(Alert).where(Alert.id == alert_id).values(
        last_check_at=record.recorded_at,
        raised_at=utc_now() if record.triage == TriageLevel.RED else None))
    record.alert_id = alert_id
    return alert_id


def raise_for_check(session: Session, patient: Patient, record: DailyCheckRecord,
                    settings: Settings) -> int | None:
    """Open (or extend) the patient's alert episode for a red or orange check.

    One open alert per patient episode (issue 12): a new abnormal check attaches to the open
    alert, and raises it when worse (orange → red: notified again, escalation clock reset).
    A red alert tells coordinators and the HAD at once (e-mail + app); orange: the app.
    Returns the alert id (None for a green check).
    """
    if record.triage not in RANK:
        return None
    episode = open_check_alert(session, patient.id)
    alert_id = _open_episode(session, patient, record) if episode is None else None
    if episode is None and alert_id is None:  # another check opened it at the same moment
        episode = open_check_alert(session, patient.id)
    if episode is not None:
        if not _attach(episode, record):
            return episode.id
        alert_id = episode.id
    assert alert_id is not None
    _notify_check(session, patient, record, alert_id, settings)
    return alert_id


def _notify_check(session: Session, patient: Patient, record: DailyCheckRecord,
                  alert_id: int, settings: Settings) -> None:
    label = level_label(record.triage)
    reasons = "\n".join(f"- {r.message}" for r in reasons_of(record))
    key = f"check:{record.id}"
    subject = f"Relevé {label} — patient {patient.reference}"
    comment = f"\nCommentaire de l'infirmier(ère) : {record.free_text}" if record.free_text else ""
    at = clock.to_local(record.recorded_at)
    app_body = (f"{_who(patient)}, relevé du {at:%d/%m/%Y à %H:%M} (heure de Paris) par "
                f"{record.recorded_by}.\nConduite à tenir : {record_action(record)}.\n"
                f"{reasons}{comment}")
    numbers = numbers_text(numbers_of(session, [patient], settings)[patient.id])
    mail_body = (f"Relevé quotidien {label} pour le patient {patient.reference}.\n"
                 f"Conduite à tenir : {record_action(record)}.\n{numbers}\n{LINK_HINT}")
    drafts: list[Draft] = []
    coordinators = active_users(session, Role.COORDINATOR)
    if record.triage == TriageLevel.RED:
        for user in [*coordinators, *had_nurses(session, patient)]:
            drafts.append(Draft(user, EMAIL, subject, mail_body, key, alert_id))
            drafts.append(Draft(user, IN_APP, subject, app_body, key, alert_id))
    else:
        drafts.extend(Draft(user, IN_APP, subject, app_body, key, alert_id)
                      for user in coordinators)
    # Queued whatever this process's [smtp] says: only the scheduler sends (issue 16); unsent
    # e-mails show as late to the admin and the coordinators.
    queue(session, drafts, email_enabled=True)


def raise_missing_checks(session: Session, patients: Sequence[Patient], day: dt.date,
                         settings: Settings) -> int:
    """A missing check alerts the patient's HAD and the coordinators; new notifications."""
    level = TriageLevel(settings.jobs.missing_check_level)
    new = [NewAlert(p, AlertKind.MISSING_CHECK, level,
                    f"Aucun relevé quotidien le {day:%d/%m/%Y} pour un patient à domicile",
                    f"missing_check:{day.isoformat()}:patient{p.id}") for p in patients]
    ids = raise_alerts(session, new)
    coordinators = active_users(session, Role.COORDINATOR)
    nurses: dict[str | None, Sequence[User]] = {}  # one query per HAD, not per patient
    drafts: list[Draft] = []
    numbers = numbers_of(session, [alert.patient for alert in new], settings)
    for alert in new:
        patient = alert.patient
        had = patient.pathway.had_establishment_id if patient.pathway else None
        if had not in nurses:
            nurses[had] = had_nurses(session, patient)
        subject = f"Relevé quotidien manquant — patient {patient.reference}"
        body = (f"Aucun relevé quotidien n'a été saisi le {day:%d/%m/%Y} pour le patient "
                f"{patient.reference}, à domicile ce jour.\nL'HAD doit joindre le patient ce "
                f"soir.\n{numbers_text(numbers[patient.id])}\n{LINK_HINT}")
        for user in [*nurses[had], *coordinators]:
            drafts.extend(both_channels(user, subject, body, alert.dedup_key,
                                        ids[alert.dedup_key]))
    return queue(session, drafts, email_enabled=settings.smtp.enabled)


def open_alerts(session: Session, patient_ids: Sequence[int] | None = None) -> Sequence[Alert]:
    """Alerts not acknowledged yet: the worst first (red, then orange), then the oldest."""
    rank = case((Alert.level == TriageLevel.RED, 0), else_=1)
    query = (select(Alert).where(Alert.acknowledged_at.is_(None))
             .options(selectinload(Alert.patient)).order_by(rank, Alert.created_at, Alert.id))
    if patient_ids is not None:
        query = query.where(Alert.patient_id.in_(patient_ids))
    return session.scalars(query).all()


def open_counts(session: Session) -> dict[str, int]:
    """Open alerts by level (``{"red": 2, "orange": 1}``), for the navigation counter."""
    rows = session.execute(select(Alert.level, func.count()).where(
        Alert.acknowledged_at.is_(None)).group_by(Alert.level))
    counts = {"red": 0, "orange": 0}
    counts.update({level: int(number) for level, number in rows.all()})
    return counts


def episode_checks(session: Session, alert_ids: Sequence[int]) -> dict[int, list[DailyCheckRecord]]:
    """The checks attached to each alert episode, oldest first."""
    found: dict[int, list[DailyCheckRecord]] = {alert_id: [] for alert_id in alert_ids}
    if not alert_ids:
        return found
    for record in session.scalars(select(DailyCheckRecord).where(
            DailyCheckRecord.alert_id.in_(alert_ids)).order_by(DailyCheckRecord.recorded_at,
                                                               DailyCheckRecord.id)):
        found[record.alert_id or 0].append(record)
    return found


# What the coordinator did, asked on acknowledgement (issue 12).
ACK_ACTIONS = {
    "called_patient": "appel du patient",
    "first_recourse": "orienté vers le 1er recours",
    "haematologist": "hématologue prévenu",
    "false_alarm": "fausse alerte",
    "other": "autre",
}
ACK_NOTE_MAX = 2000


class AcknowledgementError(HadcoordError, ValueError):
    """The acknowledgement form is incomplete; ``field`` names the field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_acknowledgement(action: str | None, note: str | None) -> tuple[str, str]:
    """The validated (action, note) of an acknowledgement.

    Raises
    ------
    AcknowledgementError
        No or unknown action, « autre » without a note, or a note too long.
    """
    text = (note or "").strip()
    if action not in ACK_ACTIONS:
        choices = ", ".join(f"« {label} »" for label in ACK_ACTIONS.values())
        msg = f"Indiquez ce qui a été fait : {choices}."
        raise AcknowledgementError(msg, "action")
    if action == "other" and not text:
        raise AcknowledgementError("Précisez dans la note ce qui a été fait.", "note")
    if len(text) > ACK_NOTE_MAX:
        msg = f"Note trop longue ({ACK_NOTE_MAX} caractères au plus)."
        raise AcknowledgementError(msg, "note")
    return action, text


def time_to_ack(alert: Alert) -> dt.timedelta | None:
    """From the alert (or its raise to red) to its acknowledgement; None while open."""
    if alert.acknowledged_at is None:
        return None
    return alert.acknowledged_at - (alert.raised_at or alert.created_at)


def acknowledge(session: Session, alert: Alert, user: User, *, action: str = "other",
                note: str = "", now: dt.datetime | None = None) -> bool:
    """Acknowledge an open alert with what was done (audited); False if it already was.

    ``action`` and ``note`` are checked with `check_acknowledgement` first. The caller commits.
    """
    action, note = check_acknowledgement(action, note)
    result = session.execute(
        update(Alert).where(Alert.id == alert.id, Alert.acknowledged_at.is_(None))
        .values(acknowledged_at=now or utc_now(), acknowledged_by_id=user.id,
                ack_action=action, ack_note=note))
    if not getattr(result, "rowcount", 0):
        return False
    session.refresh(alert)
    delay = time_to_ack(alert)
    minutes = int(delay.total_seconds() // 60) if delay is not None else 0
    audit.record(session, user, "update", patient_id=alert.patient_id, target="alerte",
                 detail=f"alerte n° {alert.id} ({level_label(alert.level)}) acquittée : "
                        f"{ACK_ACTIONS[action]} ; délai {minutes} min")
    return True


def escalation_due(session: Session, now: dt.datetime, delay: dt.timedelta) -> Sequence[Alert]:
    """Red alerts still open ``delay`` after they were raised to red, not escalated yet."""
    since = func.coalesce(Alert.raised_at, Alert.created_at)
    return session.scalars(
        select(Alert).where(Alert.level == TriageLevel.RED, Alert.acknowledged_at.is_(None),
                            Alert.escalated_at.is_(None), since <= now - delay)
        .options(selectinload(Alert.patient)).order_by(Alert.id)).all()


def _claim(session: Session, due: Sequence[Alert], now: dt.datetime) -> list[Alert]:
    """The due alerts this run escalates: one conditional UPDATE (escalated_at NULL → now).

    Another scheduler that claimed an alert first left its own time: that alert is not ours.
    The notifications' unique dedup keys ("escalation:alert<id>:…") are the second guard.
    """
    ids = [alert.id for alert in due]
    if not ids:
        return []
    session.execute(update(Alert).where(Alert.id.in_(ids), Alert.escalated_at.is_(None))
                    .values(escalated_at=now).execution_options(synchronize_session=False))
    mine = set(session.scalars(select(Alert.id).where(Alert.id.in_(ids),
                                                      Alert.escalated_at == now)))
    return [alert for alert in due if alert.id in mine]


def escalate(session: Session, now: dt.datetime, settings: Settings) -> int:
    """Escalate every red alert unacknowledged after the delay, exactly once; notifications.

    Each alert is claimed by a conditional UPDATE (escalated_at NULL → now): two schedulers
    cannot both escalate it. The coordinators (e-mail + app) are told, naming the haematology
    on-call contact to call — its number from the contact directory (the address of
    [monitoring] when the directory has none), else « à renseigner », never an invented
    number — and the patient's « Numéros à appeler » (HAD day and night, first recourse).
    The on-call contact is e-mailed too at its directory address (else that of
    [monitoring]); without one, the coordinators read « e-mail de l'astreinte à renseigner ».
    Audited once per alert, naming whom the e-mails went to.
    """
    monitoring = settings.monitoring
    delay = dt.timedelta(minutes=monitoring.escalation_delay_minutes)
    due = escalation_due(session, now, delay)
    coordinators = active_users(session, Role.COORDINATOR)
    contacts = directory(session, settings.reference.territories_dir)
    contact = red_call_numbers(contacts, "", monitoring).on_call_number
    address = on_call_email(contacts, monitoring)
    drafts: list[Draft] = []
    claimed = _claim(session, due, now)
    numbers = numbers_of(session, [alert.patient for alert in claimed], settings)
    for alert in claimed:
        patient = alert.patient
        key = f"escalation:alert{alert.id}"
        subject = f"ESCALADE : alerte ROUGE non acquittée — patient {patient.reference}"
        body = (f"L'alerte ROUGE n° {alert.id} du patient {patient.reference} n'est pas "
                f"acquittée après {monitoring.escalation_delay_minutes} min.\n"
                f"Prévenir l'{monitoring.haematology_on_call_label} ({contact}) et acquitter "
                f"l'alerte en indiquant ce qui a été fait.\n"
                + ("" if address else f"{ON_CALL_EMAIL_TO_FILL}.\n")
                + f"{numbers_text(numbers[patient.id])}\n{LINK_HINT}")
        for user in coordinators:
            drafts.extend(both_channels(user, subject, body, key, alert.id))
        if address:
            drafts.append(to_address(address, subject, _on_call_body(alert, monitoring), key,
                                     alert.id))
        emailed = (f"courriel à l'astreinte : {address}" if address
                   else ON_CALL_EMAIL_TO_FILL)
        audit.record(session, None, "update", actor=SYSTEM_ACTOR, patient_id=patient.id,
                     target="alerte", detail=f"alerte n° {alert.id} (rouge) escaladée : "
                     f"{monitoring.haematology_on_call_label} ({contact}), "
                     f"{len(coordinators)} coordinateur(s), {emailed}")
    return queue(session, drafts, email_enabled=settings.smtp.enabled)


def _on_call_body(alert: Alert, monitoring: MonitoringSettings) -> str:
    """The escalation e-mail to the on-call contact (who has no account: no link)."""
    return (f"L'alerte ROUGE n° {alert.id} du patient {alert.patient.reference} n'est pas "
            f"acquittée par la coordination HAD après {monitoring.escalation_delay_minutes} "
            f"min.\nCe courriel est adressé à l'{monitoring.haematology_on_call_label} ; les "
            "coordinateurs HAD sont prévenus en même temps et doivent vous appeler.\n")
