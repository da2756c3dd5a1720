"""The coordinator's dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Blueprint, render_template, request

from hadcoord import clock
from hadcoord.services.dashboard import day_overview
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.alerts import alerts_context, audit_alert_reads
from hadcoord.web.context import protocol
from hadcoord.web.db import db_session

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/tableau-de-bord")
@allow(Role.COORDINATOR)
def index() -> str:
    """Open alerts first, then the day's movements, patients at home and tasks (``?jour=``)."""
    try:
        day = dt.date.fromisoformat(request.args.get("jour", "")) if request.args.get(
            "jour") else clock.today()
    except ValueError:
        day = clock.today()
    session = db_session()
    overview = day_overview(session, day, protocol())
    context = alerts_context()  # the open alerts come first (issue 12)
    alerts = context["alerts"]
    assert isinstance(alerts, Sequence)
    audit_alert_reads(alerts, "tableau de bord (alertes ouvertes)")
    return render_template("dashboard.html", overview=overview, **context)
