"""Each user's in-app notifications."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.services.notifications import inbox, mark_all_read
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.db import db_session

blueprint = Blueprint("notifications", __name__, url_prefix="/notifications")


@blueprint.get("/")
@allow(*Role)
def index() -> str:
    """The user's notifications, newest first; the unread ones stand out."""
    items = inbox(db_session(), current_user.record)
    return render_template("checks/notifications.html", items=items)


@blueprint.post("/lues")
@allow(*Role)
def read_all() -> ResponseReturnValue:
    """Mark every notification read."""
    session = db_session()
    count = mark_all_read(session, current_user.record)
    flash(f"{count} notification(s) marquée(s) comme lue(s).", "info")
    return redirect(url_for("notifications.index"))
