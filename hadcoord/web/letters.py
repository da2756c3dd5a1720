"""Letters (ARS derogation request, convention draft): edited, printed, marked sent, versioned."""

from __future__ import annotations

import dataclasses
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Optional

from hadcoord import clock
from hadcoord.services import day_hospitals, letters
from hadcoord.services.directory import directory, find
from hadcoord.services.letter_text import LetterFacts, convention_text, derogation_text
from hadcoord.store import LetterVersion, Patient, Role, Task
from hadcoord.web.access import allow
from hadcoord.web.context import protocol, reference
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.fields import FrenchDateField, FrenchForm
from hadcoord.web.patients import load_patient

blueprint = Blueprint("letters", __name__)
LETTER_KINDS = ("derogation_request", "convention_draft")


class LetterForm(FrenchForm):
    """The letter's text (the generated one to start with) and, to send it, the day sent."""

    letter_text = TextAreaField("Texte du courrier")
    sent_on = FrenchDateField("Date d'envoi", validators=[Optional()], format="%Y-%m-%d")
    action = HiddenField()


def _task_of(patient: Patient, task_id: int) -> Task:
    found = next((t for t in patient.pathway.tasks if t.id == task_id), None) if (
        patient.pathway) else None
    if found is None or found.kind not in LETTER_KINDS:
        abort(404, "Ce courrier n'existe pas.")
    return found


def generated(patient: Patient, task: Task) -> str:
    """The text generated from the pathway, the directory and the patient's record."""
    commune = reference().by_code.get(patient.commune_code)
    pathway = patient.pathway
    facts = LetterFacts(
        reference=patient.reference, commune_name=commune.name if commune else patient.commune_code,
        commune_code=patient.commune_code,
        planned_start=pathway.cycle1_start if pathway else None,
        gp_name=patient.gp_name, gp_phone=patient.gp_phone, nurses_name=patient.nurses_name,
        nurses_phone=patient.nurses_phone, provider_name=patient.provider_name,
        provider_phone=patient.provider_phone)
    content = json.loads(task.content)
    if task.kind == "derogation_request":
        return derogation_text(content, facts)
    contacts = directory(db_session(), app_settings().reference.territories_dir)
    day_hospital = day_hospitals.chosen(pathway, contacts)
    facts = dataclasses.replace(
        facts, day_hospital=day_hospital.name if day_hospital else
        protocol().calendar.day_hospital_location,
        day_hospital_phone=day_hospital.phone if day_hospital else None)
    return convention_text(content, facts, find(contacts, "haematology", "iucto-haematology"),
                           find(contacts, "pui", "iucto-pui"))


def _render(patient: Patient, task: Task, form: LetterForm | None = None,
            status: int = 200) -> ResponseReturnValue:
    all_versions = letters.versions(db_session(), task)
    wanted = request.args.get("version", type=int)
    shown: LetterVersion | None = next(
        (v for v in all_versions if v.number == wanted), all_versions[-1] if all_versions else None)
    text = shown.text if shown else generated(patient, task)
    if form is None:
        form = LetterForm(formdata=None)
        form.letter_text.data = generated(patient, task) if request.args.get("regenerer") else text
        form.sent_on.data = clock.today()
    return render_template("pathways/letter.html", patient=patient, task=task, form=form,
                           text=text, shown=shown, versions=all_versions,
                           today=clock.today()), status


@blueprint.get("/patients/<int:patient_id>/courrier/<int:task_id>")
@allow(Role.COORDINATOR)
def letter(patient_id: int, task_id: int) -> ResponseReturnValue:
    """The letter: the version shown (the last by default) printable, and the edit form."""
    patient = load_patient(patient_id)
    return _render(patient, _task_of(patient, task_id))


@blueprint.post("/patients/<int:patient_id>/courrier/<int:task_id>")
@allow(Role.COORDINATOR)
def save(patient_id: int, task_id: int) -> ResponseReturnValue:
    """Save the draft, or mark it sent (then it is kept as sent); nothing saved on error."""
    patient = load_patient(patient_id)
    task = _task_of(patient, task_id)
    form = LetterForm()
    if not form.validate_on_submit():
        return _render(patient, task, form, 422)
    session, user = db_session(), current_user.record
    try:
        if form.action.data == "send":
            version = letters.mark_sent(session, task, form.letter_text.data or "",
                                        form.sent_on.data, user, today=clock.today())
            flash(f"Version {version.number} marquée envoyée : elle est conservée telle quelle.",
                  "info")
        else:
            version = letters.save_draft(session, task, form.letter_text.data or "", user)
            flash(f"Brouillon enregistré (version {version.number}).", "info")
    except letters.LetterError as error:
        field = form.letter_text if error.field == "text" else form.sent_on
        field.errors = [str(error)]
        return _render(patient, task, form, 422)
    return redirect(url_for("letters.letter", patient_id=patient_id, task_id=task_id))
