"""The coordinator's surveillance page: open alert episodes, acknowledged ones, last checks.

Acknowledging asks what was done and a note; the time to acknowledgement is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hadcoord.services import audit
from hadcoord.services.alerts import (
    ACK_ACTIONS,
    AcknowledgementError,
    acknowledge,
    episode_checks,
    open_alerts,
    open_counts,
    time_to_ack,
)
from hadcoord.services.check_records import (
    action_of,
    level_label,
    neuro_signs_of,
    reasons_of,
    record_action,
)
from hadcoord.store import Alert, DailyCheckRecord, Role
from hadcoord.web.access import allow
from hadcoord.web.db import db_session

blueprint = Blueprint("alerts", __name__, url_prefix="/surveillance")
RECENT = 50
ACKNOWLEDGED_SHOWN = 20


@blueprint.app_context_processor
def _counter() -> dict[str, object]:
    """``alert_counts()`` in every template: open red/orange alerts, coordinators only."""

    def alert_counts() -> dict[str, int] | None:
        if not current_user.is_authenticated or current_user.role != Role.COORDINATOR.value:
            return None
        return open_counts(db_session())

    return {"alert_counts": alert_counts}


def audit_alert_reads(alerts: Sequence[Alert], target: str) -> None:
    """One read event per patient whose alert is shown (the caller commits)."""
    session = db_session()
    for patient_id in sorted({a.patient_id for a in alerts}):
        audit.record(session, current_user.record, "read", patient_id=patient_id, target=target)


def duration_text(delay: dt.timedelta | None) -> str:
    """``12 min``, ``2 h 05`` (French), ``—`` when unknown."""
    if delay is None:
        return "—"
    minutes = max(0, int(delay.total_seconds() // 60))
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d}"


def alerts_context(errors: dict[int, dict[str, str]] | None = None) -> dict[str, object]:
    """What the alerts part of the surveillance page (and the dashboard) shows."""
    session = db_session()
    alerts = open_alerts(session)
    acknowledged = session.scalars(
        select(Alert).where(Alert.acknowledged_at.is_not(None))
        .options(selectinload(Alert.patient), selectinload(Alert.acknowledged_by))
        .order_by(Alert.acknowledged_at.desc()).limit(ACKNOWLEDGED_SHOWN)).all()
    return {"alerts": alerts, "acknowledged": acknowledged,
            "episodes": episode_checks(session, [a.id for a in alerts]),
            "ack_actions": ACK_ACTIONS, "ack_errors": errors or {},
            "time_to_ack": time_to_ack, "duration_text": duration_text,
            "level_label": level_label, "action_of": action_of, "reasons_of": reasons_of,
            "record_action": record_action, "neuro_signs_of": neuro_signs_of}


def _render(errors: dict[int, dict[str, str]] | None = None) -> str:
    session = db_session()
    context = alerts_context(errors)
    recent = session.scalars(
        select(DailyCheckRecord).options(selectinload(DailyCheckRecord.patient))
        .order_by(DailyCheckRecord.recorded_at.desc(), DailyCheckRecord.id.desc())
        .limit(RECENT)).all()
    alerts = context["alerts"]
    assert isinstance(alerts, list | tuple)
    for patient_id in sorted({a.patient_id for a in alerts} | {r.patient_id for r in recent}):
        audit.record(session, current_user.record, "read", patient_id=patient_id,
                     target="surveillance (vue d'ensemble)")
    return render_template("checks/overview.html", recent=recent, **context)


@blueprint.get("/")
@allow(Role.COORDINATOR)
def index() -> str:
    """Open alert episodes, worst then oldest first, and the latest checks (reads audited)."""
    return _render()


@blueprint.post("/alertes/<int:alert_id>/acquitter")
@allow(Role.COORDINATOR)
def acknowledge_alert(alert_id: int) -> ResponseReturnValue:
    """Acknowledge an alert with what was done and a note (audited); twice changes nothing."""
    session = db_session()
    alert = session.get(Alert, alert_id)
    if alert is None:
        abort(404, "Cette alerte n'existe pas.")
    try:
        done = acknowledge(session, alert, current_user.record,
                           action=request.form.get("action") or "",
                           note=request.form.get("note", ""))
    except AcknowledgementError as error:  # checked before anything is written
        flash("Rien n'a été enregistré : l'acquittement est incomplet.", "error")
        return _render({alert_id: {error.field: str(error)}}), 422
    if done:
        flash(f"Alerte acquittée ({alert.patient.reference}) en "
              f"{duration_text(time_to_ack(alert))}.", "info")
    else:
        flash("Cette alerte était déjà acquittée.", "info")
    return redirect(request.form.get("next") or url_for("alerts.index"))
