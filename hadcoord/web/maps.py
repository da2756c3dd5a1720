"""Coverage maps in the web app: the ARS map (and its offline download), and the pathway map.

Each map is a whole HTML document, shown in an <iframe> of the ARS and pathway pages. folium
writes inline scripts: this response alone allows them, by a per-response nonce.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, request, url_for
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
from hadcoord.web.caching import revalidated
from hadcoord.web.patients import load_patient

blueprint = Blueprint("maps", __name__)
ARS_ROLES = (Role.ARS, Role.COORDINATOR, Role.ADMIN)


@lru_cache(maxsize=8)
def _ars_html(engine: CoverageEngine, day: dt.date, scenario: str | None, static: str | None,
              options: MapsSettings) -> str:
    """The ARS map document (Leaflet linked under ``static``, or inlined when None)."""
    # Linked assets by url_for: each carries its fingerprint (cached a year, web/caching).
    assets = inlined() if static is None else linked(
        lambda path: url_for("static", filename=path))
    return render_ars_map(ars_map(engine, day, scenario), engine.catalogue.reference, options,
                          assets)


@lru_cache(maxsize=256)
def _pathway_html(engine: CoverageEngine, commune_code: str, day: dt.date,
                  options: MapsSettings, static: str) -> str:
    """The pathway map of a commune on ``day``: the same for every patient living there.

    Cached per commune, day and settings (``static``: the assets' URL prefix of the app):
    folium took 13–36 ms per view before (issue 19).
    """
    result = engine.match(commune_code, day)
    return render_pathway_map(pathway_map(engine, result), engine.catalogue.reference, options,
                              linked(lambda path: url_for("static", filename=path)))


def _day_and_scenario() -> tuple[dt.date, str | None]:
    try:
        day, scenario = day_and_scenario(request.args.get("date", ""),
                                         request.args.get("scenario", ""),
                                         context.engine().catalogue.scenarios, today())
    except (InvalidDateError, UnknownScenarioError) as error:
        abort(400, f"{str(error)[:1].upper()}{str(error)[1:]}.")
    return day, scenario.id if scenario else None


@lru_cache(maxsize=8)
def _digest(html: str) -> str:
    """The document's SHA-256, its ETag (the cached documents are the same objects)."""
    return hashlib.sha256(html.encode()).hexdigest()[:32]


def _stable_nonce(digest: str) -> str:
    """A nonce that stays the same for the same document of this app.

    A revalidated copy (304) then keeps matching its Content-Security-Policy. Only for
    documents built from the reference data alone, where no user input is ever written: the
    ARS map.
    """
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()[:24]


def _document(html: str, options: MapsSettings, nonce: str | None = None) -> Response:
    nonce = nonce or secrets.token_urlsafe(18)
    images = "'self' data:"
    if options.tiles_url:
        parts = urlsplit(options.tiles_url)
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    response = Response(with_nonce(html, nonce), mimetype="text/html")
    # The map documents alone keep style-src 'unsafe-inline' (ASVS 14.4.3, docs/asvs-l2.md):
    # Leaflet and folium position every tile, marker and popup with inline styles. Scripts stay
    # nonced; the app's own pages refuse inline styles (web/errors.py).
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'unsafe-inline'; img-src {images}; frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def map_document(html: str, options: MapsSettings) -> Response:
    """A map document of another page (the scenario editor's), with its own nonce and CSP."""
    return _document(html, options)


@blueprint.get("/ars/carte")
@allow(*ARS_ROLES)
def ars() -> ResponseReturnValue:
    """The ARS coverage map on ``date`` (default today) under ``scenario`` (default none)."""
    day, scenario = _day_and_scenario()
    options = context.map_options()
    html = _ars_html(context.engine(), day, scenario, url_for("static", filename=""), options)
    # No patient data: the browser keeps it and revalidates it by its ETag (1.3 MB sent once).
    digest = _digest(html)
    return revalidated(_document(html, options, nonce=_stable_nonce(digest)), digest)


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
    options = context.map_options()
    html = _pathway_html(context.engine(), patient.commune_code, today(), options,
                         url_for("static", filename=""))
    return _document(html, options)
