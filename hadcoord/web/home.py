"""The home page: each role lands on what it works with."""

from __future__ import annotations

from flask import Blueprint, render_template

from hadcoord.store import Role
from hadcoord.web.access import allow

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
@allow(*Role)
def index() -> str:
    """The sections open to the logged-in user's role."""
    return render_template("home.html")
