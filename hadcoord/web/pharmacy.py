"""Pharmacy (PUI) pages: the bags to prepare over a period, as a table and as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from hadcoord.clock import today
from hadcoord.planning import PlanningError
from hadcoord.planning.preparation import preparation_list
from hadcoord.services.preparations import (
    PreparationPeriodError,
    preparation_csv,
    read_period,
    scheduled_plans,
)
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.context import protocol
from hadcoord.web.db import db_session

blueprint = Blueprint("pharmacy", __name__, url_prefix="/pharmacie")
# Least privilege: the admin manages accounts and reads the audit trail, never clinical data.
ROLES = (Role.PHARMACIST, Role.COORDINATOR)


@blueprint.get("/")
@allow(*ROLES)
def index() -> ResponseReturnValue:
    """The preparation list from ``from`` to ``to`` (default: today and the next 7 days)."""
    form = {"from": request.args.get("from", ""), "to": request.args.get("to", "")}
    try:
        first, last = read_period(request.args, today())
        plans, failures = scheduled_plans(db_session(), protocol(), first, last)
        lines = preparation_list(plans, first, last)
    except (PreparationPeriodError, PlanningError) as error:
        return render_template("pharmacy/index.html", form=form, error=str(error),
                               lines=(), failures=()), 400
    form = {"from": first.isoformat(), "to": last.isoformat()}
    return render_template("pharmacy/index.html", form=form, error=None, first=first,
                           last=last, lines=lines, failures=failures)


@blueprint.get("/preparations.csv")
@allow(*ROLES)
def csv() -> ResponseReturnValue:
    """The same list as a CSV file for French spreadsheets."""
    try:
        first, last = read_period(request.args, today())
        plans, _failures = scheduled_plans(db_session(), protocol(), first, last)
        lines = preparation_list(plans, first, last)
    except (PreparationPeriodError, PlanningError) as error:
        return Response(f"Erreur : {error}.\n", status=400, mimetype="text/plain")
    name = f"preparations_{first.isoformat()}_{last.isoformat()}.csv"
    return Response(preparation_csv(lines), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
