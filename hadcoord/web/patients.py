"""Patient pages: list, create, view, edit (coordinator; HAD nurses read their HAD's patients)."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord import clock
from hadcoord.coverage.catalogue import Catalogue
from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo.reference import Commune, CommuneReference
from hadcoord.geo.search import resolve_commune
from hadcoord.planning.errors import PlanningError
from hadcoord.services.calendars import plan_or_refusal
from hadcoord.services.patient_list import ListQuery, normalised_names, page_numbers, patient_page
from hadcoord.services.patients import (
    DuplicatePatientError,
    DuplicateSubmissionError,
    PatientAccessError,
    create_patient,
    read_patient,
    update_patient,
    weight_warning,
)
from hadcoord.services.plan_store import refresh_stale
from hadcoord.services.recheck import apply_recheck, recheck
from hadcoord.store import Patient, Role
from hadcoord.web import context
from hadcoord.web.access import allow
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.patient_form import PatientForm, fingerprint

blueprint = Blueprint("patients", __name__, url_prefix="/patients")


def _choice(commune: Commune, label: str) -> tuple[str, str]:
    """A commune to click: its INSEE code and « Rodez (12) — INSEE 12202 — Aveyron, 12000 »."""
    name = label if label.endswith(f"({commune.department})") else (
        f"{label} ({commune.department})")
    return commune.code, (f"{name} — INSEE {commune.code} — {commune.department_name}, "
                          f"{', '.join(commune.postal_codes)}")


def _choices(codes: list[str]) -> list[tuple[str, str]]:
    reference = context.reference()
    return [_choice(reference.by_code[code], reference.by_code[code].name) for code in codes
            if code in reference.by_code]


def _resolve_commune(form: PatientForm) -> tuple[str | None, list[tuple[str, str]]]:
    """The commune code the form designates, or None with the communes to choose from.

    A commune clicked among the proposed ones, or chosen in the search box, is used as it is;
    otherwise the typed text is resolved, and a match that is not certain (a typo corrected,
    « Rodes » for Rodès or Rodez) is shown with its department and postal code to confirm.
    """
    reference = context.reference()
    for chosen in (form.commune_choice.data, form.commune_code.data):
        if (chosen or "").strip() in reference.by_code:
            return (chosen or "").strip(), []
    typed = form.commune.data or ""
    try:
        resolution = resolve_commune(reference, typed,
                                     min_score=app_settings().geo.fuzzy_min_score)
    except AmbiguousCommuneError as error:
        message = ("Plusieurs communes portent ce nom : choisissez la bonne."
                   if not typed.strip().isdigit() else
                   f"« {typed.strip()} » est à la fois un code INSEE et un code postal : "
                   "choisissez la bonne commune.")
        form.commune.errors = [*form.commune.errors, message]
        return None, _choices(error.codes)
    except UnknownCommuneError as error:
        hint = " Vouliez-vous dire l'une de celles-ci ?" if error.codes else ""
        form.commune.errors = [*form.commune.errors, f"Commune inconnue en Occitanie.{hint}"]
        return None, _choices(error.codes)
    if resolution.certain:
        return resolution.commune.code, []
    best = resolution.commune
    form.commune.errors = [*form.commune.errors,
                           f"« {typed.strip()} » n'est pas exactement le nom d'une commune : "
                           f"confirmez {best.name} ({best.department}, {best.postal_codes[0]}) "
                           "ou choisissez une autre commune."]
    matches = [resolution.match, *resolution.alternatives]
    return None, [_choice(m.commune, m.label) for m in matches]


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


@lru_cache(maxsize=4)
def _search_names(reference: CommuneReference, catalogue: Catalogue
                  ) -> tuple[dict[str, str], dict[str, str]]:
    """The commune and HAD names the list's search looks into, normalised once."""
    return (normalised_names({code: commune.name for code, commune in
                              reference.by_code.items()}),
            normalised_names({ident: establishment.name for ident, establishment in
                              catalogue.by_id.items()}))


@blueprint.get("/")
@allow(Role.COORDINATOR, Role.HAD_NURSE)
def index() -> str:
    """The patients the user may see: searched, filtered, sorted, 50 a page."""
    session, query = db_session(), ListQuery.from_args(request.args)
    refresh_stale(session, context.protocol())
    catalogue = context.engine().catalogue
    communes, hads = _search_names(context.reference(), catalogue)
    page = patient_page(session, current_user.record, query, clock.today(),
                        communes=communes, hads=hads)
    return render_template("patients/index.html", page=page, numbers=page_numbers(page),
                           communes=context.reference().by_code,
                           establishments=catalogue.by_id)


@blueprint.route("/new", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def new() -> ResponseReturnValue:
    """Create a patient record."""
    form = PatientForm()
    candidates: list[tuple[str, str]] = []
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
            except DuplicatePatientError as error:
                return render_template("patients/form.html", form=form, candidates=[],
                                       patient=None, duplicate=error), 409
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
    _plan, refusal = plan_or_refusal(patient.pathway, context.protocol())
    return render_template("patients/show.html", patient=patient,
                           commune=context.reference().by_code.get(patient.commune_code),
                           warning=weight_warning(patient.weight_kg, height_cm=patient.height_cm),
                           plan_error=refusal)


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
    candidates: list[tuple[str, str]] = []
    if form.validate_on_submit():
        code, candidates = _resolve_commune(form)
        if code is not None:
            session, data, today = db_session(), form.to_input(code), clock.today()
            try:
                check = recheck(patient.pathway, data, context.engine(), context.protocol(),
                                today) if patient.pathway else None
            except PlanningError as error:  # SmPC 4.2: under 45 kg, the height is needed
                form.height_cm.errors = [*form.height_cm.errors, str(error)]
                return render_template("patients/form.html", form=form, candidates=[],
                                       patient=patient), 422
            if check is not None and check.needs_confirmation and (
                    form.confirm.data != fingerprint(data)):
                # Issue 14: what the edit changes on the pathway, confirmed before saving.
                form.confirm.data = fingerprint(data)
                return render_template("patients/form.html", form=form, candidates=[],
                                       patient=patient, recheck=check)
            try:
                changed = update_patient(session, patient, data, current_user.record)
            except DuplicatePatientError as error:
                return render_template("patients/form.html", form=form, candidates=[],
                                       patient=patient, duplicate=error), 409
            if check is not None and patient.pathway is not None:
                apply_recheck(session, patient.pathway, check, context.protocol(),
                              user=current_user.record, today=today)
            flash("Dossier mis à jour." if changed else "Aucune modification.", "info")
            return redirect(url_for("patients.show", patient_id=patient.id))
    status = 422 if request.method == "POST" else 200
    return render_template("patients/form.html", form=form, candidates=candidates,
                           patient=patient), status
