"""Patient pages: list, create, view, edit (coordinator; HAD nurses read their HAD's patients)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo.search import find_commune
from hadcoord.services.patients import (
    DuplicateSubmissionError,
    PatientAccessError,
    create_patient,
    read_patient,
    update_patient,
    visible_patients,
    weight_warning,
)
from hadcoord.store import Patient, Role
from hadcoord.web import context
from hadcoord.web.access import allow
from hadcoord.web.db import db_session
from hadcoord.web.patient_form import PatientForm

blueprint = Blueprint("patients", __name__, url_prefix="/patients")


def _resolve_commune(form: PatientForm) -> tuple[str | None, list[str]]:
    """The commune code the form designates, or None with the candidates to choose from."""
    reference = context.reference()
    code = (form.commune_code.data or "").strip()
    if code in reference.by_code:
        return code, []
    try:
        return find_commune(reference, form.commune.data or "").code, []
    except AmbiguousCommuneError as error:
        form.commune.errors = [*form.commune.errors,
                               "Plusieurs communes portent ce nom : choisissez la bonne."]
        return None, error.candidates
    except UnknownCommuneError as error:
        hint = f" Vouliez-vous dire : {', '.join(error.suggestions)} ?" if error.suggestions else ""
        form.commune.errors = [*form.commune.errors, f"Commune inconnue en Occitanie.{hint}"]
        return None, []


def load_patient(patient_id: int) -> Patient:
    """The patient's record if the user may read it (the read is audited); else 404.

    Another HAD's patient and a missing id get the same answer, so ids cannot be probed
    (issue 11); the refused read is still audited.
    """
    try:
        patient = read_patient(db_session(), current_user.record, patient_id, request.path)
    except PatientAccessError:
        patient = None
    if patient is None:
        abort(404, "Ce patient n'existe pas.")
    return patient


@blueprint.get("/")
@allow(Role.COORDINATOR, Role.HAD_NURSE)
def index() -> str:
    """The patients the user may see."""
    patients = visible_patients(db_session(), current_user.record)
    return render_template("patients/index.html", patients=patients,
                           communes=context.reference().by_code)


@blueprint.route("/new", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def new() -> ResponseReturnValue:
    """Create a patient record."""
    form = PatientForm()
    candidates: list[str] = []
    if form.validate_on_submit():
        code, candidates = _resolve_commune(form)
        if code is not None:
            session = db_session()
            try:
                patient = create_patient(session, form.to_input(code), current_user.record,
                                         form.submission_key.data)
            except DuplicateSubmissionError as error:
                flash(f"Double envoi : {error}.", "error")
                return redirect(url_for("patients.show", patient_id=error.patient_id))
            flash(f"Dossier créé : {patient.reference}.", "info")
            return redirect(url_for("patients.show", patient_id=patient.id))
    status = 422 if request.method == "POST" else 200
    return render_template("patients/form.html", form=form, candidates=candidates,
                           patient=None), status


@blueprint.get("/<int:patient_id>")
@allow(Role.COORDINATOR, Role.HAD_NURSE)
def show(patient_id: int) -> str:
    """The patient's record (the read is audited)."""
    patient = load_patient(patient_id)
    return render_template("patients/show.html", patient=patient,
                           commune=context.reference().by_code.get(patient.commune_code),
                           warning=weight_warning(patient.weight_kg))


@blueprint.route("/<int:patient_id>/edit", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def edit(patient_id: int) -> ResponseReturnValue:
    """Edit the record (the changed fields are audited)."""
    patient = load_patient(patient_id)
    form = PatientForm(obj=patient)
    if request.method == "GET":
        commune = context.reference().by_code.get(patient.commune_code)
        form.commune.data = commune.name if commune else patient.commune_code
        form.commune_code.data = patient.commune_code
    candidates: list[str] = []
    if form.validate_on_submit():
        code, candidates = _resolve_commune(form)
        if code is not None:
            session = db_session()
            changed = update_patient(session, patient, form.to_input(code), current_user.record)
            flash("Dossier mis à jour." if changed else "Aucune modification.", "info")
            return redirect(url_for("patients.show", patient_id=patient.id))
    status = 422 if request.method == "POST" else 200
    return render_template("patients/form.html", form=form, candidates=candidates,
                           patient=patient), status
