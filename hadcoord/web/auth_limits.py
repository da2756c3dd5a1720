"""Bounds on what a request may carry (ASVS 5.1.3, 5.1.4, 11.1.4; issue 11).

- ``<int:…>`` URL parts stop at the PostgreSQL ``integer`` range (2,147,483,647): a bigger id
  is a 404 like any missing record, never a database overflow.
- Every query parameter and form field is bounded in length (a commune query to 100
  characters), answered 400 before any work.
- JSON bodies are bounded in size (``MAX_CONTENT_LENGTH``) and nesting depth.
- A value no handler anticipated (an overflowing date, a too-deep structure, a string longer
  than its column) is a 400, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, abort, current_app, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from hadcoord.clock import utc_now
from hadcoord.exports.fhir.common import FHIR_JSON, operation_outcome
from hadcoord.services import rate_limit
from hadcoord.web.db import app_settings, db_session

INT4_MAX = 2_147_483_647  # PostgreSQL `integer`, the type of every id column
# Parameters that are commune or free-text searches: the short bound applies.
QUERY_PARAMETERS = frozenset({"q", "commune"})
OUT_OF_RANGE = "Valeur hors des limites acceptées."


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to 0 … 2,147,483,647 (bigger: the route does not match → 404)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT4_MAX)
        super().__init__(*args, **kwargs)


def json_depth(text: str | bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped)."""
    data = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    depth = deepest = 0
    in_string = escaped = False
    for char in data:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class BoundedJSONProvider(DefaultJSONProvider):
    """Refuses a JSON body nested deeper than ``[security].max_json_depth`` (400)."""

    max_depth = 20

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse ``s`` after checking its depth (a deep body would raise RecursionError)."""
        if json_depth(s) > self.max_depth:
            msg = f"JSON trop imbriqué : {self.max_depth} niveaux au plus"
            raise BadRequest(msg)
        return super().loads(s, **kwargs)


def _too_long(name: str, limit: int) -> BadRequest:
    return BadRequest(f"Paramètre « {name[:40]} » trop long : {limit} caractères au plus.")


def _check_bounds() -> None:
    """Before each request: every parameter and form field within its length bound."""
    security = app_settings().security
    for name, value in request.args.items(multi=True):
        limit = security.max_query_chars if name in QUERY_PARAMETERS else security.max_field_chars
        if len(value) > limit or len(name) > 100:
            raise _too_long(name, limit)
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in request.form.items(multi=True):
            limit = (security.max_query_chars if name in QUERY_PARAMETERS
                     else security.max_field_chars)
            if len(value) > limit or len(name) > 100:
                raise _too_long(name, limit)


def _out_of_range(_error: Exception) -> ResponseReturnValue:
    """An overflow, a recursion or a value too long for its column: the input was bad (400)."""
    db_session().rollback()
    if request.path.startswith("/api/"):
        return jsonify(error=OUT_OF_RANGE), 400
    return render_template("error.html", status=400, message=OUT_OF_RANGE), 400


def bounded_int_arg(name: str) -> int | None:
    """A non-negative integer query parameter within the id range (else 400); None if absent."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > INT4_MAX:
        abort(400, f"Paramètre « {name} » invalide : identifiant numérique attendu.")
    return int(raw)


RATE_LIMITED_PREFIXES = ("/api/", "/fhir/")  # the machine-readable APIs, one budget per user


def _rate_limit() -> ResponseReturnValue | None:
    """After the access check: at most N API requests (JSON and FHIR) per user and minute.

    The 429 is JSON for ``/api`` and a FHIR OperationOutcome (« throttled ») for ``/fhir``.
    """
    if not request.path.startswith(RATE_LIMITED_PREFIXES) or not current_user.is_authenticated:
        return None
    engine = current_app.extensions["hadcoord"]["engine"]
    limit = app_settings().security.api_requests_per_minute
    wait = rate_limit.hit(engine, f"api:{current_user.id}", limit, utc_now())
    if wait is None:
        return None
    message = f"trop de requêtes : {limit} par minute au plus, réessayez dans {wait} s"
    if request.path.startswith("/fhir/"):
        response = Response(json.dumps(operation_outcome(message[:1].upper() + message[1:] + ".",
                                                         "throttled"), ensure_ascii=False),
                            status=429, mimetype=FHIR_JSON)
    else:
        response = jsonify(error=message)
        response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def init_rate_limit(app: Flask) -> None:
    """Install the API rate limit (after the access check, which knows the user)."""
    app.before_request(_rate_limit)


def init_app(app: Flask) -> None:
    """Install the converter, the JSON provider, the bounds and the 400 handlers."""
    security = app_settings(app).security
    app.url_map.converters["int"] = BoundedIntConverter
    provider = BoundedJSONProvider(app)
    provider.max_depth = security.max_json_depth
    app.json = provider
    app.config["MAX_CONTENT_LENGTH"] = security.max_body_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = security.max_body_bytes
    app.before_request(_check_bounds)
    for error in (OverflowError, RecursionError, DataError):
        app.register_error_handler(error, _out_of_range)
