"""`hadcoord demo seed`: synthetic demo data in an empty database (demo mode only)."""

from __future__ import annotations

import datetime as dt

import click

from hadcoord.config import get_settings
from hadcoord.errors import ConfigError
from hadcoord.services.demo import database_is_empty, seed
from hadcoord.store import open_session


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
    with open_session(settings.database.url) as session:
        if not database_is_empty(session):
            click.echo("Base déjà initialisée : aucune donnée de démonstration ajoutée.")
            return
        accounts = seed(session, dt.date.today())
        session.commit()
    click.echo("Données de démonstration créées — PATIENTS FICTIFS, comptes de démonstration :")
    for account in accounts:
        click.echo(f"  {account.role:<12} {account.email:<40} mot de passe : {account.password}")
    click.echo("Ces mots de passe ne sont affichés qu'une fois (mode démo).")
