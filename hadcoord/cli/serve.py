"""`hadcoord serve`: the web app under a production WSGI server (waitress)."""

from __future__ import annotations

import click

from hadcoord.cli import context


@click.command()
@click.option("--host", default=None, help="Adresse d'écoute (défaut : config.toml [web].host).")
@click.option("--port", type=int, default=None, help="Port (défaut : config.toml [web].port).")
def serve(host: str | None, port: int | None) -> None:
    """Servir l'application web (serveur WSGI waitress)."""
    from waitress import serve as waitress_serve  # noqa: PLC0415 — only this command needs it

    from hadcoord.web import create_app  # noqa: PLC0415

    settings = context.settings()
    host = host or settings.web.host
    port = port or settings.web.port
    click.echo(f"hadcoord : http://{host}:{port}/  (Ctrl+C pour arrêter)")
    waitress_serve(create_app(settings=settings), host=host, port=port, threads=8)
