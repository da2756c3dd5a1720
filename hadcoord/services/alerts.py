"""Alerts: a red/orange check or a missing check, who is told, and acknowledgement.

E-mails carry the patient's pseudonymous reference and the level only (health data stays in
the application); the in-app notification carries the name and the reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session, selectinload

from hadcoord import clock
from hadcoord.clock import utc_now
from hadcoord.config import Settings
from hadcoord.services import audit
from hadcoord.services.check_records import action_of, level_label, reasons_of
from hadcoord.services.notifications import (
    EMAIL,
    IN_APP,
    Draft,
    active_users,
    both_channels,
    insert_ignoring_duplicates,
    queue,
)
from hadcoord.store import Alert, DailyCheckRecord, Patient, Role, User

LINK_HINT = "Détails dans hadcoord (Surveillance) : connectez-vous pour les voir."


@dataclass(frozen=True, slots=True)
class NewAlert:
    """An alert to raise (inserted once: ``dedup_key`` is unique)."""

    patient: Patient
    kind: str
    level: str
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


def raise_for_check(session: Session, patient: Patient, record: DailyCheckRecord,
                    settings: Settings) -> int | None:
    """A red check alerts coordinators and the HAD at once (e-mail + app); orange: the app.

    Returns the alert id (None for a green check).
    """
    if record.triage not in ("red", "orange"):
        return None
    label = level_label(record.triage)
    reasons = "\n".join(f"- {r.message}" for r in reasons_of(record))
    message = f"Relevé {label} : {reasons_of(record)[0].message}"
    key = f"check:{record.id}"
    alert_id = raise_alerts(session, [NewAlert(patient, "check", record.triage, message, key,
                                               record.id)])[key]
    subject = f"[hadcoord] Relevé {label} — patient {patient.reference}"
    at = clock.to_local(record.recorded_at)
    app_body = (f"{_who(patient)}, relevé du {at:%d/%m/%Y à %H:%M} (heure de Paris) par "
                f"{record.recorded_by}.\nConduite à tenir : {action_of(record.triage)}.\n"
                f"{reasons}")
    mail_body = (f"Relevé quotidien {label} pour le patient {patient.reference}.\n"
                 f"Conduite à tenir : {action_of(record.triage)}.\n{LINK_HINT}")
    drafts: list[Draft] = []
    coordinators = active_users(session, Role.COORDINATOR)
    if record.triage == "red":
        for user in [*coordinators, *had_nurses(session, patient)]:
            drafts.append(Draft(user, EMAIL, subject, mail_body, key, alert_id))
            drafts.append(Draft(user, IN_APP, subject, app_body, key, alert_id))
    else:
        drafts.extend(Draft(user, IN_APP, subject, app_body, key, alert_id)
                      for user in coordinators)
    queue(session, drafts, email_enabled=settings.smtp.enabled)
    return alert_id


def raise_missing_checks(session: Session, patients: Sequence[Patient], day: dt.date,
                         settings: Settings) -> int:
    """A missing check alerts the patient's HAD and the coordinators; new notifications."""
    level = settings.jobs.missing_check_level
    new = [NewAlert(p, "missing_check", level,
                    f"Aucun relevé quotidien le {day:%d/%m/%Y} pour un patient à domicile",
                    f"missing_check:{day.isoformat()}:patient{p.id}") for p in patients]
    ids = raise_alerts(session, new)
    coordinators = active_users(session, Role.COORDINATOR)
    nurses: dict[str | None, Sequence[User]] = {}  # one query per HAD, not per patient
    drafts: list[Draft] = []
    for alert in new:
        patient = alert.patient
        had = patient.pathway.had_establishment_id if patient.pathway else None
        if had not in nurses:
            nurses[had] = had_nurses(session, patient)
        subject = f"[hadcoord] Relevé quotidien manquant — patient {patient.reference}"
        body = (f"Aucun relevé quotidien n'a été saisi le {day:%d/%m/%Y} pour le patient "
                f"{patient.reference}, à domicile ce jour.\nL'HAD doit joindre le patient ce "
                f"soir.\n{LINK_HINT}")
        for user in [*nurses[had], *coordinators]:
            drafts.extend(both_channels(user, subject, body, alert.dedup_key,
                                        ids[alert.dedup_key]))
    return queue(session, drafts, email_enabled=settings.smtp.enabled)


def open_alerts(session: Session, patient_ids: Sequence[int] | None = None) -> Sequence[Alert]:
    """Alerts not acknowledged yet: red first, then the oldest."""
    rank = case((Alert.level == "red", 0), else_=1)
    query = (select(Alert).where(Alert.acknowledged_at.is_(None))
             .options(selectinload(Alert.patient)).order_by(rank, Alert.created_at, Alert.id))
    if patient_ids is not None:
        query = query.where(Alert.patient_id.in_(patient_ids))
    return session.scalars(query).all()


def acknowledge(session: Session, alert: Alert, user: User) -> bool:
    """Acknowledge an open alert (audited); False if it already was. The caller commits."""
    result = session.execute(
        update(Alert).where(Alert.id == alert.id, Alert.acknowledged_at.is_(None))
        .values(acknowledged_at=utc_now(), acknowledged_by_id=user.id))
    if not getattr(result, "rowcount", 0):
        return False
    audit.record(session, user, "update", patient_id=alert.patient_id, target="alerte",
                 detail=f"alerte n° {alert.id} ({alert.level}) acquittée")
    return True
