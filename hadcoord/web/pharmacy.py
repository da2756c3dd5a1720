"""Pharmacy (PUI) pages: the bags to prepare over a period, as a table and as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.clock import today
from hadcoord.planning import PlanningError
from hadcoord.services.pharmacy_views import acknowledge
from hadcoord.services.preparations import (
    PreparationPeriodError,
    pharmacy_list,
    preparation_csv,
    read_period,
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
        found = pharmacy_list(db_session(), protocol(), first, last, current_user.record)
    except (PreparationPeriodError, PlanningError) as error:
        return render_template("pharmacy/index.html", form=form, error=str(error),
                               lines=(), failures=(), modified=frozenset()), 400
    form = {"from": first.isoformat(), "to": last.isoformat()}
    return render_template("pharmacy/index.html", form=form, error=None, first=first,
                           last=last, lines=found.lines, failures=found.failures,
                           modified=found.modified)


@blueprint.get("/preparations.csv")
@allow(*ROLES)
def csv() -> ResponseReturnValue:
    """The same list as a CSV file for French spreadsheets."""
    try:
        first, last = read_period(request.args, today())
        found = pharmacy_list(db_session(), protocol(), first, last, current_user.record)
    except (PreparationPeriodError, PlanningError) as error:
        return Response(f"Erreur : {error}.\n", status=400, mimetype="text/plain")
    name = f"preparations_{first.isoformat()}_{last.isoformat()}.csv"
    return Response(preparation_csv(found.lines, found.modified), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.post("/vu")
@allow(Role.PHARMACIST)
def seen() -> ResponseReturnValue:
    """The pharmacist marks the period's changes as seen: the « modifié » flags go (audited)."""
    try:
        first, last = read_period(request.form, today())
        found = pharmacy_list(db_session(), protocol(), first, last, current_user.record)
    except (PreparationPeriodError, PlanningError) as error:
        return Response(f"Erreur : {error}.\n", status=400, mimetype="text/plain")
    acknowledge(db_session(), found.pairs, current_user.record, len(found.modified))
    flash("Modifications marquées comme vues.", "info")
    return redirect(url_for("pharmacy.index") + f"?from={first.isoformat()}&to={last.isoformat()}")
