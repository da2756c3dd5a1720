"""The schema version a database is at, the one this code expects, and the heartbeat row."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import Engine, String, insert, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from hadcoord.clock import utc_now
from hadcoord.config import PROJECT_ROOT
from hadcoord.errors import HadcoordError
from hadcoord.store.database import Base, DatabaseLocationError, make_engine, sqlite_path
from hadcoord.store.types import UTCDateTime

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"  # shipped beside config.toml (the wheel too)
UPGRADE_HINT = "lancez « hadcoord db upgrade »"


class Heartbeat(Base):
    """One row per writer (``web``, ``scheduler``): the time of its latest successful write."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class DatabaseNotReadyError(HadcoordError):
    """The database does not answer, or its schema is not the one this code expects."""


@lru_cache(maxsize=1)
def expected_revision() -> str:
    """The Alembic head this code's models match."""
    # Alembic is imported when used: every command imports the store (issue 19: start-up).
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def schema_problem(engine: Engine) -> str | None:
    """A French sentence when the schema is not at the expected revision, else None."""
    revision = current_revision(engine)
    head = expected_revision()
    if revision == head:
        return None
    if revision is None:
        return f"la base de données n'a pas de schéma (jamais migrée) : {UPGRADE_HINT}"
    return (f"le schéma de la base de données n'est pas à jour (version {revision}, "
            f"attendue {head}) : {UPGRADE_HINT}")


def write_heartbeat(engine: Engine, name: str) -> None:
    """Write ``name``'s heartbeat row in its own short transaction (raises on failure)."""
    now = utc_now()
    with engine.begin() as connection:
        done = connection.execute(update(Heartbeat).where(Heartbeat.name == name)
                                  .values(at=now))
        if done.rowcount == 0:
            connection.execute(insert(Heartbeat).values(name=name, at=now))


def check_startup(url: str) -> None:
    """Refuse to start on a missing database or one whose schema is not the expected one.

    Raises a French ``HadcoordError`` (exit 2 at the command line); nothing is created.
    """
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        msg = (f"la base de données {path} n'existe pas (rien n'a été créé) : vérifiez "
               f"[database].url ou HADCOORD_DATABASE_URL, ou créez-la : {UPGRADE_HINT}")
        raise DatabaseLocationError(msg)
    engine = make_engine(url)
    try:
        problem = schema_problem(engine)
    except SQLAlchemyError as error:
        msg = f"la base de données ne répond pas : {short_reason(error)}"
        raise DatabaseNotReadyError(msg) from None
    finally:
        engine.dispose()
    if problem:
        raise DatabaseNotReadyError(problem)


def short_reason(error: SQLAlchemyError) -> str:
    """The driver's one-line reason for ``error`` (no SQL, no parameters)."""
    original = getattr(error, "orig", None) or error
    return str(original).splitlines()[0][:200] if str(original) else type(original).__name__
