"""`/healthz`: 200 only when the database answers, is at the expected schema and takes a write.

For the load balancer, the reverse proxy and `make run`. A 503 names the failing part
(« base de données injoignable », « schéma … », « écriture impossible … ») so whoever is on
call knows where to look; it never shows SQL or data.
"""

from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from hadcoord.store import database_is_reachable
from hadcoord.store.schema import schema_problem, short_reason, write_heartbeat
from hadcoord.web.access import public

blueprint = Blueprint("health", __name__)
HEARTBEAT = "web"


def health_problem(engine: Engine) -> tuple[str, str] | None:
    """The failing part and a French sentence about it, or None when all is well."""
    if not database_is_reachable(engine):
        return "database", "base de données injoignable"
    try:
        problem = schema_problem(engine)
    except SQLAlchemyError as error:
        return "schema", f"schéma illisible : {short_reason(error)}"
    if problem:
        return "schema", problem
    try:
        write_heartbeat(engine, HEARTBEAT)
    except SQLAlchemyError as error:
        return "write", f"écriture impossible dans la base de données : {short_reason(error)}"
    return None


@blueprint.get("/healthz")
@public
def healthz() -> tuple[dict[str, str], int, dict[str, str]]:
    """Reachability, schema revision and a heartbeat write."""
    problem = health_problem(current_app.extensions["hadcoord"]["engine"])
    if problem is None:
        return {"status": "ok"}, 200, {}
    part, message = problem
    return {"status": message, "failing": part}, 503, {"Retry-After": "10"}
