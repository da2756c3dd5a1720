"""JSON API mirroring the main reads, with the same login and roles as the pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.coverage.scenarios import UnknownScenarioError
from hadcoord.coverage.serialize import InvalidDateError, match_json, parse_day
from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo import Commune
from hadcoord.geo.search import find_commune, search_communes
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.context import engine, reference
from hadcoord.web.db import app_settings

blueprint = Blueprint("api", __name__, url_prefix="/api")


def search_department() -> str | None:
    """The department of the signed-in user's HAD main site (None without an HAD).

    Its communes come first in the search boxes (« Caste » in Castelsarrasin's HAD:
    Castelsarrasin).
    """
    had_id = getattr(current_user, "had_establishment_id", None)
    establishment = engine().catalogue.by_id.get(had_id) if had_id else None
    commune = reference().by_code.get(establishment.main_site) if establishment else None
    return commune.department if commune else None


@blueprint.app_context_processor
def _search_hint() -> dict[str, object]:
    """``search_department()`` in every template (see :func:`search_department`)."""
    return {"search_department": search_department}


@blueprint.get("/communes")
@allow(*Role)
def communes() -> ResponseReturnValue:
    """Commune search: ``q`` (name, code, postal code), optional ``department`` and ``limit``.

    ``prefer_department``: its communes first among equal matches, the others still listed.
    What is typed so far is enough (« Tou » → Toulouse first). ``code`` instead of ``q`` looks
    up one INSEE code exactly. No match is an empty list; an empty query or a department
    outside Occitanie is a 400.
    """
    if code := request.args.get("code", "").strip():
        try:
            commune, redirected = reference().resolve(code)
        except UnknownCommuneError:
            return jsonify([])
        matched_by = "old_code" if redirected else "code"
        return jsonify([{**_commune_json(commune, matched_by), "label": commune.name}])
    query = request.args.get("q", "")
    limit = max(1, min(request.args.get("limit", type=int) or app_settings().geo.search_limit,
                       50))
    try:
        matches = search_communes(reference(), query,
                                  department=request.args.get("department") or None,
                                  prefer_department=request.args.get("prefer_department") or None,
                                  limit=limit, min_score=app_settings().geo.fuzzy_min_score)
    except UnknownCommuneError as error:
        if not query.strip() or "hors d'Occitanie" in str(error):
            return jsonify(error=str(error)), 400  # empty query, department not in Occitanie
        return jsonify([])  # no match: an empty result, not an error
    return jsonify([{
        "code": m.commune.code, "name": m.commune.name, "label": m.label,
        "department": m.commune.department, "population": m.commune.population,
        "postal_codes": list(m.commune.postal_codes), "matched_by": m.matched_by,
    } for m in matches])


def _commune_json(commune: Commune, matched_by: str | None = None) -> dict[str, object]:
    return {"code": commune.code, "name": commune.name, "department": commune.department,
            "postal_codes": list(commune.postal_codes), "population": commune.population,
            **({"matched_by": matched_by} if matched_by else {})}


def _designated(code: str, query: str) -> Commune | ResponseReturnValue:
    """The commune of INSEE ``code`` (exact), else the one ``query`` designates, else an answer.

    Several communes → 300 Multiple Choices with the candidates and, for each, the URL that
    asks for it by code; unknown → 404 with suggestions.
    """
    communes = reference()
    try:
        if code.strip():
            return communes.get(code)
        return find_commune(communes, query)
    except AmbiguousCommuneError as error:
        args = {k: v for k, v in request.args.items() if k not in ("q", "commune", "code")}
        candidates = []
        for label, candidate in zip(error.candidates, error.codes, strict=True):
            commune = communes.by_code[candidate]
            values: dict[str, Any] = {**args, "code": candidate}
            url = url_for("api.match", **values)
            candidates.append({**_commune_json(commune), "label": label, "url": url})
        return jsonify(error=str(error), candidates=candidates), 300
    except UnknownCommuneError as error:
        return jsonify(error=str(error), suggestions=error.suggestions), 404


@blueprint.get("/match")
@allow(Role.COORDINATOR, Role.ARS, Role.ADMIN)
def match() -> ResponseReturnValue:
    """Which HAD can take a patient living in a commune.

    ``code`` is an INSEE code (a program's reference: exact, never ambiguous); ``q`` (or its
    older name ``commune``) is what a person typed: name, INSEE or postal code. Optional
    ``date`` (YYYY-MM-DD, default today) and ``scenario``. Same JSON as `hadcoord match --json`;
    several communes for ``q`` → 300 with ``candidates`` (each with its ``url`` by code);
    unknown → 404 with ``suggestions``; bad date, scenario or no commune → 400.
    """
    code = request.args.get("code", "")
    query = request.args.get("q") or request.args.get("commune", "")
    if not code.strip() and not query.strip():
        return jsonify(error="paramètre « commune » manquant : « code » (code INSEE) ou « q » "
                             "(nom, code INSEE ou postal tapé)"), 400
    try:
        day = parse_day(request.args.get("date") or None)
    except InvalidDateError as error:
        return jsonify(error=str(error)), 400
    commune = _designated(code, query)
    if not isinstance(commune, Commune):
        return commune
    try:
        result = engine().match(commune.code, day, request.args.get("scenario") or None)
    except UnknownScenarioError as error:
        return jsonify(error=str(error)), 400
    return jsonify(match_json(result))
