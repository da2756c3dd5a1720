"""`hadcoord serve`: the web app under a production WSGI server (waitress)."""

from __future__ import annotations

import errno
import socket

import click

from hadcoord.cli.demo import demo_option, demo_settings
from hadcoord.errors import HadcoordError


@click.command()
@demo_option
@click.option("--host", default=None, help="Adresse d'écoute (défaut : config.toml [web].host).")
@click.option("--port", type=int, default=None, help="Port (défaut : config.toml [web].port).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processus (défaut : [web].workers) ; plus d'un : gunicorn, PostgreSQL.")
def serve(host: str | None, port: int | None, workers: int | None, demo_flag: bool) -> None:
    """Servir l'application web (waitress ; gunicorn avec « --workers N », N > 1).

    Hors mode démo, refuse de démarrer sans clé secrète forte (HADCOORD_SECRET_KEY ou
    [web].secret_key_file). Plusieurs processus : PostgreSQL seulement.
    """
    from waitress import serve as waitress_serve  # noqa: PLC0415 — only this command needs it

    from hadcoord.cli import workers as multi  # noqa: PLC0415
    from hadcoord.store.schema import check_startup  # noqa: PLC0415
    from hadcoord.web import create_app  # noqa: PLC0415

    settings = demo_settings(demo_flag)
    host = host or settings.web.host
    port = port or settings.web.port
    workers = workers or settings.web.workers
    multi.refuse_sqlite(settings, workers)  # exit 2 before anything else
    check_startup(settings.database.url)  # missing or not migrated: exit 2, nothing created
    app = create_app(settings=settings)  # ConfigError (exit 2): no strong secret, real data…
    listening = _bound_socket(host, port)  # a busy port: a French error, before the URL
    if settings.web.demo:
        click.echo("MODE DÉMONSTRATION — données fictives uniquement")
    click.echo(f"hadcoord : http://{host}:{port}/  (Ctrl+C pour arrêter)")
    if workers > 1:
        app.extensions["hadcoord"]["engine"].dispose()  # each worker builds its own
        click.echo(f"hadcoord : {workers} processus (gunicorn)")
        multi.run(settings, listening, workers)  # gunicorn owns the socket from now on
        return
    try:
        # ident="": no « Server: waitress » banner (ASVS 14.3.3).
        waitress_serve(app, sockets=[listening], threads=settings.web.threads, ident="")
    except KeyboardInterrupt:
        click.echo("hadcoord : arrêté.")
    finally:
        listening.close()


class PortUnavailableError(HadcoordError):
    """The address or port cannot be listened on."""


def _bound_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port``, or a French error (port taken, not allowed…)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
    except OSError as error:
        raise PortUnavailableError(_bind_message(host, port, error)) from None
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as error:
        listening.close()
        raise PortUnavailableError(_bind_message(host, port, error)) from None
    return listening


def _bind_message(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"le port {port} est déjà utilisé sur {host} (une autre instance de hadcoord ?) : "
                "arrêtez-la ou choisissez un autre port avec « --port »")
    if error.errno == errno.EACCES:
        return f"pas le droit d'écouter sur le port {port} : choisissez un port au-delà de 1024"
    return f"impossible d'écouter sur {host}:{port} ({error.strerror or error})"
