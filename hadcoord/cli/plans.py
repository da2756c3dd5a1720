"""`hadcoord plans refresh`: store every stale plan before the service opens (issue 19)."""

from __future__ import annotations

import click

from hadcoord.cli import context


def _recomputed(done: int, total: int) -> str:
    """« N calendrier(s) recalculé(s) sur M » (singular for 0 and 1, as French has it)."""
    noun = "calendrier recalculé" if done < 2 else "calendriers recalculés"
    return f"{done} {noun} sur {total}"


@click.group("plans")
def plans() -> None:
    """Calendriers stockés : les recalculer après une mise à jour ou un changement de protocole."""


@plans.command("refresh")
@click.option("--batch", default=100, show_default=True, type=click.IntRange(min=1),
              help="Calendriers recalculés (et enregistrés) par lot.")
def refresh_command(batch: int) -> None:
    """Recalculer tous les calendriers périmés, pour que la première page s'ouvre vite."""
    # Imported here: the listing of commands never needs the database layer.
    from hadcoord.services import audit as audit_service  # noqa: PLC0415
    from hadcoord.services.plan_store import refresh_all  # noqa: PLC0415
    from hadcoord.store import open_session  # noqa: PLC0415

    done, total = 0, 0
    with open_session(context.settings().database.url) as session, \
            audit_service.origin("ligne de commande"):
        for done, total in refresh_all(session, context.protocol(), batch=batch):
            if done < total:
                click.echo(_recomputed(done, total) + "…")
    click.echo(_recomputed(done, total) + ".")
