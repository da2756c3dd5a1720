"""Coverage maps in the web app: the ARS map (and its offline download), and the pathway map.

Each map is a whole HTML document, shown in an <iframe> of the ARS and pathway pages. folium
writes inline scripts: this response alone allows them, by a per-response nonce.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, request, url_for
from flask.typing import ResponseReturnValue

from hadcoord.clock import today
from hadcoord.config.maps import MapsSettings
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.scenarios import UnknownScenarioError
from hadcoord.coverage.serialize import InvalidDateError, day_and_scenario
from hadcoord.maps import (
    ars_map,
    inlined,
    linked,
    pathway_map,
    render_ars_map,
    render_pathway_map,
)
from hadcoord.maps.document import with_nonce
from hadcoord.store import Role
from hadcoord.web import context
from hadcoord.web.access import allow
from hadcoord.web.patients import load_patient

blueprint = Blueprint("maps", __name__)
ARS_ROLES = (Role.ARS, Role.COORDINATOR, Role.ADMIN)


@lru_cache(maxsize=8)
def _ars_html(engine: CoverageEngine, day: dt.date, scenario: str | None, static: str | None,
              options: MapsSettings) -> str:
    """The ARS map document (Leaflet linked under ``static``, or inlined when None)."""
    assets = inlined() if static is None else linked(lambda path: f"{static}{path}")
    return render_ars_map(ars_map(engine, day, scenario), engine.catalogue.reference, options,
                          assets)


def _day_and_scenario() -> tuple[dt.date, str | None]:
    try:
        day, scenario = day_and_scenario(request.args.get("date", ""),
                                         request.args.get("scenario", ""),
                                         context.engine().catalogue.scenarios, today())
    except (InvalidDateError, UnknownScenarioError) as error:
        abort(400, f"{str(error)[:1].upper()}{str(error)[1:]}.")
    return day, scenario.id if scenario else None


def _document(html: str, options: MapsSettings) -> Response:
    nonce = secrets.token_urlsafe(18)
    images = "'self' data:"
    if options.tiles_url:
        parts = urlsplit(options.tiles_url)
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    response = Response(with_nonce(html, nonce), mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'unsafe-inline'; img-src {images}; frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@blueprint.get("/ars/carte")
@allow(*ARS_ROLES)
def ars() -> ResponseReturnValue:
    """The ARS coverage map on ``date`` (default today) under ``scenario`` (default none)."""
    day, scenario = _day_and_scenario()
    options = context.map_options()
    html = _ars_html(context.engine(), day, scenario, url_for("static", filename=""), options)
    return _document(html, options)


@blueprint.get("/ars/carte/telecharger")
@allow(*ARS_ROLES)
def ars_download() -> ResponseReturnValue:
    """The same map as one standalone HTML file (Leaflet inlined: opens offline)."""
    day, scenario = _day_and_scenario()
    html = _ars_html(context.engine(), day, scenario, None, context.map_options())
    name = f"couverture-had-{day.isoformat()}{'-' + scenario if scenario else ''}.html"
    return Response(html, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.get("/patients/<int:patient_id>/parcours/carte")
@allow(Role.COORDINATOR)
def pathway(patient_id: int) -> ResponseReturnValue:
    """The patient's commune, covering territories, proposed HADs and first recourse."""
    patient = load_patient(patient_id)
    engine = context.engine()
    result = engine.match(patient.commune_code, today())
    options = context.map_options()
    html = render_pathway_map(pathway_map(engine, result), engine.catalogue.reference, options,
                              linked(lambda path: url_for("static", filename=path)))
    return _document(html, options)
