"""Sudo mode (OWASP ASVS 4.0.3 3.7.1): sensitive account actions need a recent authentication.

The session (a database row, see ``auth_sessions``) keeps the time of the last full
authentication (``AUTH_AT``: sign-in, or a confirmation here). Past
``[security].reauth_minutes``, a guarded view sends the user to « Confirmez votre identité »
(password, plus the authenticator code when enrolled). A POST is never replayed: after the
confirmation the user comes back to the page they came from and repeats the action.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from hadcoord import clock
from hadcoord.services import audit, login_throttle, mfa
from hadcoord.services.accounts import authenticate
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.auth import AUTH_AT, safe_next, throttle_keys
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.fields import FrenchForm

blueprint = Blueprint("reauth", __name__)
View = Callable[..., ResponseReturnValue]


class ConfirmForm(FrenchForm):
    """The password, and the authenticator code when the user has one."""

    password = PasswordField("Mot de passe", validators=[
        DataRequired("Saisissez votre mot de passe."), Length(max=128)])
    code = StringField("Code de l'application d'authentification",
                       validators=[Optional(), Length(max=20)])


def is_recent() -> bool:
    """Whether the session's last full authentication is within the window."""
    since = flask_session.get(AUTH_AT)
    if not isinstance(since, str):
        return False
    try:
        at = dt.datetime.fromisoformat(since)
    except ValueError:
        return False
    window = dt.timedelta(minutes=app_settings().security.reauth_minutes)
    return dt.timedelta(0) <= clock.utc_now() - at <= window


def _came_from() -> str:
    """Where to come back after confirming: this page (GET) or the one the form was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return "/"
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path) or "/"


def recent_auth_required(view: View) -> View:
    """Guard a sensitive view: past the window, confirm one's identity first."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if is_recent():
            return view(*args, **kwargs)
        flask_session["reauth_replay"] = request.method != "GET"
        return redirect(url_for("reauth.confirm", next=_came_from()))

    return guarded


@blueprint.route("/confirmer-identite", methods=["GET", "POST"])
@allow(*Role)
def confirm() -> ResponseReturnValue:
    """Ask for the password (and TOTP code) again; then back where the user was."""
    user = current_user.record
    enrolled = user.totp_confirmed_at is not None and user.totp_secret is not None
    form = ConfirmForm()
    target = safe_next(request.args.get("next")) or "/"
    if not form.validate_on_submit():
        return _page(form, enrolled, 422 if request.method == "POST" else 200)
    session = db_session()
    keys = throttle_keys(session, user.email)
    verdict = login_throttle.check(session, keys, app_settings().security, clock.utc_now())
    if not verdict.allowed:
        form.password.errors = [f"Trop de tentatives : réessayez dans {verdict.retry_after_s} s."]
        return _page(form, enrolled, 429)
    if authenticate(session, user.email, form.password.data or "") is None:
        form.password.errors = ["Mot de passe incorrect."]
        return _failed(form, enrolled, keys)
    if enrolled and mfa.verify(session, user, form.code.data or "", clock.utc_now()) is None:
        form.code.errors = ["Code incorrect ou déjà utilisé."]
        return _failed(form, enrolled, keys)
    login_throttle.record_success(session, keys)
    audit.record(session, user, "reauth")
    flask_session[AUTH_AT] = clock.utc_now().isoformat()
    if flask_session.pop("reauth_replay", False):
        flash("Identité confirmée : refaites l'action demandée.", "info")
    return redirect(target)


def _page(form: ConfirmForm, enrolled: bool, status: int) -> ResponseReturnValue:
    return render_template("reauth.html", form=form, enrolled=enrolled), status


def _failed(form: ConfirmForm, enrolled: bool,
            keys: tuple[login_throttle.ThrottleKey, ...]) -> ResponseReturnValue:
    """A wrong confirmation counts like a failed sign-in and is audited."""
    session = db_session()
    audit.record(session, current_user.record, "reauth_failed")
    for key in login_throttle.record_failure(session, keys, app_settings().security,
                                             clock.utc_now()):
        audit.record(session, None, "login_locked", target=key.label,
                     detail="confirmation d'identité")
    return _page(form, enrolled, 401)
