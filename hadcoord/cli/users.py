"""`hadcoord users create`: accounts are created from the command line by an administrator."""

from __future__ import annotations

import sys

import click

from hadcoord.cli import context
from hadcoord.services.accounts import create_user
from hadcoord.store import Role, open_session


@click.group()
def users() -> None:
    """Gérer les comptes."""


@users.command("create")
@click.option("--email", required=True, help="Adresse e-mail (identifiant).")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="Rôle du compte.")
@click.option("--had", "had_establishment_id", default=None,
              help="HAD de rattachement (obligatoire pour had_nurse), ex. had-ch-cahors.")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Lire le mot de passe sur l'entrée standard (jamais en argument).")
def create(email: str, role: str, had_establishment_id: str | None,
           password_stdin: bool) -> None:
    """Créer un compte ; le mot de passe est lu sur l'entrée standard."""
    del password_stdin  # required flag: the password never appears in the process list
    password = sys.stdin.readline().rstrip("\r\n")
    with open_session(context.settings().database.url) as session:
        user = create_user(session, email, role, password, had_establishment_id)
        session.commit()
        click.echo(f"Compte créé : {user.email} ({user.role})")
