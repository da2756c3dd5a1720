"""End-to-end fixtures: the real app under waitress on loopback, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium, installed by `make test` when missing), driven by
Playwright; Playwright's own browser download is never used. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright
from waitress.server import create_server

from hadcoord.cli.db import upgrade_database
from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.services.accounts import create_user
from hadcoord.services.demo import seed
from hadcoord.store import Patient, open_session
from hadcoord.web import create_app
from hadcoord.web.auth_secret import generate_secret

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "mot-de-passe-e2e-1"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(url: str, mfa_roles: str = "") -> Iterator[str]:
    """The app on the database ``url``, served by waitress on a free loopback port (the second
    factor only for ``mfa_roles``, comma-separated: tests/e2e/test_two_factor.py)."""
    settings = load_settings(PROJECT_ROOT / "config.toml",
                             environ={"HADCOORD_DATABASE_URL": url,
                                      "HADCOORD_SECRET_KEY": generate_secret(),
                                      "HADCOORD_SECURITY_MFA_ROLES": mfa_roles})
    port = _free_port()
    server = create_server(create_app(settings=settings), host="127.0.0.1", port=port, threads=4,
                           ident="")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        thread.join(timeout=5)


@contextmanager
def serving_a_rodez_patient(folder: Path, reference: str, first_name: str) -> Iterator[str]:
    """The app served on a fresh database with a coordinator and an ARS account and one
    fictitious patient living in Rodez (12202, patient 1): the maps' tests."""
    url = f"sqlite:///{folder}/e2e.sqlite3"
    upgrade_database(url)
    with open_session(url) as session:
        for role in ("coordinator", "ars"):
            create_user(session, f"{role}@example.fr", role, PASSWORD, None)
        session.add(Patient(reference=reference, last_name="FICTIF", first_name=first_name,
                            birth_date=dt.date(1970, 1, 1), sex="F", commune_code="12202",
                            indication="rr", weight_kg=70.0, consent_had=True))
        session.commit()
    with serving(url) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by waitress on 127.0.0.1, on a fresh database with one account per role."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e')}/e2e.sqlite3"
    upgrade_database(url)
    with open_session(url) as session:
        for role in ("coordinator", "pharmacist", "had_nurse", "ars", "admin"):
            create_user(session, f"{role}@example.fr", role, PASSWORD,
                        "had-ch-montauban" if role == "had_nurse" else None)
        session.commit()
    with serving(url) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did that a user must never see: console errors, requests off the machine."""

    server: str
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_request(self, request: Request) -> None:
        if not request.url.startswith((self.server, "data:")):
            self.external_requests.append(request.url)


@pytest.fixture
def page_log(live_server: str) -> PageLog:
    return PageLog(live_server)


@pytest.fixture
def page(browser: Browser, live_server: str, page_log: PageLog) -> Iterator[Page]:
    """A fresh browser context whose console errors and outside requests go to ``page_log``."""
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    new_page = context.new_page()
    new_page.on("console", page_log.on_console)
    new_page.on("request", page_log.on_request)
    yield new_page
    context.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Save a full-page screenshot as a test artefact."""

    def take(page: Page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page: Page, role: str) -> None:
    """Log in through the form, as a person would."""
    page.goto("/login")
    page.fill("#email", f"{role}@example.fr")
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on the demo data (one account per role, three patients), with the passwords."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-a11y')}/e2e.sqlite3"
    upgrade_database(url)
    with open_session(url) as session:
        accounts = seed(session, dt.date.today(), load_settings(
            PROJECT_ROOT / "config.toml", environ={"HADCOORD_DATABASE_URL": url}))
        session.commit()
    logins = {a.role: f"{a.email}\n{a.password}" for a in accounts}
    with serving(url) as base_url:
        yield base_url, logins
