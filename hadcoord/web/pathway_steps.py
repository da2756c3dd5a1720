"""Pathway steps from the web: request sent, answer, switch of option, home, cycle, end.

Also the pathway's state and timeline as JSON (same role as the pathway page: coordinator).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord import clock
from hadcoord.services import pathway_steps as steps
from hadcoord.services.pathway_timeline import pathway_json
from hadcoord.services.pathways import PathwayError
from hadcoord.store import Pathway, Role
from hadcoord.vocabulary import Answer, EndReason, RequestKind
from hadcoord.web.access import allow
from hadcoord.web.context import engine
from hadcoord.web.db import db_session
from hadcoord.web.pathway_forms import (
    AnswerForm,
    CycleForm,
    EndForm,
    RequestSentForm,
    StepForm,
    SwitchForm,
)
from hadcoord.web.pathways import pathway_of, render_pathway
from hadcoord.web.patients import load_patient

blueprint = Blueprint("pathway_steps", __name__)
Form = RequestSentForm | AnswerForm | SwitchForm | StepForm | CycleForm | EndForm


def _apply(patient_id: int, name: str, form: Form,
           action: Callable[[Pathway], object], done: str) -> ResponseReturnValue:
    """Validate ``form``, run ``action``; on error the page again with the message (422)."""
    patient = load_patient(patient_id)
    pathway = pathway_of(patient)
    if not form.validate_on_submit():
        return render_pathway(patient, 422, step_forms={name: form},
                              error="Le formulaire contient des erreurs : rien n'a été "
                                    "enregistré.")
    try:
        with db_session().begin_nested():
            action(pathway)
    except PathwayError as error:
        return render_pathway(load_patient(patient_id), 409, step_forms={name: form},
                              error=f"Rien n'a été enregistré : {error}.")
    flash(done, "info")
    return redirect(url_for("pathways.show", patient_id=patient_id) + "#etat")


@blueprint.post("/patients/<int:patient_id>/parcours/demande")
@allow(Role.COORDINATOR)
def request_sent(patient_id: int) -> ResponseReturnValue:
    """Record that the next request was sent."""
    form = RequestSentForm(prefix="request")
    return _apply(patient_id, "request", form, lambda p: steps.send_request(
        db_session(), p, RequestKind(form.kind.data), current_user.record,
        note=form.note.data or ""), "Demande enregistrée comme envoyée.")


@blueprint.post("/patients/<int:patient_id>/parcours/reponse")
@allow(Role.COORDINATOR)
def answer(patient_id: int) -> ResponseReturnValue:
    """Record the answer to the pending request (a refusal engages the next option)."""
    form = AnswerForm(prefix="answer")

    def record(pathway: Pathway) -> object:
        today = clock.today()
        if form.day.data is None:
            abort(400)
        return steps.record_answer(
            db_session(), pathway, steps.AnswerInput(
                Answer(form.answer.data), form.day.data, (form.reference.data or "").strip(),
                form.note.data or ""),
            result=engine().match(pathway.patient.commune_code, today),
            user=current_user.record, today=today)
    return _apply(patient_id, "answer", form, record, "Réponse enregistrée.")


@blueprint.post("/patients/<int:patient_id>/parcours/option")
@allow(Role.COORDINATOR)
def switch(patient_id: int) -> ResponseReturnValue:
    """Engage another proposed option; the abandoned one's tasks become « sans objet »."""
    form = SwitchForm(prefix="switch")

    def engage(pathway: Pathway) -> object:
        today = clock.today()
        return steps.engage_option(
            db_session(), pathway, engine().match(pathway.patient.commune_code, today),
            form.option.data if form.option.data is not None else -1,
            user=current_user.record, today=today, note=form.note.data or "")
    return _apply(patient_id, "switch", form, engage,
                  "Option changée : les tâches de l'option abandonnée sont « sans objet ».")


@blueprint.post("/patients/<int:patient_id>/parcours/confirmation")
@allow(Role.COORDINATOR)
def confirm(patient_id: int) -> ResponseReturnValue:
    """The home team is confirmed."""
    form = StepForm(prefix="confirm")
    return _apply(patient_id, "confirm", form, lambda p: steps.confirm_home_team(
        db_session(), p, current_user.record, note=form.note.data or ""), "HAD confirmée.")


@blueprint.post("/patients/<int:patient_id>/parcours/domicile")
@allow(Role.COORDINATOR)
def at_home(patient_id: int) -> ResponseReturnValue:
    """The patient is at home."""
    form = StepForm(prefix="home")
    return _apply(patient_id, "home", form, lambda p: steps.mark_at_home(
        db_session(), p, current_user.record, note=form.note.data or ""),
        "Patient à domicile.")


@blueprint.post("/patients/<int:patient_id>/parcours/cycle")
@allow(Role.COORDINATOR)
def cycle(patient_id: int) -> ResponseReturnValue:
    """A later cycle starts."""
    form = CycleForm(prefix="cycle")
    return _apply(patient_id, "cycle", form, lambda p: steps.start_cycle(
        db_session(), p, form.cycle.data or 0, current_user.record,
        note=form.note.data or ""), "Début de cycle enregistré.")


@blueprint.post("/patients/<int:patient_id>/parcours/fin")
@allow(Role.COORDINATOR)
def end(patient_id: int) -> ResponseReturnValue:
    """End the pathway with its reason (kept as it was: archived, not deleted)."""
    form = EndForm(prefix="end")
    return _apply(patient_id, "end", form, lambda p: steps.end_pathway(
        db_session(), p, EndReason(form.reason.data), form.note.data or "",
        current_user.record), "Parcours terminé.")


@blueprint.get("/api/patients/<int:patient_id>/pathway")
@allow(Role.COORDINATOR)
def pathway_api(patient_id: int) -> ResponseReturnValue:
    """The pathway's state and timeline as JSON."""
    patient = load_patient(patient_id)
    return pathway_json(pathway_of(patient), engine().catalogue.by_id)
