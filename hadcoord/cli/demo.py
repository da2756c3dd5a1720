"""`hadcoord demo …`: synthetic demo data in an empty database (demo mode only).

Demo mode is opted into explicitly (``--demo`` or ``HADCOORD_WEB_DEMO=true``). The generated
passwords are printed once and never stored in clear text; `hadcoord demo passwords` issues new
ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from hadcoord import clock
from hadcoord.cli import context
from hadcoord.config import Settings
from hadcoord.errors import ConfigError
from hadcoord.services.demo import (
    DemoAccount,
    database_is_empty,
    refuse_real_patients,
    reset_demo_passwords,
    seed,
)
from hadcoord.store import engine_of, open_session

# Older versions kept the demo passwords here in clear text: removed when found.
LEGACY_ACCOUNTS_FILE = "demo-accounts.txt"

demo_option = click.option("--demo", "demo_flag", is_flag=True,
                           help="Mode démonstration (données fictives uniquement).")


def demo_settings(demo_flag: bool) -> Settings:
    """The settings, in demo mode if ``--demo`` was given."""
    settings = context.settings()
    if demo_flag and not settings.web.demo:
        web = settings.web.model_copy(update={"demo": True})
        settings = settings.model_copy(update={"web": web})
    return settings


def _demo_only(settings: Settings) -> None:
    if not settings.web.demo:
        msg = ("mode démo désactivé ([web].demo = false) : aucune donnée fictive n'est créée "
               "(option --demo pour une base de démonstration)")
        raise ConfigError(msg)
    engine = engine_of(settings.database)
    try:
        refuse_real_patients(engine)
    finally:
        engine.dispose()
    legacy = settings.state_dir / "instance" / LEGACY_ACCOUNTS_FILE
    if legacy.is_file():
        legacy.unlink()
        click.echo(f"Ancien fichier de mots de passe en clair supprimé : {legacy}")


def _print_accounts(accounts: Sequence[DemoAccount]) -> None:
    click.echo("Comptes de démonstration (PATIENTS FICTIFS) :")
    for account in accounts:
        click.echo(f"  {account.role:<12} {account.email:<40} mot de passe : {account.password}")
    click.echo("(affichés une seule fois, jamais enregistrés en clair : "
               "« hadcoord demo passwords --demo » en donne de nouveaux)")


@click.group()
def demo() -> None:
    """Données de démonstration (fictives)."""


@demo.command("seed")
@demo_option
def seed_command(demo_flag: bool) -> None:
    """Créer les comptes et patients fictifs si la base est vide (mode démo)."""
    settings = demo_settings(demo_flag)
    _demo_only(settings)
    with open_session(settings.database.url) as session:
        if not database_is_empty(session):
            click.echo("Base déjà initialisée : aucune donnée de démonstration ajoutée "
                       "(mots de passe oubliés : « hadcoord demo passwords --demo »).")
            return
        accounts = seed(session, clock.today(), settings)
        session.commit()
    click.echo("Données de démonstration créées.")
    _print_accounts(accounts)


@demo.command("passwords")
@demo_option
def passwords_command(demo_flag: bool) -> None:
    """Donner de nouveaux mots de passe aux comptes de démonstration (affichés une fois)."""
    settings = demo_settings(demo_flag)
    _demo_only(settings)
    with open_session(settings.database.url) as session:
        accounts = reset_demo_passwords(session)
        session.commit()
    if not accounts:
        click.echo("Aucun compte de démonstration dans cette base.")
        return
    _print_accounts(accounts)
