"""Access control: every view is closed unless it declares the roles allowed to use it.

Views declare ``@allow(Role.COORDINATOR, …)`` (or ``@public``). Before each request the declared
roles are checked: anonymous → the login page (401 for the JSON API), wrong role → 403. A view
that declares nothing is refused to everyone (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import UserMixin, current_user
from sqlalchemy import select

from hadcoord.services import audit
from hadcoord.store import Role, User
from hadcoord.web.db import close_session, commit_session, db_session
from hadcoord.web.extensions import login_manager

View = TypeVar("View", bound=Callable[..., Any])
PUBLIC = "__public__"
# With an admin-issued password, only these pages open until it is changed.
FORCED_CHANGE_OPEN = frozenset({"account.password", "auth.logout"})


class CurrentUser(UserMixin):  # type: ignore[misc]
    """The logged-in user as the web layer sees it."""

    def __init__(self, user: User) -> None:
        self.id = user.id
        self.email = user.email
        self.role = user.role
        self.had_establishment_id = user.had_establishment_id
        self.record = user


def allow(*roles: Role) -> Callable[[View], View]:
    """Declare the roles allowed to use a view."""

    def decorator(view: View) -> View:
        view.allowed_roles = frozenset(role.value for role in roles)  # type: ignore[attr-defined]
        return view

    return decorator


def public(view: View) -> View:
    """Declare a view open without login (login page, health check)."""
    view.allowed_roles = PUBLIC  # type: ignore[attr-defined]
    return view


def allowed_roles(endpoint: str) -> frozenset[str] | str | None:
    """The roles a view declared (``PUBLIC``, a set, or None when it declared nothing)."""
    view = current_app.view_functions.get(endpoint)
    roles: frozenset[str] | str | None = getattr(view, "allowed_roles", None)
    return roles


def _load_user(user_id: str) -> CurrentUser | None:
    user = db_session().scalar(select(User).where(User.id == int(user_id), User.active))
    return CurrentUser(user) if user else None


def _check_access() -> ResponseReturnValue | None:
    if request.endpoint is None or request.endpoint == "static":
        return None
    roles = allowed_roles(request.endpoint)
    if roles == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return _anonymous()
    if roles is None or current_user.role not in roles:
        audit.record(db_session(), current_user.record, "access_denied",
                     patient_id=_patient_in_path(), target=request.path)
        abort(403)
    if current_user.record.must_change_password and request.endpoint not in FORCED_CHANGE_OPEN:
        if request.path.startswith("/fhir/"):
            abort(403, "changez d'abord votre mot de passe")
        if request.path.startswith("/api/"):
            return jsonify(error="changez d'abord votre mot de passe"), 403
        return redirect(url_for("account.password"))
    return None


def _patient_in_path() -> int | None:
    patient_id = (request.view_args or {}).get("patient_id")
    return patient_id if isinstance(patient_id, int) else None


def _anonymous() -> ResponseReturnValue:
    """Not signed in: the login page, the « session expirée » page, or a JSON 401."""
    if request.endpoint != "home.index":  # the site's entry point shows nothing by itself
        audit.record(db_session(), None, "access_anonymous", patient_id=_patient_in_path(),
                     target=request.path)
    expired = bool(getattr(session, "expired", False))
    if request.path.startswith("/api/"):
        return jsonify(error="session expirée" if expired else "authentification requise"), 401
    if request.path.startswith("/fhir/"):  # an OperationOutcome (web/fhir.py)
        abort(401, "session expirée" if expired else "authentification requise")
    if expired:
        return session_expired()
    unauthorized: ResponseReturnValue = login_manager.unauthorized()
    return unauthorized


def _return_path() -> str:
    """Where to come back after signing in again: this page, or the form's page for a POST."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


def session_expired() -> ResponseReturnValue:
    """The « session expirée » page: sign in again and come back here (401)."""
    target = _return_path()
    return render_template("session_expired.html", next=target), 401


def init_app(app: Flask) -> None:
    """Install the access check, the request's commit and the session teardown."""
    login_manager.user_loader(_load_user)
    app.before_request(_check_access)
    app.after_request(commit_session)
    app.teardown_appcontext(close_session)
