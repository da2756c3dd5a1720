"""Two-factor sign-in in a real browser: enrolment from the page's key, codes computed here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from hadcoord.cli.db import upgrade_database
from hadcoord.services.accounts import create_user
from hadcoord.store import open_session
from tests.e2e.conftest import PASSWORD, serving

Shot = Callable[[Page, str], Path]


@pytest.fixture(scope="module")
def mfa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the second factor required for the coordinator."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-mfa')}/mfa.sqlite3"
    upgrade_database(url)
    with open_session(url) as session:
        create_user(session, "coordinator@example.fr", "coordinator", PASSWORD)
        session.commit()
    with serving(url, mfa_roles="coordinator") as base_url:
        yield base_url


@pytest.fixture
def mfa_page(browser: Browser, mfa_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=mfa_server, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def password_step(page: Page) -> None:
    page.goto("/login")
    page.fill("#email", "coordinator@example.fr")
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")


@pytest.mark.security
def test_enrol_then_sign_in_with_a_code(mfa_page: Page, browser: Browser, mfa_server: str,
                                        screenshot: Shot) -> None:
    password_step(mfa_page)
    expect(mfa_page.locator("h1")).to_have_text("Activer le second facteur")
    expect(mfa_page.locator("img[alt^='QR code']")).to_be_visible()
    screenshot(mfa_page, "security-01-enrol")
    secret = mfa_page.locator("#totp-secret").inner_text().strip()
    totp = pyotp.TOTP(secret)
    mfa_page.fill("#code", totp.now())
    mfa_page.click("form.card button[type=submit]")
    expect(mfa_page.locator("h1")).to_have_text("Codes de secours")
    assert mfa_page.locator(".recovery-codes li").count() == 10
    recovery = mfa_page.locator(".recovery-codes li").first.inner_text().strip()
    screenshot(mfa_page, "security-02-recovery-codes")
    mfa_page.click("text=Continuer")
    expect(mfa_page.locator("header")).to_contain_text("coordinator@example.fr")
    # Another browser: password, then a recovery code (the TOTP code was used already).
    context = browser.new_context(base_url=mfa_server, locale="fr-FR")
    other = context.new_page()
    password_step(other)
    expect(other.locator("h1")).to_have_text("Second facteur")
    other.fill("#code", "000000")
    other.click("form.card button[type=submit]")
    expect(other.locator(".field-error")).to_contain_text("Code incorrect")
    other.fill("#code", recovery)
    other.click("form.card button[type=submit]")
    expect(other.locator("header")).to_contain_text("coordinator@example.fr")
    expect(other.locator(".flash")).to_contain_text("il vous en reste 9")
    screenshot(other, "security-03-signed-in")
    context.close()
