"""`hadcoord db backup` while writes go on, `hadcoord db restore` into a fresh database; row
counts and the audit chain match (issue 16); the restore's refusals; the nightly rotation."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.cli.db import upgrade_database
from hadcoord.services import audit
from hadcoord.services.backup import nightly_backup
from hadcoord.store import make_engine, make_session_factory

TABLES = ("audit_events", "audit_chain", "users", "patients")


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in TABLES}


def invoke(monkeypatch: pytest.MonkeyPatch, url: str, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("HADCOORD_DATABASE_URL", url)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def keep_writing(url: str, stop: threading.Event, written: list[int]) -> None:
    """Audit events, one transaction each, until ``stop``."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    while not stop.is_set():
        with factory() as session:
            audit.record(session, None, "login_failed", detail="écriture concurrente")
            session.commit()
        written.append(1)
    engine.dispose()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


def test_backup_while_writing_then_restore_matches(tmp_path: Path, source: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{source}"
    stop, written = threading.Event(), list[int]()
    writer = threading.Thread(target=keep_writing, args=(url, stop, written))
    writer.start()
    try:
        while len(written) < 30:
            stop.wait(0.01)
        backup_file = tmp_path / "sauvegarde.sqlite3"
        status, output = invoke(monkeypatch, url, "db", "backup", str(backup_file))
        at_backup = len(written)
        while len(written) < at_backup + 30:  # the writes went on during and after
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    assert status == 0, output
    assert "Sauvegarde écrite" in output
    assert backup_file.stat().st_mode & 0o077 == 0
    fresh = tmp_path / "restauree" / "hadcoord.sqlite3"
    status, output = invoke(monkeypatch, f"sqlite:///{fresh}", "db", "restore",
                            str(backup_file))
    assert status == 0, output
    saved, restored, final = counts(backup_file), counts(fresh), counts(source)
    assert restored == saved
    assert 30 <= saved["audit_events"] < final["audit_events"]
    status, output = invoke(monkeypatch, f"sqlite:///{fresh}", "audit", "verify")
    assert status == 0, output
    assert f"{saved['audit_events']} événement(s) vérifié(s)" in output


def test_restore_refuses_a_database_with_data_without_force(
        tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backup_file = tmp_path / "sauvegarde.sqlite3"
    assert invoke(monkeypatch, f"sqlite:///{source}", "db", "backup", str(backup_file))[0] == 0
    engine = make_engine(f"sqlite:///{source}")
    with make_session_factory(engine)() as session:
        audit.record(session, None, "login_failed")
        session.commit()
    engine.dispose()
    status, output = invoke(monkeypatch, f"sqlite:///{source}", "db", "restore",
                            str(backup_file))
    assert status == 2
    assert "contient déjà des données" in output
    assert "--force" in output
    assert counts(source)["audit_events"] == 1
    status, output = invoke(monkeypatch, f"sqlite:///{source}", "db", "restore",
                            str(backup_file), "--force")
    assert status == 0, output
    assert counts(source)["audit_events"] == 0


def test_restore_refuses_a_backup_of_an_unknown_schema(tmp_path: Path, source: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    backup_file = tmp_path / "future.sqlite3"
    shutil.copyfile(source, backup_file)
    with closing(sqlite3.connect(backup_file)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    status, output = invoke(monkeypatch, f"sqlite:///{tmp_path}/new.sqlite3", "db", "restore",
                            str(backup_file))
    assert status == 2
    assert "version de schéma 9999, inconnue de ce programme" in output
    assert not (tmp_path / "new.sqlite3").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("pas une base", encoding="utf-8")
    status, output = invoke(monkeypatch, f"sqlite:///{tmp_path}/new.sqlite3", "db", "restore",
                            str(junk))
    assert status == 2
    assert "n'est pas une sauvegarde hadcoord" in output


def test_postgresql_backup_without_pg_dump_is_a_french_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    status, output = invoke(monkeypatch, "postgresql+psycopg://u:p@127.0.0.1:1/x", "db",
                            "backup", str(tmp_path / "x.dump"))
    assert status == 2
    assert "« pg_dump » est introuvable" in output
    assert "postgresql-client" in output


def test_nightly_backups_keep_the_newest(tmp_path: Path, source: Path) -> None:
    folder = tmp_path / "sauvegardes"
    start = dt.datetime(2026, 12, 1, 2, 30)
    for night in range(5):
        nightly_backup(f"sqlite:///{source}", folder, 3, start + dt.timedelta(days=night))
    assert sorted(path.name for path in folder.iterdir()) == [
        "hadcoord-20261203-023000.sqlite3", "hadcoord-20261204-023000.sqlite3",
        "hadcoord-20261205-023000.sqlite3"]
    assert folder.stat().st_mode & 0o077 == 0


def test_the_scheduler_takes_the_nightly_backup(tmp_path: Path, source: Path) -> None:
    from hadcoord.config import PROJECT_ROOT, load_settings
    from hadcoord.jobs.scheduler import backup_pass, build_scheduler

    folder = tmp_path / "nuit"
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={
        "HADCOORD_DATABASE_URL": f"sqlite:///{source}", "HADCOORD_BACKUP_DIRECTORY": str(folder),
        "HADCOORD_BACKUP_KEEP": "2", "HADCOORD_BACKUP_AT": "03:15"})
    engine = make_engine(settings.database.url)
    job = build_scheduler(make_session_factory(engine), settings).get_job("backup")
    engine.dispose()
    assert job is not None
    assert "hour='3', minute='15'" in str(job.trigger)
    backup_pass(settings)
    assert [path.suffix for path in folder.iterdir()] == [".sqlite3"]
