"""French error pages and JSON errors; security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Requête invalide.",
    403: "Accès refusé : votre rôle ne permet pas d'ouvrir cette page.",
    404: "Page introuvable.",
    405: "Méthode non autorisée.",
    413: "Fichier trop volumineux.",
    500: "Erreur interne : l'incident est enregistré, réessayez plus tard.",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'self'; object-src 'none'",
    "Cache-Control": "no-store",
    # ASVS 14.4: no browser feature this app does not use.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Directives every policy carries, including the maps' own (ASVS 14.4.3).
REQUIRED_CSP = "base-uri 'none'; form-action 'self'"
HSTS = "max-age=31536000; includeSubDomains"


def _render(status: int, message: str) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    described = error.description if status in (400, 404) and error.description else None
    generic = MESSAGES.get(status, error.name)
    return _render(status, described if described and "browser" not in described else generic)


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    return _render(400, "Le formulaire a expiré ou a déjà été envoyé : rechargez la page et "
                        "recommencez.")


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    policy = response.headers["Content-Security-Policy"]
    if "base-uri" not in policy:
        response.headers["Content-Security-Policy"] = f"{policy}; {REQUIRED_CSP}"
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # [web].https: HTTPS only from now on
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers.pop("Server", None)
    return response


def init_app(app: Flask) -> None:
    """Register the handlers and the headers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_security_headers)
