"""French error pages and JSON errors; security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from hadcoord.store.schema import short_reason

MESSAGES = {
    400: "Requête invalide.",
    403: "Accès refusé : votre rôle ne permet pas d'ouvrir cette page.",
    404: "Page introuvable.",
    405: "Méthode non autorisée.",
    408: "Délai d'attente dépassé : réessayez.",
    413: "Fichier trop volumineux.",
    415: "Type de contenu non pris en charge.",
    429: "Trop de requêtes : patientez un instant avant de réessayer.",
    500: "Erreur interne : l'incident est enregistré, réessayez plus tard.",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "style-src 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'self'; object-src 'none'",
    "Cache-Control": "no-store",
    # ASVS 14.4: no browser feature this app does not use.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Any database error during a request (locked, disk full, read-only, file gone…): a 503 the
# client may retry, never a 500; the request's transaction is rolled back.
UNAVAILABLE = ("La base de données ne répond pas pour le moment : rien n'a été enregistré par "
               "cette demande.")
RETRY_AFTER_SECONDS = 10
# Directives every policy carries, including the maps' own (ASVS 14.4.3).
REQUIRED_CSP = "base-uri 'none'; form-action 'self'"
HSTS = "max-age=31536000; includeSubDomains"


def _render(status: int, message: str) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def _matches_another_method(error: MethodNotAllowed) -> bool:
    """Whether the URL names a route for one of the allowed methods.

    Werkzeug checks the method before the converters: with a GET and a POST rule on one path,
    an id beyond the bounded ``<int:…>`` converter's range is refused as « 405, use POST »
    although no route has this URL. That is a 404 like any missing record.
    """
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in error.valid_methods or ():
        try:
            adapter.match(method=method)
        except HTTPException:
            continue
        return True
    return False


def _http_error(error: HTTPException) -> ResponseReturnValue:
    if isinstance(error, MethodNotAllowed) and not _matches_another_method(error):
        error = NotFound()
    status = error.code or 500
    # Werkzeug's own descriptions are English (« The requested URL was not found on the
    # server… »): only a description the app gave itself (``abort(404, "…")``) is shown.
    described = error.description if error.description != type(error).description else None
    generic = MESSAGES.get(status, f"Erreur {status}.")
    return _render(status, described if described and status in (400, 404) else generic)


def unavailable_response(error: SQLAlchemyError | None = None) -> Response:
    """The French 503 answer (JSON under /api/) with ``Retry-After``; rolls the request back.

    Its page needs no database (no navigation, no counters): ``unavailable.html``.
    """
    if error is not None:
        current_app.logger.error("database error on %s %s: %s", request.method, request.path,
                                 short_reason(error))
    session = g.get("db_session")
    if session is not None:
        try:
            session.rollback()
        except SQLAlchemyError:
            session.invalidate()  # the connection itself is gone: never give it back
    if request.path.startswith("/api/"):
        response = jsonify(error=UNAVAILABLE, retry_after=RETRY_AFTER_SECONDS)
    else:
        response = Response(render_template("unavailable.html", message=UNAVAILABLE,
                                            retry_after=RETRY_AFTER_SECONDS),
                            mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return _security_headers(response)


def _database_error(error: SQLAlchemyError) -> ResponseReturnValue:
    return unavailable_response(error)


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    return _render(400, "Le formulaire a expiré ou a déjà été envoyé : rechargez la page et "
                        "recommencez.")


def _french_redirect_body(response: Response) -> Response:
    """Werkzeug's redirect page says « Redirecting... » in English: say it in French."""
    location = response.headers.get("Location")
    if 300 <= response.status_code < 400 and location and response.mimetype == "text/html":
        target = escape(location)
        response.set_data(f'<!doctype html>\n<html lang="fr"><title>Redirection</title>'
                          f'<p>Redirection vers <a href="{target}">{target}</a>.</p></html>\n')
    return response


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    policy = response.headers["Content-Security-Policy"]
    if "base-uri" not in policy:
        response.headers["Content-Security-Policy"] = f"{policy}; {REQUIRED_CSP}"
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # [web].https: HTTPS only from now on
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers.pop("Server", None)
    if request.path.startswith(("/api/", "/fhir/")):  # ASVS 14.4.2: downloaded, not rendered
        response.headers.setdefault("Content-Disposition", 'attachment; filename="api.json"')
    return response


def init_app(app: Flask) -> None:
    """Register the handlers and the headers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(SQLAlchemyError, _database_error)
    app.after_request(_french_redirect_body)
    app.after_request(_security_headers)
