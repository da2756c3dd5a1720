"""Pathway pages: coverage options → choice → tasks → calendar; letters, .ics, care plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from types import SimpleNamespace

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from hadcoord import clock
from hadcoord.coverage.contacts import Contact
from hadcoord.exports.ics import plan_to_ics
from hadcoord.exports.plan_json import plan_json
from hadcoord.planning import PlanningError, PlanRequest, Protocol
from hadcoord.planning.diff import PlanDifference
from hadcoord.planning.surface import surface_of
from hadcoord.services import day_hospitals, letters, month_view
from hadcoord.services.calendars import (
    Interruptions,
    calendar_change,
    interruptions_of,
    plan_or_refusal,
    plan_with,
    set_calendar,
)
from hadcoord.services.directory import care_plan_contacts, directory
from hadcoord.services.pathways import PathwayError, choose_option, is_overdue, set_task_status
from hadcoord.services.patients import weight_warning
from hadcoord.services.plan_store import refresh_stale
from hadcoord.store import LetterVersion, Pathway, Patient, Role
from hadcoord.vocabulary import PathwayState
from hadcoord.web.access import allow
from hadcoord.web.context import engine, protocol, reference
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.pathway_forms import CalendarForm, InterruptionForm
from hadcoord.web.pathway_page import step_context
from hadcoord.web.patients import load_patient

blueprint = Blueprint("pathways", __name__)
READERS = (Role.COORDINATOR, Role.HAD_NURSE)


def render_pathway(patient: Patient, status: int = 200, form: CalendarForm | None = None,
                   error: str | None = None, *,
                   step_forms: Mapping[str, FlaskForm] | None = None,
                   change: PlanDifference | None = None,
                   interruption_form: InterruptionForm | None = None,
                   interruption_change: PlanDifference | None = None) -> ResponseReturnValue:
    """The pathway page.

    ``step_forms``: a submitted step form, to show its errors; ``change``: a re-planned
    calendar's difference, to confirm before saving; ``interruption_form`` and
    ``interruption_change``: the same for an interruption of the infusion.
    """
    pathway, today = patient.pathway, clock.today()
    if pathway is not None and refresh_stale(db_session(), protocol(), pathway_id=pathway.id):
        db_session().expire(pathway, ["events"])  # the recompute is in its history now
    result = engine().match(patient.commune_code, today)
    plan, refusal = plan_or_refusal(pathway, protocol())
    error = error or (f"Calendrier impossible : {refusal}" if refusal else None)
    form = form or CalendarForm(formdata=None, obj=_calendar_values(pathway))
    form.set_choices(protocol())
    contacts = _contacts()
    return render_template(
        "pathways/show.html", patient=patient, pathway=pathway, result=result, form=form,
        plan=plan, error=error,
        months_html=_months_html(plan.request, interruptions_of(pathway), protocol())
        if plan and pathway else "",
        interruption_form=interruption_form or InterruptionForm(formdata=None),
        interruption_change=interruption_change,
        surface=surface_of(plan.request, protocol()) if plan else None,
        commune=reference().by_code.get(patient.commune_code), today=today,
        establishments=engine().catalogue.by_id, overdue=is_overdue,
        steps=step_context(pathway, result, today, step_forms or {}), change=change,
        replannable=_replannable(pathway, today), letter_state=letters.state_text,
        letter_versions=_letter_versions(pathway),
        day_hospitals=day_hospitals.choices(contacts),
        protocol_day_hospital=protocol().calendar.day_hospital_location,
        day_hospital_location=day_hospitals.location_of(pathway, contacts, protocol())), status


def _contacts() -> list[Contact]:
    return directory(db_session(), app_settings().reference.territories_dir)


_page = render_pathway
LETTER_KINDS = ("derogation_request", "convention_draft")


def _letter_versions(pathway: Pathway | None) -> dict[int, list[LetterVersion]]:
    """The versions of the pathway's letters (derogation request, convention draft)."""
    if pathway is None:
        return {}
    return letters.versions_by_task(
        db_session(), [task.id for task in pathway.tasks if task.kind in LETTER_KINDS])


def _replannable(pathway: Pathway | None, today: dt.date) -> bool:
    """The calendar form is offered until cycle 1 starts (and never on an ended pathway)."""
    if pathway is None or pathway.state == PathwayState.ENDED:
        return False
    return pathway.cycle1_start is None or pathway.cycle1_start.date() >= today


def _calendar_values(pathway: Pathway | None) -> object:
    """The saved calendar as the form's initial values (the form stays to re-plan)."""
    start = pathway.cycle1_start if pathway else None
    return SimpleNamespace(start_date=start.date() if start else None,
                           start_time=start.time() if start else None,
                           change_days=pathway.change_days if pathway else None,
                           cycles=pathway.cycles if pathway and start else None)


@lru_cache(maxsize=1024)
def _months_html(request: PlanRequest, interruptions: Interruptions,
                 protocol: Protocol) -> Markup:
    """The month grids of a plan: they depend on the plan's input only, so render them once."""
    plan = plan_with(request, interruptions, protocol)
    return Markup(render_template("pathways/_months.html", months=month_view.months(plan)))


@blueprint.get("/patients/<int:patient_id>/parcours")
@allow(Role.COORDINATOR)
def show(patient_id: int) -> ResponseReturnValue:
    """Options for the patient's commune, or the chosen pathway with its tasks and calendar."""
    return _page(load_patient(patient_id))


@blueprint.post("/patients/<int:patient_id>/parcours")
@allow(Role.COORDINATOR)
def choose(patient_id: int) -> ResponseReturnValue:
    """Choose one of the proposed options: the pathway and its tasks are created."""
    patient = load_patient(patient_id)
    session = db_session()
    today = clock.today()
    result = engine().match(patient.commune_code, today)
    try:
        choose_option(session, patient, result, request.form.get("option", type=int),
                      user=current_user.record, today=today)
    except PathwayError as error:
        return _page(load_patient(patient_id), 409 if patient.pathway else 422,
                     error=f"Rien n'a été enregistré : {error}.")
    flash("Option choisie : les tâches correspondantes ont été créées.", "info")
    return redirect(url_for("pathways.show", patient_id=patient_id))


def pathway_of(patient: Patient) -> Pathway:
    """The patient's pathway, or 404 with what to do first (no option chosen yet)."""
    if patient.pathway is None:
        abort(404, "Choisissez d'abord une option de prise en charge.")
    return patient.pathway


@blueprint.post("/patients/<int:patient_id>/calendrier")
@allow(Role.COORDINATOR)
def calendar(patient_id: int) -> ResponseReturnValue:
    """Set the treatment calendar (validated by the planner; nothing is saved on error)."""
    patient = load_patient(patient_id)
    pathway = pathway_of(patient)
    form = CalendarForm()
    form.set_choices(protocol())
    if not form.validate_on_submit():
        return _page(patient, 422, form, "Le calendrier contient des erreurs : rien n'a été "
                                          "enregistré.")
    session = db_session()
    day, hour, cycles = form.start_date.data, form.start_time.data, form.cycles.data
    if day is None or hour is None or cycles is None:  # validated above; keeps mypy exact
        abort(400)
    inputs = {"start": dt.datetime.combine(day, hour), "change_days": form.change_days.data,
              "cycles": cycles, "today": clock.today()}
    try:
        if pathway.cycle1_start is not None and form.confirm.data != "1":
            # Re-planning: show what moves before anything is saved (issue 14).
            change = calendar_change(pathway, protocol(), **inputs)
            form.confirm.data = "1"
            return _page(patient, 200, form, change=change)
        set_calendar(session, pathway, protocol(), user=current_user.record, **inputs)
    except (PlanningError, PathwayError) as error:
        return _page(load_patient(patient_id), 422, form, f"Rien n'a été enregistré : {error}")
    flash("Calendrier enregistré.", "info")
    return redirect(url_for("pathways.show", patient_id=patient_id) + "#calendrier")


@blueprint.post("/patients/<int:patient_id>/taches/<int:task_id>")
@allow(Role.COORDINATOR)
def task(patient_id: int, task_id: int) -> ResponseReturnValue:
    """Mark a task done (or to do again)."""
    patient = load_patient(patient_id)
    found = next((t for t in patient.pathway.tasks if t.id == task_id), None) if (
        patient.pathway) else None
    if found is None:
        abort(404, "Cette tâche n'existe pas.")
    session = db_session()
    set_task_status(session, found, request.form.get("done") == "1", current_user.record)
    return redirect(url_for("pathways.show", patient_id=patient_id) + "#taches")


def _plan_or_404(patient: Patient) -> object:
    plan, refusal = plan_or_refusal(patient.pathway, protocol())
    if refusal:
        abort(422, f"Calendrier impossible : {refusal}")
    if plan is None:
        abort(404, "Le calendrier de ce patient n'est pas encore planifié.")
    return plan


@blueprint.get("/patients/<int:patient_id>/calendrier.ics")
@allow(*READERS)
def ics(patient_id: int) -> Response:
    """The calendar as an iCalendar file (stays, day-hospital visits, daily checks)."""
    patient = load_patient(patient_id)
    plan = _plan_or_404(patient)
    named = day_hospitals.protocol_for(patient.pathway, _contacts(), protocol())
    body = plan_to_ics(plan, named, patient=patient.reference)  # type: ignore[arg-type]
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="calendrier-{patient.reference}.ics"'})


@blueprint.get("/api/patients/<int:patient_id>/plan")
@allow(*READERS)
def plan_api(patient_id: int) -> ResponseReturnValue:
    """The plan as JSON (same keys as `hadcoord plan --json`)."""
    patient = load_patient(patient_id)
    return plan_json(_plan_or_404(patient))  # type: ignore[arg-type]


@blueprint.get("/patients/<int:patient_id>/pps")
@allow(*READERS)
def care_plan(patient_id: int) -> str:
    """The patient's care plan (PPS), printable, in plain French."""
    patient = load_patient(patient_id)
    pathway = patient.pathway
    plan, _refusal = plan_or_refusal(pathway, protocol())
    result = engine().match(patient.commune_code, clock.today())
    had = engine().catalogue.by_id.get(pathway.had_establishment_id) if (
        pathway and pathway.had_establishment_id) else None
    contacts = _contacts()
    return render_template("pathways/care_plan.html", patient=patient, pathway=pathway,
                           plan=plan, result=result, had=had,
                           warning=weight_warning(patient.weight_kg, height_cm=patient.height_cm),
                           contacts=care_plan_contacts(
                               contacts, had.id if had else None, result,
                               pathway.day_hospital_key if pathway else None),
                           day_hospital=day_hospitals.location_of(pathway, contacts, protocol()))
