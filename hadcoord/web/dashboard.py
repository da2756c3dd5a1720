"""The coordinator's dashboard."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from hadcoord import clock
from hadcoord.services.dashboard import day_overview
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.context import protocol
from hadcoord.web.db import db_session

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/tableau-de-bord")
@allow(Role.COORDINATOR)
def index() -> str:
    """Today's admissions, discharges, bag changes, patients at home and tasks (``?jour=``)."""
    try:
        day = dt.date.fromisoformat(request.args.get("jour", "")) if request.args.get(
            "jour") else clock.today()
    except ValueError:
        day = clock.today()
    return render_template("dashboard.html", overview=day_overview(db_session(), day, protocol()))
