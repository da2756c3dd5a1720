"""Engine and session factory shared by the web app, the CLI and the jobs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    """Declarative base of every model."""


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file, its folder is created and foreign keys enforced."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        _private_sqlite_file(Path(parsed.database))
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: object, _record: object) -> None:
            cursor = connection.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA foreign_keys=ON")
            # Write-ahead log: readers never wait for the audit writes of other requests, and a
            # commit is one append to the log (synchronous=FULL keeps every commit durable).
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        @event.listens_for(engine, "savepoint")
        def _begin_before_savepoint(connection: Connection, _name: str) -> None:
            # pysqlite opens a transaction before INSERT/UPDATE/DELETE only: a SAVEPOINT sent
            # outside one starts its own, and its RELEASE then commits, whatever the caller
            # does next (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional
            # DDL" for pysqlite). Open the caller's transaction first.
            dbapi = connection.connection.dbapi_connection
            if dbapi is not None and not dbapi.in_transaction:
                dbapi.execute("BEGIN")

    return engine


def _private_sqlite_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600), in a 0700 ``instance/``.

    Health data (ASVS 8.1.x): other local accounts must not read the database. SQLite creates
    its -wal and -shm files with the database file's permissions.
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.name == "instance":
        folder.chmod(0o700)
    if path.is_dir():
        return  # SQLite will refuse to open it: /healthz reports the database unreachable
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (one session per request or job)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def database_is_reachable(engine: Engine) -> bool:
    """Whether a trivial query succeeds."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


@contextmanager
def open_session(url: str) -> Iterator[Session]:
    """A session on its own engine, for the CLI and jobs; the engine is disposed on exit."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()
