"""An interruption of the infusion from the pathway page (issue 13).

Its reason follows the SmPC 4.2 restart rules of the core; the difference is shown before
saving; nothing is saved on bad input.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.planning import PlanningError
from hadcoord.services.interruptions import interruption_change, record_interruption
from hadcoord.services.pathways import PathwayError
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.context import protocol
from hadcoord.web.db import db_session
from hadcoord.web.pathway_forms import InterruptionForm
from hadcoord.web.pathways import render_pathway
from hadcoord.web.patients import load_patient

blueprint = Blueprint("interruptions", __name__)
NOT_SAVED = "L'interruption contient des erreurs : rien n'a été enregistré."


def _moments(form: InterruptionForm) -> tuple[dt.datetime, dt.datetime]:
    stop_day, stop_hour = form.stop_date.data, form.stop_time.data
    resume_day, resume_hour = form.resume_date.data, form.resume_time.data
    if stop_day is None or stop_hour is None or resume_day is None or resume_hour is None:
        abort(400)  # validated before; keeps mypy exact
    return dt.datetime.combine(stop_day, stop_hour), dt.datetime.combine(resume_day, resume_hour)


def _decision(form: InterruptionForm) -> dt.datetime | None:
    """The decision to restart, or None (at the stop); its date and hour are given together."""
    day, hour = form.decision_date.data, form.decision_time.data
    return None if day is None or hour is None else dt.datetime.combine(day, hour)


def _place_error(form: InterruptionForm, error: PlanningError) -> None:
    """The planner's French reason next to the field it is about."""
    message = str(error)
    if message.startswith("L'arrêt"):
        form.stop_time.errors = [message]
    elif message.startswith("La décision de reprise"):
        form.decision_time.errors = [message]
    elif message.startswith("La reprise") or message.startswith("Une interruption de plus"):
        form.resume_time.errors = [message]
    else:  # a permanent stop, a restart too early after a neurological or other grade 3 event
        form.reason.errors = [message]


@blueprint.post("/patients/<int:patient_id>/interruption")
@allow(Role.COORDINATOR)
def interruption(patient_id: int) -> ResponseReturnValue:
    """Record an interruption: the difference first, saved on confirmation (audited)."""
    patient = load_patient(patient_id)
    pathway = patient.pathway
    if pathway is None or pathway.cycle1_start is None:
        abort(404, "Le calendrier de ce patient n'est pas encore planifié.")
    form = InterruptionForm()
    if not form.validate_on_submit():
        return render_pathway(patient, 422, interruption_form=form, error=NOT_SAVED)
    stop, resume = _moments(form)
    reason, decided_at = form.reason.data or "", _decision(form)
    try:
        if form.confirm.data != "1":
            change, replanned = interruption_change(pathway, protocol(), stop=stop,
                                                    resume=resume, reason=reason,
                                                    decided_at=decided_at)
            form.confirm.data = "1"
            form.resume_note = replanned.interruptions[-1].restart_note
            return render_pathway(patient, 200, interruption_form=form,
                                  interruption_change=change)
        record_interruption(db_session(), pathway, protocol(), stop=stop, resume=resume,
                            reason=reason, decided_at=decided_at, user=current_user.record)
    except PlanningError as error:
        db_session().rollback()
        form.confirm.data = ""
        _place_error(form, error)
        return render_pathway(load_patient(patient_id), 422, interruption_form=form,
                              error=NOT_SAVED)
    except PathwayError as error:
        abort(404, str(error))
    flash("Interruption enregistrée : le calendrier est replanifié.", "info")
    return redirect(url_for("pathways.show", patient_id=patient_id) + "#interruption")
