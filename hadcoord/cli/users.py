"""`hadcoord users …`: accounts managed from the command line by an administrator (audited)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from sqlalchemy.orm import Session

from hadcoord.cli import context
from hadcoord.services import account_admin
from hadcoord.services.accounts import create_user, known_hads
from hadcoord.store import Role, User, open_session


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
        user = create_user(session, email, role, password, had_establishment_id,
                           known=known_hads(context.settings()))
        session.commit()
        click.echo(f"Compte créé : {user.email} ({user.role})")


def _change(email: str, change: Callable[[Session, User], str]) -> None:
    with open_session(context.settings().database.url) as session:
        user = account_admin.find(session, email)
        message = change(session, user)
        session.commit()
    click.echo(message)


@users.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Désactiver un compte (ses sessions sont fermées aussitôt)."""
    def change(session: Session, user: User) -> str:
        account_admin.set_active(session, None, user, False)
        return f"Compte désactivé : {user.email}"

    _change(email, change)


@users.command("activate")
@click.argument("email")
def activate(email: str) -> None:
    """Réactiver un compte."""
    def change(session: Session, user: User) -> str:
        account_admin.set_active(session, None, user, True)
        return f"Compte réactivé : {user.email}"

    _change(email, change)


@users.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Donner un mot de passe provisoire (affiché une fois, à changer à la connexion)."""
    _change(email, lambda s, u: f"Mot de passe provisoire de {u.email} : "
                                f"{account_admin.issue_password(s, None, u)}")


@users.command("reset-2fa")
@click.argument("email")
def reset_2fa(email: str) -> None:
    """Réinitialiser le second facteur (nouvelle activation à la prochaine connexion)."""
    def change(session: Session, user: User) -> str:
        account_admin.reset_second_factor(session, None, user)
        return f"Second facteur réinitialisé : {user.email}"

    _change(email, change)
