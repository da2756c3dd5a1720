"""Activity figures per HAD and per month: a page and its CSV.

The coordinator and the ARS (small counts masked) see them; never a patient name or reference;
every read is audited.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord import clock
from hadcoord.services import activity
from hadcoord.services.activity_query import audit_read, gather
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.context import engine, protocol
from hadcoord.web.db import db_session

blueprint = Blueprint("activity", __name__, url_prefix="/activite")
ROLES = (Role.COORDINATOR, Role.ARS)
MAX_MONTHS = 36
CONVENTION_NAME = "Convention (infirmiers libéraux et prestataire, sans HAD)"


class PeriodError(ValueError):
    """A month of the period is malformed, or the period reversed or too long."""


def _month(text: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        msg = f"{label} invalide (format attendu : AAAA-MM)"
        raise PeriodError(msg) from None


def _add_months(month: dt.date, count: int) -> dt.date:
    total = month.year * 12 + month.month - 1 + count
    return dt.date(total // 12, total % 12 + 1, 1)


def read_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """``from``/``to`` months (AAAA-MM) as first and last day; default: the last 12 months."""
    to_text, from_text = request.args.get("to", "").strip(), request.args.get("from", "").strip()
    last_month = _month(to_text, "Mois de fin") if to_text else activity.month_of(today)
    first = _month(from_text, "Mois de début") if from_text else _add_months(last_month, -11)
    if first > last_month:
        msg = "Période inversée : le mois de fin précède le mois de début"
        raise PeriodError(msg)
    if _add_months(first, MAX_MONTHS) <= last_month:
        msg = f"Période trop longue : {MAX_MONTHS} mois au plus"
        raise PeriodError(msg)
    return first, _add_months(last_month, 1) - dt.timedelta(days=1)


def _figures() -> tuple[dt.date, dt.date, list[activity.MonthFigures]]:
    first, last = read_months(clock.today())
    pathways, requests = gather(db_session(), protocol(), clock.today())
    return first, last, activity.monthly(pathways, requests, first, last)


def _names() -> dict[str, str]:
    names = {ident: e.name for ident, e in engine().catalogue.by_id.items()}
    return {**names, activity.CONVENTION: CONVENTION_NAME}


@blueprint.get("/")
@allow(*ROLES)
def index() -> ResponseReturnValue:
    """The figures per HAD and month over the period, with each HAD's and the overall total."""
    masked = current_user.role == Role.ARS
    form = {"from": request.args.get("from", ""), "to": request.args.get("to", "")}
    try:
        first, last, rows = _figures()
    except PeriodError as error:
        return render_template("activity/index.html", error=str(error), form=form, groups={},
                               masked=masked), 400
    audit_read(db_session(), current_user.record, first, last)
    groups = activity.by_had(rows)
    return render_template(
        "activity/index.html", error=None, groups=groups, names=_names(), masked=masked,
        form={"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"}, first=first, last=last,
        totals={had: activity.totals(group, had) for had, group in groups.items()},
        overall=activity.totals(rows, "total"), shown=activity.patients_shown,
        small=activity.SMALL_COUNT)


@blueprint.get("/activite.csv")
@allow(*ROLES)
def export() -> ResponseReturnValue:
    """The same figures as CSV (the ARS's with small counts masked)."""
    try:
        first, last, rows = _figures()
    except PeriodError as error:
        return Response(f"Erreur : {error}.\n", status=400, mimetype="text/plain")
    audit_read(db_session(), current_user.record, first, last, export=True)
    body = activity.activity_csv(rows, _names(), masked=current_user.role == Role.ARS)
    name = f"activite_{first:%Y-%m}_{last:%Y-%m}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
