"""JSON API mirroring the main reads, with the same login and roles as the pages."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from hadcoord.coverage.scenarios import UnknownScenarioError
from hadcoord.coverage.serialize import InvalidDateError, match_json, parse_day
from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo.search import find_commune, search_communes
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.context import engine, reference
from hadcoord.web.db import app_settings

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.get("/communes")
@allow(*Role)
def communes() -> ResponseReturnValue:
    """Commune search: ``q`` (name, code, postal code), optional ``department`` and ``limit``.

    No match is an empty list; an empty query or a department outside Occitanie is a 400.
    """
    query = request.args.get("q", "")
    limit = max(1, min(request.args.get("limit", type=int) or app_settings().geo.search_limit,
                       50))
    try:
        matches = search_communes(reference(), query,
                                  department=request.args.get("department") or None,
                                  limit=limit, min_score=app_settings().geo.fuzzy_min_score)
    except UnknownCommuneError as error:
        if not query.strip() or request.args.get("department"):
            return jsonify(error=str(error)), 400  # empty query, department not in Occitanie
        return jsonify([])  # no match: an empty result, not an error
    return jsonify([{
        "code": m.commune.code, "name": m.commune.name, "label": m.label,
        "department": m.commune.department, "population": m.commune.population,
        "postal_codes": list(m.commune.postal_codes), "matched_by": m.matched_by,
    } for m in matches])


@blueprint.get("/match")
@allow(Role.COORDINATOR, Role.ARS, Role.ADMIN)
def match() -> ResponseReturnValue:
    """Which HAD can take a patient living in ``commune`` (INSEE code or name).

    Optional ``date`` (YYYY-MM-DD, default today) and ``scenario``. Same JSON as
    `hadcoord match --json`; ambiguous commune → 409 with ``candidates``, unknown → 404 with
    ``suggestions``, bad date, scenario or empty commune → 400.
    """
    query = request.args.get("commune", "")
    if not query.strip():
        return jsonify(error="paramètre « commune » manquant (code INSEE ou nom)"), 400
    try:
        day = parse_day(request.args.get("date") or None)
    except InvalidDateError as error:
        return jsonify(error=str(error)), 400
    try:
        commune = find_commune(reference(), query)
    except AmbiguousCommuneError as error:
        return jsonify(error=str(error), candidates=error.candidates), 409
    except UnknownCommuneError as error:
        return jsonify(error=str(error), suggestions=error.suggestions), 404
    try:
        result = engine().match(commune.code, day, request.args.get("scenario") or None)
    except UnknownScenarioError as error:
        return jsonify(error=str(error)), 400
    return jsonify(match_json(result))
