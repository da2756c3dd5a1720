"""``GET /api/openapi.json``: the OpenAPI 3.1 contract of the JSON API (any signed-in role)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.db import app_settings
from hadcoord.web.openapi_document import openapi_document

blueprint = Blueprint("openapi", __name__)


@blueprint.get("/api/openapi.json")
@allow(*Role)
def document() -> ResponseReturnValue:
    """The contract, with this app's bounds (``[security]``)."""
    return jsonify(openapi_document(app_settings().security))
