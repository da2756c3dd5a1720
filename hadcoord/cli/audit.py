"""`hadcoord audit …`: check the audit trail's hash chain; purge old events (recorded)."""

from __future__ import annotations

import datetime as dt

import click

from hadcoord import clock
from hadcoord.cli import context
from hadcoord.services import audit as audit_service
from hadcoord.services.audit_verify import PurgeDateError, purge_before, purge_limit, verify
from hadcoord.store import open_session

EXIT_ALTERED = 1


@click.group("audit")
def audit() -> None:
    """Journal d'audit : vérifier la chaîne d'empreintes, purger (tracé)."""


@audit.command("verify")
@click.pass_context
def verify_command(ctx: click.Context) -> None:
    """Vérifier que nul événement n'a été modifié ni supprimé (code 1 sinon)."""
    with open_session(context.settings().database.url) as session:
        report = verify(session)
    if not report.intact:
        click.echo(f"Journal d'audit ALTÉRÉ : {report.problem} ({report.checked} événement(s) "
                   "vérifié(s) avant).", err=True)
        ctx.exit(EXIT_ALTERED)
    click.echo(f"Journal d'audit intègre : {report.checked} événement(s) vérifié(s) ; tête de "
               f"chaîne n° {report.head_seq}, empreinte {report.head_hash}")


def _purge_limit(before: str | None) -> dt.datetime:
    day = None
    if before:
        try:
            day = dt.date.fromisoformat(before)
        except ValueError:
            msg = f"date « {before} » invalide : attendu AAAA-MM-JJ"
            raise PurgeDateError(msg) from None
    return purge_limit(day, context.settings().audit.retention_days, clock.today())


@audit.command("purge")
@click.option("--before", default=None, help="Supprimer les événements antérieurs à ce jour "
              "(AAAA-MM-JJ, six mois avant aujourd'hui au plus tard ; défaut : aujourd'hui "
              "moins [audit].retention_days).")
@click.confirmation_option(prompt="Supprimer définitivement ces événements du journal ?",
                           help="Confirmer sans question.")
def purge_command(before: str | None) -> None:
    """Supprimer les événements anciens ; la purge est elle-même tracée dans le journal."""
    limit = _purge_limit(before)
    with open_session(context.settings().database.url) as session, \
            audit_service.origin("ligne de commande"):
        removed = purge_before(session, limit, None)
        session.commit()
    click.echo(f"{removed} événement(s) antérieur(s) au {limit:%d/%m/%Y} supprimé(s) ; "
               "purge tracée dans le journal.")
