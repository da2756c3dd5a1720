"""The second sign-in step: TOTP code or recovery code, and the first enrolment.

Reached only after the right password (the session then holds the pending user for
``PENDING_MINUTES``); codes are throttled like passwords (same account and address keys).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, url_for
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length, StopValidation

from hadcoord import clock
from hadcoord.services import audit, login_throttle, mfa
from hadcoord.store import User
from hadcoord.web.access import public
from hadcoord.web.auth import (
    PENDING_NEXT,
    PENDING_SINCE,
    PENDING_USER,
    finish_login,
    throttle_keys,
)
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.home import landing_url

blueprint = Blueprint("mfa", __name__, url_prefix="/connexion")
PENDING_MINUTES = 5
ENROL_SECRET = "mfa_enrol_secret"


class CodeForm(FlaskForm):  # type: ignore[misc]
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField("Code", validators=[DataRequired("Saisissez le code."), Length(max=20)])


def code_problems(code: str) -> list[str]:
    """Every rule a typed authenticator code breaks, one message each (spaces allowed)."""
    typed = code.strip().replace(" ", "")
    problems = []
    if len(typed) != mfa.CODE_DIGITS:
        plural = "s" if len(typed) > 1 else ""
        problems.append(f"Le code compte {mfa.CODE_DIGITS} chiffres : {len(typed)} "
                        f"caractère{plural} saisi{plural}.")
    if not typed.isdigit():
        problems.append("Le code ne contient que des chiffres.")
    return problems


def _authenticator_code(_form: FlaskForm, field: Field) -> None:
    if problems := code_problems(field.data or ""):
        field.errors = [*field.errors, *problems]
        raise StopValidation


class EnrolForm(FlaskForm):  # type: ignore[misc]
    """The first code from the authenticator app: 6 digits (no recovery code yet)."""

    code = StringField("Code à 6 chiffres", validators=[
        DataRequired("Saisissez le code."), _authenticator_code])


def _pending_user() -> User | None:
    user_id, since = flask_session.get(PENDING_USER), flask_session.get(PENDING_SINCE)
    if not isinstance(user_id, int) or not isinstance(since, str):
        return None
    if clock.utc_now() - dt.datetime.fromisoformat(since) > dt.timedelta(
            minutes=PENDING_MINUTES):
        return None
    user = db_session().get(User, user_id)
    return user if user is not None and user.active else None


def _restart() -> ResponseReturnValue:
    flash("Reconnectez-vous : l'étape du second facteur a expiré.", "error")
    return redirect(url_for("auth.login"))


def _refused(user: User, form: CodeForm | EnrolForm, template: str,
             **context: object) -> ResponseReturnValue:
    session = db_session()
    keys = throttle_keys(session, user.email)
    audit.record(session, user, "mfa_failed")
    for key in login_throttle.record_failure(session, keys, app_settings().security,
                                             clock.utc_now()):
        audit.record(session, None, "login_locked", target=key.label, detail="second facteur")
    form.code.errors = [*form.code.errors, "Code incorrect ou déjà utilisé."]
    return render_template(template, form=form, **context), 401


def _throttled(user: User) -> int:
    verdict = login_throttle.check(db_session(), throttle_keys(db_session(), user.email),
                                   app_settings().security, clock.utc_now())
    return verdict.retry_after_s


@blueprint.route("/code", methods=["GET", "POST"])
@public
def code() -> ResponseReturnValue:
    """Ask for the authenticator's code (or a recovery code)."""
    user = _pending_user()
    if user is None or user.totp_secret is None:
        return _restart()
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("mfa/code.html", form=form)
    wait = _throttled(user)
    if wait:
        flash(f"Trop de tentatives : réessayez dans {wait} s.", "error")
        return render_template("mfa/code.html", form=form), 429, {"Retry-After": str(wait)}
    how = mfa.verify(db_session(), user, form.code.data or "", clock.utc_now())
    if how is None:
        return _refused(user, form, "mfa/code.html")
    login_throttle.record_success(db_session(), throttle_keys(db_session(), user.email))
    response = finish_login(user, flask_session.get(PENDING_NEXT) or None,
                            how="code de secours" if how == "recovery" else "TOTP")
    if how == "recovery":  # after the new session began: the flash belongs to it
        left = mfa.remaining_recovery_codes(db_session(), user)
        flash(f"Code de secours utilisé : il vous en reste {left}.", "info")
    return response


@blueprint.route("/activation", methods=["GET", "POST"])
@public
def enrol() -> ResponseReturnValue:
    """First sign-in of a role that needs a second factor: scan the QR code, type a code."""
    user = _pending_user()
    if user is None:
        return _restart()
    if user.totp_secret is not None:
        return redirect(url_for("mfa.code"))
    secret = flask_session.get(ENROL_SECRET)
    if not isinstance(secret, str):
        secret = flask_session[ENROL_SECRET] = mfa.new_secret()
    uri = mfa.provisioning_uri(secret, user.email)
    context = {"secret": secret, "qr": mfa.qr_data_uri(uri)}
    form = EnrolForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("mfa/enrol.html", form=form, **context), status
    if _throttled(user):
        return _refused(user, form, "mfa/enrol.html", **context)
    step = mfa.check_enrolment_code(secret, form.code.data or "", clock.utc_now())
    if step is None:
        return _refused(user, form, "mfa/enrol.html", **context)
    codes = mfa.enrol(db_session(), user, secret, step, clock.utc_now())
    audit.record(db_session(), user, "mfa_enrolled")
    target = flask_session.get(PENDING_NEXT) or None
    finish_login(user, target, how="TOTP (activation)")
    return render_template("mfa/recovery_codes.html", codes=codes,
                           target=target or landing_url(user.role))
