"""`hadcoord communes …` (filled in below)."""

from __future__ import annotations

import click


@click.group()
def communes() -> None:
    """Rechercher une commune d'Occitanie."""
