"""Each user's in-app notifications."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.services.notifications import inbox, mark_all_read
from hadcoord.services.outbox import undelivered, undelivered_count
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.db import app_settings, db_session

blueprint = Blueprint("notifications", __name__, url_prefix="/notifications")


@blueprint.get("/")
@allow(*Role)
def index() -> str:
    """The user's notifications, newest first; the unread ones stand out."""
    session = db_session()
    items = inbox(session, current_user.record)
    watching = current_user.role in WATCHERS
    return render_template("checks/notifications.html", items=items, undelivered=(
        undelivered_count(session, app_settings()) if watching else None))


# Who sees the e-mails that failed or are late (issue 16).
WATCHERS = (Role.ADMIN, Role.COORDINATOR)


@blueprint.get("/envois")
@allow(*WATCHERS)
def deliveries() -> str:
    """The e-mails that failed for good or are late, oldest first, with the last error."""
    rows = undelivered(db_session(), app_settings())
    return render_template("checks/undelivered.html", rows=rows,
                           late_minutes=app_settings().jobs.late_after_minutes)


@blueprint.post("/lues")
@allow(*Role)
def read_all() -> ResponseReturnValue:
    """Mark every notification read."""
    session = db_session()
    count = mark_all_read(session, current_user.record)
    flash(f"{count} notification(s) marquée(s) comme lue(s).", "info")
    return redirect(url_for("notifications.index"))
