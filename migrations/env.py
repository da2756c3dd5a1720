"""Alembic environment: the URL comes from hadcoord's settings (or the caller's Config)."""

from __future__ import annotations

from alembic import context

import hadcoord.store  # noqa: F401 — registers the models on Base.metadata
from hadcoord.config import load_settings
from hadcoord.store import Base, make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or load_settings().database.url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url, create=True)  # only the migrations create a SQLite file
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
