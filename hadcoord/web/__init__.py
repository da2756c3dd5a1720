"""The Flask application factory (the full coordinator app arrives with its own issue)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template

from hadcoord.config import PROJECT_ROOT, Settings, get_settings
from hadcoord.store import database_is_reachable, make_engine

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def create_app(test_config: dict[str, Any] | None = None,
               settings: Settings | None = None) -> Flask:
    """Build the web application; ``test_config`` overrides Flask keys in tests."""
    settings = settings or get_settings()
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"),
                static_folder=str(PROJECT_ROOT / "hadcoord" / "web" / "static"))
    app.config.update(SECRET_KEY=settings.web.secret_key, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    if test_config:
        app.config.update(test_config)
    engine = make_engine(settings.database.url)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.get("/")
    def index() -> str:
        return render_template("placeholder.html")

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        if database_is_reachable(engine):
            return {"status": "ok"}, 200
        return {"status": "base de données injoignable"}, 503

    return app
