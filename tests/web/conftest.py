"""Web fixtures: a freshly migrated database per test (SQLite file, or the PostgreSQL server
named by HADCOORD_TEST_DATABASE_URL), one account per role, logged-in clients."""

from __future__ import annotations

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

from hadcoord.cli.db import upgrade_database
from hadcoord.config import PROJECT_ROOT, Settings, load_settings
from hadcoord.services import accounts
from hadcoord.services.accounts import create_user
from hadcoord.store import Base, make_engine, make_session_factory
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret

PASSWORD = "mot-de-passe-de-test-1"
ROLES = ["coordinator", "pharmacist", "had_nurse", "ars", "admin"]
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                        r'name="csrf_token" value="([^"]+)"')


def _reset_postgresql(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production argon2 costs ~50 ms a hash; the tests use the same algorithm, cheaper."""
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
    return load_settings(PROJECT_ROOT / "config.toml",
                         environ={"HADCOORD_DATABASE_URL": database_url,
                                  "HADCOORD_SECRET_KEY": generate_secret()})


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    application = create_app({"TESTING": True}, settings=settings)
    with application.app_context():
        factory = make_session_factory(application.extensions["hadcoord"]["engine"])
        with factory() as session:
            for role in ROLES:
                create_user(session, f"{role}@example.fr", role, PASSWORD,
                            "had-ch-cahors" if role == "had_nurse" else None)
            session.commit()
    yield application
    application.extensions["hadcoord"]["engine"].dispose()


def csrf_token(page: str) -> str:
    match = CSRF_INPUT.search(page)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> int:
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    return response.status_code


@pytest.fixture
def client_as(app: Flask) -> Callable[[str], FlaskClient]:
    """A test client logged in with the given role."""

    def make(role: str) -> FlaskClient:
        client = app.test_client()
        assert login(client, f"{role}@example.fr") == 302
        return client

    return make


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app runs during the test."""
    seen: list[str] = []
    engine = app.extensions["hadcoord"]["engine"]

    def record(*args: Any) -> None:
        seen.append(str(args[2]).lower())

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every web test touches the database: mark it `db` (run on PostgreSQL too in CI)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.db)
