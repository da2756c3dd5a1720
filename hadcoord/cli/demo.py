"""`hadcoord demo seed`: synthetic demo data in an empty database (demo mode only)."""

from __future__ import annotations

import click

from hadcoord import clock
from hadcoord.config import get_settings
from hadcoord.errors import ConfigError
from hadcoord.services.demo import database_is_empty, seed
from hadcoord.store import open_session

# Demo mode only: the generated passwords, kept so a restarted `make run` can show them again.
DEMO_ACCOUNTS_FILE = "demo-accounts.txt"


@click.group()
def demo() -> None:
    """Données de démonstration (fictives)."""


@demo.command("seed")
def seed_command() -> None:
    """Créer les comptes et patients fictifs si la base est vide (mode démo)."""
    settings = get_settings()
    if not settings.web.demo:
        msg = "mode démo désactivé ([web].demo = false) : aucune donnée fictive n'est créée"
        raise ConfigError(msg)
    saved = settings.base_dir / "instance" / DEMO_ACCOUNTS_FILE
    with open_session(settings.database.url) as session:
        if not database_is_empty(session):
            click.echo("Base déjà initialisée : aucune donnée de démonstration ajoutée.")
            if saved.is_file():
                click.echo(saved.read_text(encoding="utf-8").rstrip())
            return
        accounts = seed(session, clock.today())
        session.commit()
    lines = ["Comptes de démonstration (PATIENTS FICTIFS) :"] + [
        f"  {a.role:<12} {a.email:<40} mot de passe : {a.password}" for a in accounts]
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
    saved.chmod(0o600)
    click.echo("Données de démonstration créées.")
    click.echo("\n".join(lines))
    click.echo(f"(mode démo : mots de passe conservés dans {saved})")
