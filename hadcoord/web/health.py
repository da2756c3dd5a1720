"""`/healthz`: 200 when the database answers (for the load balancer and `make run`)."""

from __future__ import annotations

from flask import Blueprint, current_app

from hadcoord.store import database_is_reachable
from hadcoord.web.access import public

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@public
def healthz() -> tuple[dict[str, str], int]:
    """Database reachability."""
    if database_is_reachable(current_app.extensions["hadcoord"]["engine"]):
        return {"status": "ok"}, 200
    return {"status": "base de données injoignable"}, 503
