"""Engine and session factory shared by the web app, the CLI and the jobs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from hadcoord.config.sections import DatabaseSettings
from hadcoord.errors import HadcoordError

DEFAULT_BUSY_TIMEOUT_MS = 5000


class Base(DeclarativeBase):
    """Declarative base of every model."""


class DatabaseLocationError(HadcoordError):
    """The SQLite file or its folder is missing or cannot be created."""


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite ``url`` (None for another database or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, *, create: bool = False,
                busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``.

    For a SQLite file: foreign keys enforced, and the file must exist unless ``create`` (only
    ``hadcoord db upgrade`` creates it, in a private folder): a connection never creates an
    empty database silently, and a file deleted or replaced while the app runs is noticed at
    the next checkout (the connection is reopened on the path, or fails). ``busy_timeout_ms``:
    how long a statement waits for another connection's lock before failing (SQLite
    ``busy_timeout``, PostgreSQL ``lock_timeout``).
    """
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(url, pool_pre_ping=True)
        if make_url(url).get_backend_name() == "postgresql":
            _postgresql_lock_timeout(engine, busy_timeout_ms)
        return engine
    if create:
        _private_sqlite_file(path)
    engine = create_engine(_read_write_url(make_url(url), path), pool_pre_ping=True)
    _sqlite_events(engine, path, busy_timeout_ms)
    return engine


def engine_of(database: DatabaseSettings) -> Engine:
    """The engine of the ``[database]`` section (its URL and lock wait)."""
    return make_engine(database.url, busy_timeout_ms=database.busy_timeout_ms)


def _read_write_url(parsed: URL, path: Path) -> URL:
    """The SQLite URI form opening ``path`` read-write, never creating it (``mode=rw``)."""
    query = {**parsed.query, "mode": "rw", "uri": "true"}
    return parsed.set(database=f"file:{quote(str(path))}", query=query)


def _postgresql_lock_timeout(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _lock_timeout(connection: Any, _record: object) -> None:
        cursor = connection.cursor()
        cursor.execute(f"SET lock_timeout = {int(busy_timeout_ms)}")
        cursor.close()
        connection.commit()


def _sqlite_events(engine: Engine, path: Path, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection: Any, record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Write-ahead log: readers never wait for the audit writes of other requests, and a
        # commit is one append to the log (synchronous=FULL keeps every commit durable).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
        record.info["inode"] = _inode(path)

    @event.listens_for(engine, "checkout")
    def _same_file(_connection: Any, record: Any, _proxy: object) -> None:
        # An open SQLite connection keeps reading and writing a file deleted or replaced
        # under it (its inode): reopen on the path instead (which fails if it is gone).
        if _inode(path) != record.info.get("inode"):
            msg = f"le fichier de la base de données {path} a été supprimé ou remplacé"
            raise DisconnectionError(msg)

    @event.listens_for(engine, "savepoint")
    def _begin_before_savepoint(connection: Connection, _name: str) -> None:
        # pysqlite opens a transaction before INSERT/UPDATE/DELETE only: a SAVEPOINT sent
        # outside one starts its own, and its RELEASE then commits, whatever the caller
        # does next (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional
        # DDL" for pysqlite). Open the caller's transaction first.
        dbapi = connection.connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            dbapi.execute("BEGIN")


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _private_sqlite_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600), in a 0700 ``instance/``.

    Health data (ASVS 8.1.x): other local accounts must not read the database. SQLite creates
    its -wal and -shm files with the database file's permissions. A folder that cannot be
    created is a French error (exit 2 at the command line), not a traceback.
    """
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.name == "instance":
            folder.chmod(0o700)
        if path.is_dir():
            return  # SQLite will refuse to open it: /healthz reports the database unreachable
        path.touch(mode=0o600, exist_ok=True)
        path.chmod(0o600)
    except OSError as error:
        msg = (f"impossible de créer la base de données {path} : le dossier « {folder} » ne "
               f"peut pas être créé ni écrit ({error.strerror or error}) ; choisissez un autre "
               "chemin ([database].url ou HADCOORD_DATABASE_URL)")
        raise DatabaseLocationError(msg) from None


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
