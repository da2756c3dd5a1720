"""`hadcoord db …`: database migrations (Alembic)."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config

from hadcoord.config import PROJECT_ROOT, get_settings

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """The Alembic configuration for ``url`` (default: the configured database)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url or get_settings().database.url)
    return config


def upgrade_database(url: str | None = None) -> None:
    """Bring the database schema to the latest migration."""
    command.upgrade(alembic_config(url), "head")


@click.group()
def db() -> None:
    """Gérer la base de données."""


@db.command("upgrade")
def upgrade() -> None:
    """Créer ou mettre à jour le schéma de la base de données."""
    upgrade_database()
    url = get_settings().database.url
    shown = url.split("///", 1)[-1] if url.startswith("sqlite") else url.split("@")[-1]
    click.echo(f"Base de données à jour : {Path(shown) if url.startswith('sqlite') else shown}")
