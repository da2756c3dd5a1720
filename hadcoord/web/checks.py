"""Daily home checks: the HAD nurse's form and rounds, a patient's checks, the JSON API."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord import clock
from hadcoord.clock import utc_now
from hadcoord.monitoring import InvalidCheckError, TriageLevel
from hadcoord.services import audit, due_checks
from hadcoord.services.calendars import plan_or_refusal
from hadcoord.services.call_numbers import numbers_of, red_call_numbers
from hadcoord.services.check_records import (
    action_of,
    level_label,
    neuro_signs_of,
    observations_of,
    reasons_of,
    record_action,
    record_json,
    what_to_do_now,
)
from hadcoord.services.checks import (
    DuplicateCheckError,
    ExpectedBag,
    checks_of,
    day_summaries,
    expected_bag,
    record_check,
)
from hadcoord.services.directory import directory
from hadcoord.services.spo2_scale import SCALE_LABELS, Spo2ScaleError, set_spo2_scale
from hadcoord.store import DailyCheckRecord, Patient, Role
from hadcoord.web.access import allow
from hadcoord.web.check_form import DailyCheckForm, Spo2ScaleForm
from hadcoord.web.context import protocol
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.extensions import csrf
from hadcoord.web.patients import load_patient

blueprint = Blueprint("checks", __name__)
READERS = (Role.COORDINATOR, Role.HAD_NURSE)
WRITERS = (Role.HAD_NURSE,)
# Where the service's field (dotted JSON path) shows on the form.
FORM_FIELDS = {"pump.volume_left_ml": "volume_left_ml",
               "pump.programmed_rate_ml_h": "programmed_rate_ml_h", "neuro_signs": "neuro_signs",
               "ice_score": "ice_score"}


def _helpers() -> dict[str, object]:
    return {"level_label": level_label, "action_of": action_of, "reasons_of": reasons_of,
            "observations_of": observations_of, "record_action": record_action,
            "neuro_signs_of": neuro_signs_of}


def _form_page(patient: Patient, form: DailyCheckForm, status: int,
               error: str | None = None, ice_error: str | None = None) -> ResponseReturnValue:
    return render_template("checks/form.html", patient=patient, form=form, error=error,
                           ice_error=ice_error, show_ice=form.show_ice() or bool(ice_error),
                           errors=form.error_summary(), expected=_expected_now(patient),
                           **_helpers()), status


def _expected_now(patient: Patient) -> ExpectedBag | None:
    """What the plan says of the bag running now, shown before the nurse submits (issue 15)."""
    plan = plan_or_refusal(patient.pathway, protocol())[0]
    return expected_bag(plan, utc_now(), priming_ml=app_settings().monitoring.priming_volume_ml)


def _form_field(form: DailyCheckForm, error: InvalidCheckError) -> str:
    """The form field where the service's error shows: the time when today's time is wrong."""
    if error.field == "recorded_at":
        return "check_time" if form.check_date.data == clock.today() else "check_date"
    return FORM_FIELDS.get(error.field or "", (error.field or "").replace(".", "_"))


@blueprint.route("/patients/<int:patient_id>/surveillance/nouveau", methods=["GET", "POST"])
@allow(*WRITERS)
def new(patient_id: int) -> ResponseReturnValue:
    """Record today's check (nothing is written on error; a second submit records nothing)."""
    patient = load_patient(patient_id)
    form = DailyCheckForm(now=clock.now())
    if request.method == "GET":
        return _form_page(patient, form, 200)
    if not form.validate_on_submit():
        return _form_page(patient, form, 422, "Le relevé contient des erreurs : rien n'a été "
                                              "enregistré.")
    session = db_session()
    try:
        recorded = record_check(session, patient, form.to_document(), current_user.record,
                                app_settings(), now=utc_now(),
                                submission_key=form.submission_key.data)
    except DuplicateCheckError as error:
        flash(f"Double envoi : {error}.", "error")
        return redirect(url_for("checks.patient_checks", patient_id=patient_id))
    except InvalidCheckError as error:
        field = _form_field(form, error)
        if field in form:
            form[field].errors = [*form[field].errors, error.reason]
            return _form_page(patient, form, 422, "Rien n'a été enregistré.")
        return _form_page(patient, form, 422, f"Rien n'a été enregistré : {error}.")
    level = recorded.result.level.value
    flash(f"Relevé enregistré — triage {level_label(level)} : {recorded.result.action}.",
          "error" if level == TriageLevel.RED else "info")
    return redirect(url_for("checks.result", patient_id=patient_id,
                            check_id=recorded.record.id))


@blueprint.get("/patients/<int:patient_id>/surveillance/<int:check_id>")
@allow(*READERS)
def result(patient_id: int, check_id: int) -> str:
    """One check's result: what to do now, naming the first recourse (the read is audited)."""
    patient = load_patient(patient_id)
    session = db_session()
    record = session.get(DailyCheckRecord, check_id)
    if record is None or record.patient_id != patient.id:
        abort(404, "Ce relevé n'existe pas.")
    audit.record(session, current_user.record, "read", patient_id=patient_id,
                 target="relevé quotidien", detail=f"relevé n° {record.id}")
    settings = app_settings()
    numbers = red_call_numbers(directory(session, settings.reference.territories_dir),
                               patient.pathway.first_recourse if patient.pathway else "",
                               settings.monitoring)
    steps = what_to_do_now(record, numbers)
    return render_template("checks/result.html", patient=patient, r=record, steps=steps,
                           **_helpers())


@blueprint.get("/patients/<int:patient_id>/surveillance")
@allow(*READERS)
def patient_checks(patient_id: int) -> str:
    """The patient's checks, newest first, with grades and reasons (the read is audited)."""
    patient = load_patient(patient_id)
    form = Spo2ScaleForm(scale=patient.spo2_scale or 1)
    return _checks_page(patient, form)[0]


def _checks_page(patient: Patient, form: Spo2ScaleForm, status: int = 200) -> tuple[str, int]:
    session = db_session()
    records = checks_of(session, patient.id)
    audit.record(session, current_user.record, "read", patient_id=patient.id,
                 target="relevés quotidiens", detail=f"{len(records)} relevé(s)")
    plan = plan_or_refusal(patient.pathway, protocol())[0]
    return render_template("checks/patient.html", patient=patient, records=records, plan=plan,
                           scale_form=form, scale_labels=SCALE_LABELS, **_helpers()), status


@blueprint.post("/patients/<int:patient_id>/surveillance/echelle-spo2")
@allow(Role.COORDINATOR)
def spo2_scale(patient_id: int) -> ResponseReturnValue:
    """Set the patient's NEWS2 SpO₂ scale from its prescription (audited; errors by field)."""
    patient = load_patient(patient_id)
    form = Spo2ScaleForm()
    if form.validate():
        try:
            with db_session().begin_nested():
                changed = set_spo2_scale(db_session(), patient, form.scale.data,
                                         form.prescription.data or "", current_user.record)
        except Spo2ScaleError as error:
            getattr(form, error.field).errors = [str(error)]
        else:
            flash(f"Score NEWS2 : {SCALE_LABELS[patient.spo2_scale].lower()}." if changed
                  else "Aucune modification de l'échelle SpO₂.", "info")
            return redirect(url_for("checks.patient_checks", patient_id=patient_id))
    return _checks_page(patient, form, 422)


@blueprint.get("/surveillance/tournee")
@allow(Role.HAD_NURSE)
def rounds() -> str:
    """The nurse's HAD patients due a check today: the day's worst result, the latest check."""
    session = db_session()
    today = clock.today()
    items = due_checks.rounds(session, current_user.record, today, protocol())
    due = [item.patient for item in items]
    done = day_summaries(session, [p.id for p in due], today)
    numbers = numbers_of(session, due, app_settings())
    return render_template("checks/rounds.html", due=due, done=done, today=today,
                           numbers=numbers, **_helpers())



@blueprint.post("/api/patients/<int:patient_id>/checks")
@allow(*WRITERS)
def api_create(patient_id: int) -> ResponseReturnValue:
    """Record a check sent as JSON (the shipped schema, without the server-computed fields).

    201 with the grading; 400 naming the offending ``field``; 200 with the first record for a
    repeated ``Idempotency-Key``. No CSRF token: the body must be ``application/json``, which a
    cross-site form cannot send (and a cross-site script cannot without a CORS preflight that
    this app never grants); the session cookie is SameSite=Lax.
    """
    patient = load_patient(patient_id)
    document = request.get_json(silent=True) if request.is_json else None
    if document is None:
        return jsonify(error="corps JSON attendu (Content-Type: application/json)",
                       field=None), 400
    session = db_session()
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and len(key) > 64:
        return jsonify(error="en-tête Idempotency-Key trop long (64 caractères au plus)",
                       field=None), 400
    try:
        recorded = record_check(session, patient, document, current_user.record, app_settings(),
                                now=utc_now(), submission_key=key)
    except DuplicateCheckError as error:
        existing = session.get(DailyCheckRecord, error.check_id)
        if existing is None or existing.patient_id != patient_id:  # never another patient's
            return jsonify(error=str(error), field=None), 409
        return jsonify(record_json(existing)), 200
    except InvalidCheckError as error:
        return jsonify(error=str(error), field=error.field), 400
    return jsonify(record_json(recorded.record)), 201


csrf.exempt(api_create)  # JSON only: see the docstring


@blueprint.get("/api/patients/<int:patient_id>/checks")
@allow(*READERS)
def api_list(patient_id: int) -> ResponseReturnValue:
    """The patient's latest checks as JSON (the read is audited)."""
    load_patient(patient_id)
    session = db_session()
    records = checks_of(session, patient_id)
    audit.record(session, current_user.record, "read", patient_id=patient_id,
                 target="relevés quotidiens (API)", detail=f"{len(records)} relevé(s)")
    return jsonify([record_json(record) for record in records])
