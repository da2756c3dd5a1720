"""An empty, migrated bench database: the same inputs on every run, on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url, text

from hadcoord.cli.db import upgrade_database
from hadcoord.services.demo import refuse_real_patients
from hadcoord.store import Base, make_engine


def fresh_database(url: str) -> None:
    """Drop and re-create the schema of the bench's database ``url`` (never real data).

    A bench seeds fictitious patients (``is_demo``) on a database named on its command line;
    run twice on the same database it must start from the same empty schema, not fail on the
    first run's rows. A database holding a real patient is refused (``ConfigError``) and left
    as it is.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        upgrade_database(url)  # a new file: nothing to drop
        return
    engine = make_engine(url)
    try:
        refuse_real_patients(engine)
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()
    upgrade_database(url)
