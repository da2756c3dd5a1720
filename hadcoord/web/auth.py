"""Login and logout."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from hadcoord import clock
from hadcoord.services import audit, login_throttle, mfa
from hadcoord.services.accounts import authenticate
from hadcoord.store import Role, User
from hadcoord.web.access import CurrentUser, allow, public
from hadcoord.web.auth_sessions import DatabaseSession
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.fields import FrenchForm
from hadcoord.web.home import landing_url

blueprint = Blueprint("auth", __name__)
# Between the password and the second factor, the session holds only these.
PENDING_USER, PENDING_SINCE, PENDING_NEXT = "mfa_user", "mfa_since", "mfa_next"
# The time (UTC, ISO) of the last full authentication: sign-in or identity confirmation.
AUTH_AT = "auth_at"


class LoginForm(FrenchForm):
    """E-mail and password (plus the CSRF token)."""

    email = EmailField("Adresse e-mail", validators=[DataRequired("Saisissez votre e-mail."),
                                                     Length(max=254)])
    password = PasswordField("Mot de passe",
                             validators=[DataRequired("Saisissez votre mot de passe.")])


def safe_next(target: str | None) -> str | None:
    r"""``target`` if it is a path on this site, else None (ASVS 5.1.5: no open redirect).

    Browsers drop tabs and newlines and read ``\`` as ``/``: ``/\t/evil.example`` and
    ``/\evil.example`` lead to another site, so any control character or backslash is refused.
    """
    if not target or len(target) > 2000 or any(c < " " or c in "\\\x7f" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") \
            or parts.path.startswith("//"):
        return None
    return target


def typed_identity(session: Session, typed: str) -> str:
    """What the audit keeps of a failed sign-in's e-mail field (ASVS 7.1.1).

    A known account's address as it is; anything else (often a password typed in the wrong
    field) only as a keyed hash, which still links repeated attempts with the same text.
    """
    email = typed.strip().lower()
    if email and session.scalar(select(User.id).where(User.email == email)) is not None:
        return email
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, typed.encode(), hashlib.sha256).hexdigest()[:16]
    return f"identifiant inconnu (empreinte {digest})"


def regenerate_session(reason: str) -> None:
    """Forget the session's data and go on under a new id (the old record is ended)."""
    if isinstance(flask_session, DatabaseSession):
        flask_session.regenerate(reason)
    else:  # pragma: no cover - the app always installs the database sessions
        flask_session.clear()


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Show the login form; on success go to the page asked for or the home page."""
    if current_user.is_authenticated:
        return redirect(landing_url(current_user.role))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form)
    session = db_session()
    email = form.email.data or ""
    keys = throttle_keys(session, email)
    policy = app_settings().security
    verdict = login_throttle.check(session, keys, policy, clock.utc_now())
    if not verdict.allowed:
        return _throttled(form, verdict.retry_after_s)
    user = authenticate(session, email, form.password.data or "")
    if user is None:
        return _failed(session, form, keys, email)
    login_throttle.record_success(session, keys)
    return complete_password_step(user)


def throttle_keys(session: Session, email: str) -> tuple[login_throttle.ThrottleKey, ...]:
    """The throttle keys of a sign-in: the typed account and the client address."""
    known = session.scalar(select(User.id).where(User.email == email.strip().lower()))
    return login_throttle.keys_for(email, request.remote_addr or "inconnue",
                                   known_account=known is not None)


def _throttled(form: LoginForm, wait_s: int) -> ResponseReturnValue:
    """Too many failures: refused before any password check (ASVS 2.2.1)."""
    minutes = (wait_s + 59) // 60
    flash("Trop de tentatives de connexion : réessayez dans "
          + (f"{wait_s} s." if wait_s < 120 else f"{minutes} min."), "error")
    response = make_response(render_template("login.html", form=form), 429)
    response.headers["Retry-After"] = str(wait_s)
    return response


def _failed(session: Session, form: LoginForm, keys: tuple[login_throttle.ThrottleKey, ...],
            email: str) -> ResponseReturnValue:
    audit.record(session, None, "login_failed", detail=typed_identity(session, email))
    for key in login_throttle.record_failure(session, keys, app_settings().security,
                                             clock.utc_now()):
        audit.record(session, None, "login_locked", target=key.label,
                     detail=f"{app_settings().security.login_lock_minutes} min")
    flash("E-mail ou mot de passe incorrect.", "error")
    return render_template("login.html", form=form), 401


def complete_password_step(user: User) -> ResponseReturnValue:
    """The password was right: the second factor next if the role needs one, else sign in."""
    target = safe_next(request.args.get("next"))
    if not mfa.required(user, app_settings()):
        return finish_login(user, target)
    regenerate_session("password")  # a new id already: nothing of the anonymous session stays
    flask_session[PENDING_USER] = user.id
    flask_session[PENDING_SINCE] = clock.utc_now().isoformat()
    flask_session[PENDING_NEXT] = target or ""
    endpoint = "mfa.code" if user.totp_confirmed_at is not None else "mfa.enrol"
    return redirect(url_for(endpoint))


def finish_login(user: User, target: str | None, *, how: str = "") -> ResponseReturnValue:
    """Open the signed-in session under a new id (ASVS 3.2.1: the old CSRF token is dead)."""
    regenerate_session("login")
    login_user(CurrentUser(user))
    flask_session[AUTH_AT] = clock.utc_now().isoformat()  # ASVS 3.7.1: see web/reauth.py
    audit.record(db_session(), user, "login", detail=how)
    if user.must_change_password:
        return redirect(url_for("account.password"))
    return redirect(target or landing_url(user.role))


@blueprint.post("/logout")
@allow(*Role)
def logout() -> ResponseReturnValue:
    """End the session (its record too: a copied cookie opens nothing afterwards)."""
    logout_user()
    regenerate_session("logout")
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))
