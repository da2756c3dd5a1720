"""Administration: the audit trail and the accounts (role `admin`)."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from hadcoord.services import audit
from hadcoord.store import Role, User
from hadcoord.web.access import allow
from hadcoord.web.auth_limits import bounded_int_arg
from hadcoord.web.db import db_session

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.get("/audit")
@allow(Role.ADMIN)
def audit_trail() -> str:
    """Who read or changed which patient record, newest first."""
    patient_id = bounded_int_arg("patient")
    events = audit.recent(db_session(), patient_id=patient_id)
    return render_template("admin/audit.html", events=events, patient_id=patient_id)


@blueprint.get("/users")
@allow(Role.ADMIN)
def users() -> str:
    """The accounts and their roles."""
    accounts = db_session().scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=accounts)
