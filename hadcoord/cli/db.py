"""`hadcoord db …`: database migrations (Alembic)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from hadcoord.cli import context
from hadcoord.config import PROJECT_ROOT

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"  # shipped beside config.toml (the wheel too)
# Alembic is imported by the functions that use it: `hadcoord --help` lists this group
# without paying for it (issue 19).


def alembic_config(url: str) -> Config:
    """The Alembic configuration for the database at ``url``."""
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade_database(url: str) -> None:
    """Bring the database schema to the latest migration."""
    from alembic import command  # noqa: PLC0415

    command.upgrade(alembic_config(url), "head")


@click.group()
def db() -> None:
    """Gérer la base de données."""


@db.command("upgrade")
def upgrade() -> None:
    """Créer ou mettre à jour le schéma de la base de données."""
    url = context.settings().database.url
    upgrade_database(url)
    shown = url.split("///", 1)[-1] if url.startswith("sqlite") else url.split("@")[-1]
    click.echo(f"Base de données à jour : {Path(shown) if url.startswith('sqlite') else shown}")
