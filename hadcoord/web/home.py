"""The home page: each role lands on what it works with."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

from hadcoord.store import Role
from hadcoord.web.access import allow

blueprint = Blueprint("home", __name__)
# Issue 14: after sign-in each role lands on the page it works with, not on a page repeating
# the menu.
LANDING = {Role.COORDINATOR: "dashboard.index", Role.HAD_NURSE: "checks.rounds",
           Role.PHARMACIST: "pharmacy.index", Role.ARS: "ars.index",
           Role.ADMIN: "admin.audit_trail"}


def landing_url(role: str) -> str:
    """Where ``role`` lands after signing in (the home page if its page is not there)."""
    endpoint = LANDING.get(Role(role)) if role in set(Role) else None
    if endpoint is None or endpoint not in current_app.view_functions:
        return url_for("home.index")
    return url_for(endpoint)


@blueprint.get("/")
@allow(*Role)
def index() -> str:
    """The sections open to the logged-in user's role."""
    return render_template("home.html")
