"""Database faults during requests (issue 16): a French 503 with Retry-After, never a 500.

Each fault the issue quotes: a lock held by another connection longer than the wait, a
read-only database, disk full (a page-count limit), the file deleted while the app runs. The
request's transaction is rolled back (nothing half-written) and /healthz names the failing
part. The app waits ``[database].busy_timeout_ms`` (200 ms here) for a lock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, event, func, select
from sqlalchemy.engine import make_url

from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.store import AuditEvent, DailyCheckRecord
from hadcoord.web.auth_secret import generate_secret
from tests.support.checks import MakeDocument
from tests.support.web import ClientAs, Sessions, page_text

SQLITE_ONLY = pytest.mark.skipif(bool(os.environ.get("HADCOORD_TEST_DATABASE_URL")),
                                 reason="a fault of the SQLite file itself")
UNAVAILABLE = "La base de données ne répond pas pour le moment"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """config.toml with the test database, and a short wait for another connection's lock."""
    return load_settings(PROJECT_ROOT / "config.toml",
                         environ={"HADCOORD_DATABASE_URL": database_url,
                                  "HADCOORD_SECRET_KEY": generate_secret(),
                                  "HADCOORD_SECURITY_MFA_ROLES": "",
                                  "HADCOORD_DATABASE_BUSY_TIMEOUT_MS": "200"})


def count(sessions: Sessions, model: Any) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@contextmanager
def database_locked(url: str) -> Iterator[None]:
    """Another connection holds the write lock (SQLite BEGIN EXCLUSIVE; PostgreSQL a table
    lock on the audit trail and the checks) until the block ends."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        lite = sqlite3.connect(str(parsed.database), isolation_level=None)
        lite.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            lite.execute("ROLLBACK")
            lite.close()
        return
    import psycopg

    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as holder:
        holder.execute("LOCK TABLE audit_events, daily_checks, heartbeats, user_sessions "
                       "IN EXCLUSIVE MODE")
        yield
        holder.rollback()


def assert_unavailable_page(response: Any) -> None:
    assert response.status_code == 503, response.status_code
    assert response.headers["Retry-After"].isdigit()
    assert UNAVAILABLE in page_text(response)
    assert "Traceback" not in page_text(response)


def test_lock_held_longer_than_the_wait_answers_503_and_records_nothing(
        database_url: str, sessions: Sessions, client_as: ClientAs,
        patients: dict[str, int], check_doc: MakeDocument) -> None:
    coordinator, nurse = client_as("coordinator"), client_as("had_nurse")
    audit_before = count(sessions, AuditEvent)
    with database_locked(database_url):
        # An audited read of a record: its audit row cannot be written.
        assert_unavailable_page(coordinator.get(f"/patients/{patients['mine']}"))
        # A check through the API: JSON 503, Retry-After.
        answer = nurse.post(f"/api/patients/{patients['mine']}/checks", json=check_doc())
        assert answer.status_code == 503
        assert UNAVAILABLE in answer.get_json()["error"]
        assert answer.headers["Retry-After"].isdigit()
        health = coordinator.get("/healthz")
        assert health.status_code == 503
        assert health.get_json()["failing"] == "write"
    assert (count(sessions, DailyCheckRecord), count(sessions, AuditEvent)) == (0, audit_before)
    # The lock released, the same requests succeed.
    assert coordinator.get(f"/patients/{patients['mine']}").status_code == 200
    assert nurse.post(f"/api/patients/{patients['mine']}/checks",
                      json=check_doc()).status_code == 201
    assert coordinator.get("/healthz").status_code == 200


def test_sign_in_while_locked_is_a_503_not_a_500(app: Flask, database_url: str) -> None:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    with database_locked(database_url):
        response = client.post("/login", data={"email": "coordinator@example.fr",
                                               "password": "mot-de-passe-de-test-1",
                                               "csrf_token": token})
    assert_unavailable_page(response)
    assert "Set-Cookie" not in response.headers or "session=;" in response.headers["Set-Cookie"]


def _read_only(engine: Engine) -> None:
    """Every new connection of ``engine`` may read but not write (a read-only database; the
    test runs as root in CI, whom file permissions do not stop)."""

    @event.listens_for(engine, "connect")
    def _query_only(connection: Any, _record: object) -> None:
        connection.execute("PRAGMA query_only = ON")

    engine.dispose()


@SQLITE_ONLY
def test_read_only_database_answers_503(db_engine: Engine, sessions: Sessions,
                                        client_as: ClientAs, patients: dict[str, int],
                                        check_doc: MakeDocument) -> None:
    coordinator, nurse = client_as("coordinator"), client_as("had_nurse")
    audit_before = count(sessions, AuditEvent)
    _read_only(db_engine)
    assert_unavailable_page(coordinator.get(f"/patients/{patients['mine']}"))
    answer = nurse.post(f"/api/patients/{patients['mine']}/checks", json=check_doc())
    assert answer.status_code == 503
    assert coordinator.get("/healthz").get_json()["failing"] == "write"
    assert (count(sessions, DailyCheckRecord), count(sessions, AuditEvent)) == (0, audit_before)


@SQLITE_ONLY
def test_disk_full_answers_503_and_keeps_every_acknowledged_check(
        *, database_url: str, db_engine: Engine, sessions: Sessions, client_as: ClientAs,
        patients: dict[str, int], check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    path = str(make_url(database_url).database)
    with sqlite3.connect(path) as probe:
        pages = probe.execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(db_engine, "connect")
    def _full_disk(connection: Any, _record: object) -> None:
        connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # the file cannot grow

    db_engine.dispose()
    statuses = []
    for minute in range(40):
        document = check_doc(free_text="x" * 900)
        document["recorded_at"] = document["recorded_at"][:14] + f"{minute:02d}" + \
            document["recorded_at"][16:]
        answer = nurse.post(f"/api/patients/{patients['mine']}/checks", json=document)
        statuses.append(answer.status_code)
    assert set(statuses) <= {201, 503}, statuses
    assert 503 in statuses
    assert count(sessions, DailyCheckRecord) == statuses.count(201)
    assert nurse.get("/healthz").status_code in (200, 503)


@SQLITE_ONLY
def test_database_file_deleted_while_running_is_noticed(
        database_url: str, client_as: ClientAs, patients: dict[str, int]) -> None:
    coordinator = client_as("coordinator")
    assert coordinator.get(f"/patients/{patients['mine']}").status_code == 200
    path = Path(str(make_url(database_url).database))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert_unavailable_page(coordinator.get(f"/patients/{patients['mine']}"))
    health = coordinator.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["failing"] == "database"
    assert not path.exists()  # nothing recreated an empty database in its place
