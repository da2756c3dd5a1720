"""ASVS 2.10.4, 3.5.3, 6.4.1: no secret in the repository, no weak secret, explicit demo mode."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import func, select

from hadcoord.cli import main
from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.store import Patient, open_session
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret
from tests.support.web import login

pytestmark = pytest.mark.security


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """`hadcoord serve` never listens in these tests: the call to waitress is recorded."""
    calls: list[dict[str, Any]] = []
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append({"app": app, **kw}))
    yield calls
    for call in calls:  # the apps built by `serve` hold pooled connections: close them
        call["app"].extensions["hadcoord"]["engine"].dispose()


@pytest.fixture
def environment(database_url: str, monkeypatch: pytest.MonkeyPatch,
                tmp_path: Path) -> Path:
    """The shipped config.toml copied to a temporary folder, on the test database."""
    config = tmp_path / "config.toml"
    config.write_text((PROJECT_ROOT / "config.toml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    for name in ("HADCOORD_SECRET_KEY", "HADCOORD_WEB_SECRET_KEY", "HADCOORD_WEB_DEMO",
                 "HADCOORD_WEB_SECRET_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HADCOORD_CONFIG", str(config))
    monkeypatch.setenv("HADCOORD_REFERENCE_TERRITORIES_DIR", str(PROJECT_ROOT / "territories"))
    monkeypatch.setenv("HADCOORD_DATABASE_URL", database_url)
    # a free port: `serve` binds before calling waitress, and 5000 may be a running `make run`
    monkeypatch.setenv("HADCOORD_WEB_PORT", str(_free_port()))
    return config


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_repository_ships_no_secret() -> None:
    text = (PROJECT_ROOT / "config.toml").read_text(encoding="utf-8")
    assert "dev-only-change-me" not in text
    assert "secret_key =" not in text
    settings = load_settings(PROJECT_ROOT / "config.toml", environ={})
    assert settings.web.secret_key == ""
    assert settings.web.demo is False  # demo mode is opted into, not shipped on


@pytest.mark.usefixtures("environment")
def test_serve_refuses_to_start_without_a_secret(served: list[dict[str, Any]]) -> None:
    result = invoke("serve")
    assert result.exit_code == 2, result.output
    assert "clé secrète" in result.output
    assert "HADCOORD_SECRET_KEY" in result.output
    assert served == []


@pytest.mark.usefixtures("environment")
@pytest.mark.parametrize("weak", ["dev-only-change-me", "dev-only-change-me ", "x", "a" * 64,
                                  " " + generate_secret(), "0123456789" * 4])
def test_serve_refuses_a_weak_secret(weak: str, served: list[dict[str, Any]],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADCOORD_SECRET_KEY", weak)
    result = invoke("serve")
    assert result.exit_code == 2, result.output
    assert "clé secrète trop faible" in result.output
    assert served == []


@pytest.mark.usefixtures("environment")
def test_serve_starts_with_a_strong_secret_and_no_server_banner(
        served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    secret = generate_secret()
    monkeypatch.setenv("HADCOORD_SECRET_KEY", secret)
    result = invoke("serve", "--port", "5999")
    assert result.exit_code == 0, result.output
    assert len(served) == 1
    assert served[0]["ident"] == ""  # waitress sends no « Server: waitress »
    assert served[0]["app"].config["SECRET_KEY"] == secret


def test_secret_generate_writes_a_private_file_that_serve_accepts(
        environment: Path, served: list[dict[str, Any]], tmp_path: Path) -> None:
    key = tmp_path / "secret-key"
    result = invoke("secret", "generate", "--out", str(key))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text(encoding="utf-8").strip()) >= 43
    again = invoke("secret", "generate", "--out", str(key))
    assert again.exit_code == 2
    assert "existe déjà" in again.output
    environment.write_text(environment.read_text(encoding="utf-8").replace(
        '# secret_key_file = "/etc/hadcoord/secret-key"', f'secret_key_file = "{key}"'),
        encoding="utf-8")
    started = invoke("serve")
    assert started.exit_code == 0, started.output
    assert served[0]["app"].config["SECRET_KEY"] == key.read_text(encoding="utf-8").strip()
    key.chmod(0o644)  # readable by other accounts: refused
    refused = invoke("serve")
    assert refused.exit_code == 2
    assert "chmod 600" in refused.output


@pytest.mark.usefixtures("environment")
def test_demo_mode_is_explicit_and_refuses_a_database_with_a_real_patient(
        database_url: str, served: list[dict[str, Any]]) -> None:
    assert invoke("demo", "seed").exit_code == 2  # not without --demo
    assert invoke("demo", "seed", "--demo").exit_code == 0
    assert invoke("serve", "--demo").exit_code == 0
    with open_session(database_url) as session:
        patient = session.scalars(select(Patient)).first()
        assert patient is not None
        patient.is_demo = False  # a real patient now
        session.commit()
    result = invoke("serve", "--demo")
    assert result.exit_code == 2
    assert "mode démo refusé" in result.output
    assert len(served) == 1


def test_demo_banner_on_every_page(app: Flask, settings: Any) -> None:
    demo = settings.model_copy(update={"web": settings.web.model_copy(update={"demo": True})})
    demo_app = create_app({"TESTING": True}, settings=demo)
    client = demo_app.test_client()
    assert "Démonstration — données fictives" in client.get("/login").get_data(as_text=True)
    assert login(client, "coordinator@example.fr") == 302
    for path in ("/", "/patients/", "/pharmacie/", "/patients/999"):
        assert "Démonstration — données fictives" in client.get(path).get_data(as_text=True)
    demo_app.extensions["hadcoord"]["engine"].dispose()
    plain = app.test_client()
    assert "Démonstration" not in plain.get("/login").get_data(as_text=True)


def test_demo_passwords_are_printed_once_and_never_stored(environment: Path) -> None:
    first = invoke("demo", "seed", "--demo")
    assert first.exit_code == 0, first.output
    password = next(row for row in first.output.splitlines()
                    if row.startswith("  coordinator ")).split("mot de passe : ")[1]
    instance = environment.parent / "instance"
    for path in instance.rglob("*") if instance.exists() else ():
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path
    again = invoke("demo", "seed", "--demo")
    assert password not in again.output
    assert "hadcoord demo passwords" in again.output
    reset = invoke("demo", "passwords", "--demo")
    assert reset.exit_code == 0
    new = next(row for row in reset.output.splitlines()
               if row.startswith("  coordinator ")).split("mot de passe : ")[1]
    assert new != password


def test_instance_folder_and_sqlite_file_are_private(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "instance" / "hadcoord.sqlite3"
    monkeypatch.setenv("HADCOORD_DATABASE_URL", f"sqlite:///{database}")
    assert invoke("db", "upgrade").exit_code == 0
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    with open_session(f"sqlite:///{database}") as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == 0
