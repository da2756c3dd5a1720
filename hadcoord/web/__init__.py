"""The Flask application factory: extensions, blueprints, per-request database session."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from flask import Flask

from hadcoord import clock
from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.errors import ConfigError
from hadcoord.services.demo import refuse_real_patients
from hadcoord.store import engine_of, make_session_factory
from hadcoord.web import (
    access,
    account,
    activity,
    admin,
    alerts,
    api,
    ars,
    audit_trail,
    auth,
    auth_limits,
    auth_mfa,
    auth_sessions,
    caching,
    calendar_feeds,
    checks,
    dashboard,
    day_hospital,
    directory,
    errors,
    fhir,
    health,
    home,
    interruptions,
    letters,
    maps,
    notifications,
    openapi,
    pathway_steps,
    pathways,
    patients,
    pharmacy,
    proxies,
    reauth,
    scenarios,
    ui,
)
from hadcoord.web.auth_secret import resolve_secret
from hadcoord.web.extensions import csrf, login_manager


def create_app(test_config: dict[str, Any] | None = None,
               settings: Settings | None = None) -> Flask:
    """Build the web application over ``settings`` (default: the config file's).

    Every request reads its settings from the app (``web.context``), never from the process:
    ``test_config`` overrides Flask keys in tests.
    """
    settings = settings or load_settings()
    secret = resolve_secret(settings)  # ConfigError: the server does not start
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"),
                static_folder=str(files("hadcoord.web") / "static"))
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.web.https,
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    if test_config:
        app.config.update(test_config)
    clock.configure(settings.jobs.timezone)
    engine = engine_of(settings.database)
    if settings.web.demo:
        try:
            refuse_real_patients(engine)
        except ConfigError:
            engine.dispose()  # the app is not started: release its pooled connections
            raise
    app.extensions["hadcoord"] = {
        "settings": settings,
        "engine": engine,
        "sessions": make_session_factory(engine),
    }
    auth_limits.init_app(app)  # before the blueprints: the bounded <int:…> converter
    auth_sessions.init_app(app, engine, settings)
    csrf.init_app(app)
    login_manager.init_app(app)
    access.init_app(app)
    auth_limits.init_rate_limit(app)
    errors.init_app(app)
    audit_trail.init_app(app)  # after the access check: refusals are recorded there
    ui.init_app(app)
    caching.init_app(app)  # compression, static files cached a year by fingerprint
    for module in (health, auth, auth_mfa, account, home, dashboard, patients, pathways,
                   pharmacy, ars, api, admin, checks, alerts, notifications, maps,
                   pathway_steps, directory, fhir, openapi, scenarios, calendar_feeds,
                   interruptions, letters, activity, day_hospital, reauth):
        app.register_blueprint(module.blueprint)
    proxies.init_app(app, settings.web.trusted_proxies)  # X-Forwarded-* believed or not
    return app
