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
from hadcoord.web.fields import DATE_FORMATS

blueprint = Blueprint("dashboard", __name__)


def _asked_day(raw: str) -> tuple[dt.date, str | None]:
    """The day asked by ``?jour=`` (AAAA-MM-JJ or JJ/MM/AAAA), else today and the error."""
    text = raw.strip()
    if not text:
        return clock.today(), None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    return clock.today(), (f"Date « {text[:20]} » non reconnue : saisissez-la sous la forme "
                           "JJ/MM/AAAA (ex. 14/12/2026). Le tableau du jour est affiché.")


@blueprint.get("/tableau-de-bord")
@allow(Role.COORDINATOR)
def index() -> tuple[str, int]:
    """Open alerts first, then the day's movements, patients at home and tasks (``?jour=``).

    A day that cannot be read is said next to the field (400) and today is shown.
    """
    day, day_error = _asked_day(request.args.get("jour", ""))
    session = db_session()
    overview = day_overview(session, day, protocol())
    context = alerts_context()  # the open alerts come first (issue 12)
    alerts = context["alerts"]
    assert isinstance(alerts, Sequence)
    audit_alert_reads(alerts, "tableau de bord (alertes ouvertes)")
    return render_template("dashboard.html", overview=overview, day_error=day_error,
                           asked=request.args.get("jour", "")[:20], **context), (
        400 if day_error else 200)
