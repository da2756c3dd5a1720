"""Login and logout."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from hadcoord.services import audit
from hadcoord.services.accounts import authenticate
from hadcoord.store import Role
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


def _safe_next(target: str | None) -> str | None:
    return target if target and target.startswith("/") and not target.startswith("//") else None


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
            audit.record(session, None, "login_failed", detail=form.email.data or "")
            flash("E-mail ou mot de passe incorrect.", "error")
            return render_template("login.html", form=form), 401
        login_user(CurrentUser(user))
        audit.record(session, user, "login")
        return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("login.html", form=form)


@blueprint.post("/logout")
@allow(*Role)
def logout() -> ResponseReturnValue:
    """End the session."""
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))
