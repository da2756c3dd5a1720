"""`hadcoord serve`: the web app under a production WSGI server (waitress)."""

from __future__ import annotations

import click

from hadcoord.cli.demo import demo_option, demo_settings


@click.command()
@demo_option
@click.option("--host", default=None, help="Adresse d'écoute (défaut : config.toml [web].host).")
@click.option("--port", type=int, default=None, help="Port (défaut : config.toml [web].port).")
def serve(host: str | None, port: int | None, demo_flag: bool) -> None:
    """Servir l'application web (serveur WSGI waitress).

    Hors mode démo, refuse de démarrer sans clé secrète forte (HADCOORD_SECRET_KEY ou
    [web].secret_key_file).
    """
    from waitress import serve as waitress_serve  # noqa: PLC0415 — only this command needs it

    from hadcoord.web import create_app  # noqa: PLC0415

    settings = demo_settings(demo_flag)
    host = host or settings.web.host
    port = port or settings.web.port
    app = create_app(settings=settings)  # ConfigError (exit 2): no strong secret, real data…
    if settings.web.demo:
        click.echo("MODE DÉMONSTRATION — données fictives uniquement")
    click.echo(f"hadcoord : http://{host}:{port}/  (Ctrl+C pour arrêter)")
    # ident="": no « Server: waitress » banner (ASVS 14.3.3).
    waitress_serve(app, host=host, port=port, threads=8, ident="")
