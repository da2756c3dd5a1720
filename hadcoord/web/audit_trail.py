"""What the web layer adds to the audit trail: origins, and pages that show names (issue 16).

Every event of a request carries the client address and the first 16 characters of the
session id. The pages listed in ``AUDITED_VIEWS`` record their opening (after the access
check: a refusal is recorded by ``web.access`` instead), in the request's transaction.
"""

from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from hadcoord.services import audit
from hadcoord.web.db import db_session

# endpoint → (action, what was opened)
AUDITED_VIEWS = {
    "patients.index": ("read_list", "liste des patients"),
    "dashboard.index": ("read_list", "tableau de bord"),
    "notifications.index": ("read_list", "notifications"),
    "pharmacy.csv": ("export", "liste de préparation (CSV)"),
    "admin.audit_trail": ("read", "journal d'audit"),
    "admin.audit_csv": ("export", "journal d'audit (CSV)"),
    "admin.users": ("read", "comptes"),
    "auth.logout": ("logout", ""),
}


def session_ref() -> str:
    """The first 16 characters of the request's session id (``user_sessions.id``)."""
    sid = getattr(session, "sid", None)
    return sid[:16] if isinstance(sid, str) else ""


def _set_origin() -> None:
    audit.set_origin(request.remote_addr or "", session_ref())


def _record_view() -> None:
    audited = AUDITED_VIEWS.get(request.endpoint or "")
    if audited is None or not current_user.is_authenticated:
        return
    action, target = audited
    query = request.query_string.decode("utf-8", "replace")[:500]
    audit.record(db_session(), current_user.record, action, target=target or request.path,
                 detail=f"paramètres : {query}" if query else "")


def _forget_origin(_error: BaseException | None = None) -> None:
    audit.set_origin("", "")


def init_app(app: Flask) -> None:
    """Set each request's origin first; record the audited pages after the access check."""
    app.before_request_funcs.setdefault(None, []).insert(0, _set_origin)
    app.before_request(_record_view)
    app.teardown_request(_forget_origin)
