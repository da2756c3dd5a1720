"""Several app processes for `hadcoord serve --workers N` (gunicorn, N > 1; Linux).

Every piece of state that changes what another process answers is in the database (sessions,
sign-in throttles, API rate limits, idempotency keys, the outbox, the job ledger): the N
processes are interchangeable behind a proxy, and the scheduler runs apart (`hadcoord
scheduler`, one process). SQLite is refused: one writer at a time, its lock would turn busy
moments into 503 pages; PostgreSQL serves concurrent writers.

The master process checks everything first (database migrated, secret, port free) and binds the
socket; each worker builds its own app, hence its own connection pool (a pool is never shared
across ``fork``).
"""

from __future__ import annotations

import socket
from typing import Any

from flask import Flask

from hadcoord.config import Settings
from hadcoord.errors import ConfigError


def refuse_sqlite(settings: Settings, workers: int) -> None:
    """ConfigError (exit 2) for several processes on SQLite."""
    if workers > 1 and settings.database.url.startswith("sqlite"):
        msg = (f"« --workers {workers} » demande PostgreSQL ([database].url ou "
               "HADCOORD_DATABASE_URL) : SQLite n'accepte qu'un écrivain à la fois, plusieurs "
               "processus s'y bloqueraient. Sur SQLite, servez avec un seul processus "
               "(« --workers 1 », ses [web].threads fils) ; voir deploy/README.md")
        raise ConfigError(msg)


def _quiet_server_header() -> None:
    """No « Server: gunicorn » banner (ASVS 14.3.3; waitress runs with ``ident=""``)."""
    from gunicorn.http import wsgi  # noqa: PLC0415 — only the multi-process server needs it

    default_headers = wsgi.Response.default_headers
    if getattr(default_headers, "quiet", False):
        return

    def without_server(self: Any) -> list[str]:
        return [line for line in default_headers(self) if not line.startswith("Server:")]

    without_server.quiet = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = without_server


def run(settings: Settings, listening: socket.socket, workers: int) -> None:
    """Serve on ``listening`` with ``workers`` gunicorn processes until stopped."""
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415

    from hadcoord.web import create_app  # noqa: PLC0415

    _quiet_server_header()
    listening.listen(2048)
    options = {"bind": [f"fd://{listening.fileno()}"], "workers": workers,
               "worker_class": "gthread", "threads": settings.web.threads,
               # A worker that stops answering for 60 s is replaced (a request never takes
               # that long: the database's own timeouts answer 503 first).
               "timeout": 60, "graceful_timeout": 20, "accesslog": None,
               "errorlog": "-", "loglevel": "warning", "proc_name": "hadcoord"}

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return create_app(settings=settings)  # in each worker: its own engine and pool

    _Server().run()
