"""The coordinator's surveillance page: open alerts (acknowledge) and the latest checks."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hadcoord.services import audit
from hadcoord.services.alerts import acknowledge, open_alerts
from hadcoord.services.check_records import action_of, level_label, reasons_of
from hadcoord.store import Alert, DailyCheckRecord, Role
from hadcoord.web.access import allow
from hadcoord.web.db import db_session

blueprint = Blueprint("alerts", __name__, url_prefix="/surveillance")
RECENT = 50


@blueprint.get("/")
@allow(Role.COORDINATOR)
def index() -> str:
    """Open red/orange alerts, most urgent first, and the latest checks (reads audited)."""
    session = db_session()
    alerts = open_alerts(session)
    recent = session.scalars(
        select(DailyCheckRecord).options(selectinload(DailyCheckRecord.patient))
        .order_by(DailyCheckRecord.recorded_at.desc(), DailyCheckRecord.id.desc())
        .limit(RECENT)).all()
    for patient_id in sorted({a.patient_id for a in alerts} | {r.patient_id for r in recent}):
        audit.record(session, current_user.record, "read", patient_id=patient_id,
                     target="surveillance (vue d'ensemble)")
    return render_template("checks/overview.html", alerts=alerts, recent=recent,
                           level_label=level_label, action_of=action_of, reasons_of=reasons_of)


@blueprint.post("/alertes/<int:alert_id>/acquitter")
@allow(Role.COORDINATOR)
def acknowledge_alert(alert_id: int) -> ResponseReturnValue:
    """Acknowledge an alert (audited); acknowledging twice changes nothing."""
    session = db_session()
    alert = session.get(Alert, alert_id)
    if alert is None:
        abort(404, "Cette alerte n'existe pas.")
    if acknowledge(session, alert, current_user.record):
        flash(f"Alerte acquittée ({alert.patient.reference}).", "info")
    else:
        flash("Cette alerte était déjà acquittée.", "info")
    return redirect(url_for("alerts.index"))
