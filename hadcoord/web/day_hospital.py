"""The day hospital of the bag changes, picked on the pathway page from the directory."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.services.day_hospitals import DayHospitalError, set_day_hospital
from hadcoord.services.directory import directory
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.pathways import pathway_of, render_pathway
from hadcoord.web.patients import load_patient

blueprint = Blueprint("day_hospital", __name__)


@blueprint.post("/patients/<int:patient_id>/hopital-de-jour")
@allow(Role.COORDINATOR)
def choose(patient_id: int) -> ResponseReturnValue:
    """Store the day hospital chosen (« » = the default); an unknown one is refused (422)."""
    patient = load_patient(patient_id)
    pathway = pathway_of(patient)
    session = db_session()
    contacts = directory(session, app_settings().reference.territories_dir)
    try:
        changed = set_day_hospital(session, pathway, request.form.get("day_hospital", ""),
                                   contacts, current_user.record)
    except DayHospitalError as error:
        return render_pathway(patient, 422, error=f"Rien n'a été enregistré : {error}.")
    flash("Hôpital de jour des changements de poche enregistré." if changed
          else "Aucune modification.", "info")
    return redirect(url_for("pathways.show", patient_id=patient_id) + "#calendrier")
