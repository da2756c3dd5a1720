"""Administration: the audit trail and the accounts (role `admin`)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from hadcoord import clock
from hadcoord.services import account_admin, audit_search, login_throttle
from hadcoord.services.accounts import AccountError, known_hads
from hadcoord.store import Role, User
from hadcoord.web import context
from hadcoord.web.access import allow
from hadcoord.web.auth_limits import bounded_int_arg
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.reauth import recent_auth_required
from hadcoord.wording import labels

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.get("/audit")
@allow(Role.ADMIN)
def audit_trail() -> ResponseReturnValue:
    """The audit trail, newest first, by pages; filters by user, patient, action and days."""
    filters, errors = audit_search.read_filters(request.args)
    page = bounded_int_arg("page") or 1
    found = audit_search.page_of(db_session(), filters, page, app_settings().audit.page_size)
    return render_template("admin/audit.html", found=found, filters=filters, errors=errors,
                           form=request.args, actions=labels.AUDIT_ACTION,
                           patient_id=filters.patient_id), 400 if errors else 200


@blueprint.get("/audit.csv")
@allow(Role.ADMIN)
def audit_csv() -> ResponseReturnValue:
    """The events matching the filters as a CSV file (for the DPO), oldest first."""
    filters, errors = audit_search.read_filters(request.args)
    if errors:
        return Response("Erreur : " + " ; ".join(errors.values()) + ".\n", status=400,
                        mimetype="text/plain")
    body = audit_search.audit_csv(audit_search.matching(db_session(), filters))
    name = f"journal-audit_{clock.today().isoformat()}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.get("/users")
@allow(Role.ADMIN)
def users() -> ResponseReturnValue:
    """The accounts and their roles, the sign-in locks, and the account actions."""
    return _users_page()


def _users_page(issued: tuple[str, str] | None = None, error: str | None = None,
                status: int = 200) -> ResponseReturnValue:
    session = db_session()
    accounts = session.scalars(select(User).order_by(User.role, User.email)).all()
    locks = login_throttle.active_locks(session, clock.utc_now())
    return render_template(
        "admin/users.html", users=accounts, issued=issued, error=error, roles=list(Role),
        locks=locks, account_locks=account_admin.account_locks(accounts, locks),
        last_logins=account_admin.last_logins(session),
        establishment_name=establishment_name), status


@blueprint.post("/users/deblocage")
@allow(Role.ADMIN)
@recent_auth_required
def unlock() -> ResponseReturnValue:
    """Lift a sign-in lock (an account's or a client address's) before it runs out."""
    label = account_admin.lift_lock(db_session(), current_user.record,
                                    request.form.get("key", ""))
    if label is None:
        flash("Aucun blocage en cours pour cette connexion (déjà levé ou expiré).", "info")
    else:
        flash(f"Blocage levé pour « {label} » : les tentatives de connexion reprennent à zéro.",
              "info")
    return redirect(url_for("admin.users"))


@blueprint.post("/users/nouveau")
@allow(Role.ADMIN)
@recent_auth_required
def create_account() -> ResponseReturnValue:
    """Create an account with a temporary password, shown once, to change at first sign-in."""
    session = db_session()
    try:
        user, password = account_admin.create(
            session, current_user.record, request.form.get("email", ""),
            request.form.get("role", ""), request.form.get("had", "").strip() or None,
            known=known_hads(app_settings()))
    except AccountError as error:
        session.rollback()
        return _users_page(error=f"Compte non créé : {error}.", status=422)
    return _users_page(issued=(user.email, password))


ACTIONS = ("deactivate", "activate", "role", "password", "mfa_reset")


@blueprint.post("/users/<int:user_id>")
@allow(Role.ADMIN)
@recent_auth_required
def change_account(user_id: int) -> ResponseReturnValue:
    """One action on an account: (de)activate, role/HAD, new password, second-factor reset."""
    session = db_session()
    user = session.get(User, user_id)
    action = request.form.get("action", "")
    if user is None or action not in ACTIONS:
        abort(404, "Ce compte n'existe pas.")
    actor = current_user.record
    issued = None
    try:
        if action in ("deactivate", "activate"):
            account_admin.set_active(session, actor, user, action == "activate")
        elif action == "role":
            account_admin.change_role(session, actor, user, request.form.get("role", ""),
                                      request.form.get("had", "").strip() or None,
                                      known=known_hads(app_settings()))
        elif action == "password":
            issued = (user.email, account_admin.issue_password(session, actor, user))
        else:
            account_admin.reset_second_factor(session, actor, user)
    except AccountError as error:
        session.rollback()
        return _users_page(error=f"Modification refusée : {error}.", status=422)
    if issued:
        return _users_page(issued=issued)
    flash(f"Compte {user.email} modifié.", "info")
    return redirect(url_for("admin.users"))


def establishment_name(ident: str | None) -> str:
    """The name of the HAD ``ident`` as users know it (never its internal identifier)."""
    if not ident:
        return ""
    establishment = context.engine().catalogue.by_id.get(ident)
    return establishment.name if establishment else "HAD absente du référentiel"
