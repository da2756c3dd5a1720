"""Backups and restores of the database (issue 16), consistent while the app runs.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot
page by page while other connections keep writing, and restores the same way into the target
(SQLite replaces its content in one transaction: running processes see the restored data at
their next statement). PostgreSQL: ``pg_dump`` custom format and ``pg_restore``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from hadcoord.errors import HadcoordError
from hadcoord.store import Base, make_engine
from hadcoord.store.database import _private_sqlite_file, sqlite_path
from hadcoord.store.schema import MIGRATIONS_DIR, UPGRADE_HINT, expected_revision

# Tables whose rows do not make a database « non-empty » (bookkeeping of the schema itself).
BOOKKEEPING = frozenset({"alembic_version", "audit_chain", "heartbeats"})
PREFIX = "hadcoord-"


class BackupError(HadcoordError):
    """A backup or a restore that cannot be done (French message)."""


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: the backup's schema revision and whether it needs an upgrade."""

    revision: str
    needs_upgrade: bool


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database at ``url`` to ``target`` (mode 0600)."""
    if target.is_dir():
        msg = f"« {target} » est un dossier : donnez un nom de fichier"
        raise BackupError(msg)
    if not target.parent.is_dir():
        msg = f"le dossier « {target.parent} » n'existe pas : rien n'a été écrit"
        raise BackupError(msg)
    path = sqlite_path(url)
    if path is None:
        _pg_dump(url, target)
    else:
        _sqlite_backup(path, target)
    return target


def _sqlite_backup(path: Path, target: Path) -> None:
    if not path.is_file():
        msg = f"la base de données {path} n'existe pas : rien à sauvegarder"
        raise BackupError(msg)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".hadcoord-", suffix=".tmp")
    os.close(handle)
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)  # one step: a consistent snapshot, whatever others write
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _pg_environment(url: str) -> tuple[list[str], dict[str, str]]:
    parsed = make_url(url)
    environment = {**os.environ, "PGPASSWORD": parsed.password or ""}
    arguments = ["--host", parsed.host or "127.0.0.1", "--port", str(parsed.port or 5432),
                 "--username", parsed.username or "", "--dbname", parsed.database or ""]
    return arguments, environment


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        msg = (f"« {name} » est introuvable : installez le client PostgreSQL (paquet Debian "
               "postgresql-client, de la version du serveur ou plus récente)")
        raise BackupError(msg)
    return tool


def _pg_dump(url: str, target: Path) -> None:
    arguments, environment = _pg_environment(url)
    done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--file", str(target),
                           *arguments], env=environment, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        msg = f"pg_dump a échoué : {done.stderr.strip()[:300]}"
        raise BackupError(msg)
    target.chmod(0o600)


def backup_revision(source: Path) -> str:
    """The schema revision a SQLite backup file is at (a French error if it is not one)."""
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        msg = f"« {source} » n'est pas une sauvegarde hadcoord (SQLite) lisible"
        raise BackupError(msg) from None
    if row is None:
        msg = f"« {source} » n'a pas de version de schéma : ce n'est pas une sauvegarde hadcoord"
        raise BackupError(msg)
    return str(row[0])


def _checked_revision(revision: str) -> RestoreReport:
    known = {script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}
    if revision not in known:
        msg = (f"la sauvegarde est à la version de schéma {revision}, inconnue de ce programme "
               f"(attendue {expected_revision()}) : restaurez-la avec la version de hadcoord "
               "qui l'a faite")
        raise BackupError(msg)
    return RestoreReport(revision, revision != expected_revision())


def database_rows(url: str) -> int:
    """How many rows the database's own tables hold (0: empty or never migrated)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return 0
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            present = set(connection.dialect.get_table_names(connection))
            return sum(connection.scalar(select(func.count()).select_from(table)) or 0
                       for name, table in Base.metadata.tables.items()
                       if name in present and name not in BOOKKEEPING)
    finally:
        engine.dispose()


def restore(url: str, source: Path, *, force: bool = False) -> RestoreReport:
    """Replace the database at ``url`` by the backup ``source``.

    Refuses a database holding data unless ``force``; refuses a backup whose schema revision
    this code does not know.
    """
    if not source.is_file():
        msg = f"la sauvegarde « {source} » n'existe pas"
        raise BackupError(msg)
    path = sqlite_path(url)
    report = _checked_revision(backup_revision(source)) if path is not None else None
    rows = database_rows(url)
    if rows and not force:
        msg = (f"la base de destination contient déjà des données ({rows} ligne(s)) : rien "
               "n'a été écrasé ; ajoutez « --force » pour la remplacer")
        raise BackupError(msg)
    if path is None:
        return _pg_restore(url, source)
    assert report is not None
    _private_sqlite_file(path)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_file, \
            closing(sqlite3.connect(path)) as destination:
        backup_file.backup(destination)  # replaces the content in one transaction
        destination.execute("PRAGMA journal_mode=WAL")
    return report


def _pg_restore(url: str, source: Path) -> RestoreReport:
    arguments, environment = _pg_environment(url)
    listing = subprocess.run([_pg_tool("pg_restore"), "--list", str(source)],
                             capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        msg = f"« {source} » n'est pas une sauvegarde pg_dump lisible"
        raise BackupError(msg)
    done = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                           "--single-transaction", *arguments, str(source)],
                          env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"pg_restore a échoué : {done.stderr.strip()[:300]}"
        raise BackupError(msg)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version").scalar_one()
    finally:
        engine.dispose()
    return _checked_revision(str(revision))


def nightly_name(now: dt.datetime, postgresql: bool) -> str:
    """The file name of a nightly backup taken at ``now`` (sorts by time)."""
    return f"{PREFIX}{now:%Y%m%d-%H%M%S}.{'dump' if postgresql else 'sqlite3'}"


def rotate(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest nightly backups beyond ``keep``; the removed files."""
    backups = sorted(path for path in folder.glob(f"{PREFIX}*") if path.suffix in (
        ".sqlite3", ".dump"))
    removed = backups[:-keep] if len(backups) > keep else []
    for path in removed:
        path.unlink()
    return removed


def nightly_backup(url: str, folder: Path, keep: int, now: dt.datetime) -> Path:
    """Back up into ``folder`` (created 0700) under a dated name, then rotate."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = backup(url, folder / nightly_name(now, sqlite_path(url) is None))
    rotate(folder, keep)
    return target


def restore_hint(report: RestoreReport) -> str:
    """What to do after a restore of an older schema."""
    return f" ; la sauvegarde est à une version antérieure du schéma : {UPGRADE_HINT}" \
        if report.needs_upgrade else ""
