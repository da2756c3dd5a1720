"""Login and logout."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from hadcoord.services import audit
from hadcoord.services.accounts import authenticate
from hadcoord.store import Role, User
from hadcoord.web.access import CurrentUser, allow, public
from hadcoord.web.db import db_session
from hadcoord.web.fields import FrenchForm

blueprint = Blueprint("auth", __name__)


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


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Show the login form; on success go to the page asked for or the home page."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        session = db_session()
        user = authenticate(session, form.email.data or "", form.password.data or "")
        if user is None:
            audit.record(session, None, "login_failed",
                         detail=typed_identity(session, form.email.data or ""))
            flash("E-mail ou mot de passe incorrect.", "error")
            return render_template("login.html", form=form), 401
        login_user(CurrentUser(user))
        audit.record(session, user, "login")
        return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("login.html", form=form)


@blueprint.post("/logout")
@allow(*Role)
def logout() -> ResponseReturnValue:
    """End the session."""
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))
