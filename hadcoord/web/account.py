"""Every user's own account: change the password, see and end the open sessions."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Engine
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from hadcoord.services import accounts, audit
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.auth_sessions import end_session, end_sessions, open_sessions
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.reauth import recent_auth_required

blueprint = Blueprint("account", __name__, url_prefix="/compte")
REQUIRED = "Champ obligatoire."


class PasswordForm(FlaskForm):  # type: ignore[misc]
    """The current password and the new one, twice."""

    current = PasswordField("Mot de passe actuel",
                            validators=[DataRequired(REQUIRED), Length(max=128)])
    # Its rules (length, e-mail, guessability) are checked all at once by the view.
    new = PasswordField("Nouveau mot de passe (12 caractères au moins)",
                        validators=[DataRequired(REQUIRED)])
    confirm = PasswordField("Nouveau mot de passe, à nouveau", validators=[
        DataRequired(REQUIRED), EqualTo("new", "Les deux saisies diffèrent.")])


def _engine() -> Engine:
    engine: Engine = current_app.extensions["hadcoord"]["engine"]
    return engine


@blueprint.route("/mot-de-passe", methods=["GET", "POST"])
@allow(*Role)
def password() -> ResponseReturnValue:
    """Change one's own password (forced after an admin-issued one); other sessions end."""
    form = PasswordForm()
    forced = bool(current_user.record.must_change_password)
    if request.method != "POST":
        return render_template("account/password.html", form=form, forced=forced)
    if not _check_all(form):
        return render_template("account/password.html", form=form, forced=forced), 422
    session = db_session()
    user = current_user.record
    accounts.set_password(session, user, form.new.data or "")
    user.must_change_password = False
    audit.record(session, user, "password_changed")
    end_sessions(_engine(), user.id, "password", keep=getattr(flask_session, "sid", None))
    flash("Mot de passe changé ; vos autres sessions sont fermées.", "info")
    return redirect(url_for("home.index"))


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def _check_all(form: PasswordForm) -> bool:
    """Every rule on every field at once, each broken rule its own message next to its field.

    Not the first one only: the current password, each password rule, the confirmation.
    """
    valid: bool = form.validate_on_submit()
    if form.csrf_token.errors:  # not the user's own form: nothing else is checked
        return False
    if form.current.data and not form.current.errors and accounts.authenticate(
            db_session(), current_user.record.email, form.current.data) is None:
        form.current.errors = [*form.current.errors, "Mot de passe actuel incorrect."]
        valid = False
    if form.new.data:
        problems = accounts.password_problems(form.new.data, current_user.record.email)
        form.new.errors = [*form.new.errors, *map(_sentence, problems)]
        valid = valid and not problems
    return valid


@blueprint.get("/sessions")
@allow(*Role)
def sessions() -> str:
    """The user's open sessions (this one marked)."""
    rows = open_sessions(_engine(), current_user.id, app_settings())
    return render_template("account/sessions.html", rows=rows,
                           current=getattr(flask_session, "sid", None))


@blueprint.post("/sessions/fermer")
@allow(*Role)
@recent_auth_required
def end() -> ResponseReturnValue:
    """End one session (``session``: its position in the list) or all the others."""
    mine = {row.id: row for row in open_sessions(_engine(), current_user.id, app_settings())}
    current = getattr(flask_session, "sid", None)
    target = request.form.get("session", "")
    if target == "autres":
        count = end_sessions(_engine(), current_user.id, "user", keep=current)
        audit.record(db_session(), current_user.record, "sessions_ended",
                     detail=f"{count} autre(s) session(s)")
        flash(f"{count} autre(s) session(s) fermée(s).", "info")
    elif target in mine and target != current:
        end_session(_engine(), target, "user")
        audit.record(db_session(), current_user.record, "sessions_ended", detail="1 session")
        flash("Session fermée.", "info")
    else:
        flash("Session introuvable.", "error")
    return redirect(url_for("account.sessions"))
