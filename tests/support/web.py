"""The web app under test, registered for the whole suite by tests/conftest.py.

A freshly migrated database per test (SQLite file, or the PostgreSQL server named by
HADCOORD_TEST_DATABASE_URL), one account per role, logged-in clients, the app's engine and
session factory, and the SQL statements it runs.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from hadcoord.cli.db import upgrade_database
from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.services import accounts
from hadcoord.services.accounts import create_user
from hadcoord.store import Base, make_engine, make_session_factory
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret

PASSWORD = "mot-de-passe-de-test-1"
ROLES = ["coordinator", "pharmacist", "had_nurse", "ars", "admin"]
NURSE_HAD = "had-ch-cahors"  # the HAD of had_nurse@example.fr
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                        r'name="csrf_token" value="([^"]+)"')

Sessions = sessionmaker[Session]
ClientAs = Callable[[str], FlaskClient]


def _reset_postgresql(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production argon2 costs ~50 ms a hash; every test uses the same algorithm, cheaper."""
    monkeypatch.setattr(accounts, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database brought to the latest migration, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, migrated_sqlite: Path) -> Iterator[str]:
    """A migrated, empty database for one test."""
    url = os.environ.get("HADCOORD_TEST_DATABASE_URL")
    if url:
        engine = make_engine(url)
        _reset_postgresql(engine)
        engine.dispose()
        upgrade_database(url)
        yield url
        return
    path = tmp_path / "test.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """config.toml with the test database."""
    return load_settings(PROJECT_ROOT / "config.toml",
                         environ={"HADCOORD_DATABASE_URL": database_url,
                                  "HADCOORD_SECRET_KEY": generate_secret(),
                                  # The second factor has its own tests (tests/security).
                                  "HADCOORD_SECURITY_MFA_ROLES": ""})


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The app on the test database, with one account per role (``<role>@example.fr``)."""
    application = create_app({"TESTING": True}, settings=settings)
    engine: Engine = application.extensions["hadcoord"]["engine"]
    with application.app_context(), make_session_factory(engine)() as session:
        for role in ROLES:
            create_user(session, f"{role}@example.fr", role, PASSWORD,
                        NURSE_HAD if role == "had_nurse" else None)
        session.commit()
    yield application
    engine.dispose()


@pytest.fixture
def db_engine(app: Flask) -> Engine:
    """The app's SQLAlchemy engine (``engine`` is the coverage engine in tests/coverage, maps)."""
    engine: Engine = app.extensions["hadcoord"]["engine"]
    return engine


@pytest.fixture
def sessions(db_engine: Engine) -> Sessions:
    """Sessions on the app's database, for setting data up and reading what a request wrote."""
    return make_session_factory(db_engine)


def csrf_token(page: str) -> str:
    """The CSRF token of the form in ``page``."""
    match = CSRF_INPUT.search(page)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def page_text(response: TestResponse) -> str:
    """The response body with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    """Log in through the form; the status of the form's answer (302 on success)."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    return response.status_code


@pytest.fixture
def client_as(app: Flask) -> ClientAs:
    """A test client logged in with the given role."""

    def make(role: str) -> FlaskClient:
        client = app.test_client()
        assert login(client, f"{role}@example.fr") == 302
        return client

    return make


@pytest.fixture
def statements(db_engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the app runs during the test."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]).lower())

    event.listen(db_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db_engine, "before_cursor_execute", record)
