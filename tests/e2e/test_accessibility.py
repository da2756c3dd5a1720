"""axe-core (WCAG 2.1 A/AA rules) on every page of every role, in headless Chromium.

axe-core comes from the npm registry (`npm pack`, pinned version and SHA-256, cached in
build/cache like the reference data packages) and is injected into each page; the test fails on
any violation, naming the page, the rule and the elements.
"""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page

from hadcoord.config import PROJECT_ROOT

AXE = "axe-core@4.10.3"
AXE_FILE = "axe-core-4.10.3.tgz"
AXE_SHA256 = "0f2b4d7dcdf7d1219df8d1959ad68e565f51d14c3f0d88bb71cd59abeb956292"
CACHE = PROJECT_ROOT / "build" / "cache"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Downloads and logout are not pages; a page is visited once per role.
SKIPPED = (".ics", ".csv", "/telecharger", "/logout")
MAX_PAGES = 40


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe.min.js from the pinned npm package (downloaded once into build/cache)."""
    tarball = CACHE / AXE_FILE
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", AXE, "--silent", "--pack-destination", str(CACHE)],
                       check=True, capture_output=True, timeout=300)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    assert digest == AXE_SHA256, f"{tarball}: unexpected SHA-256 {digest}"
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode()


def violations(page: Page, axe_source: str) -> list[str]:
    """axe-core's violations on the page, one line each: rule, impact, elements."""
    page.add_script_tag(content=axe_source)
    found = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})"
                          ".then(r => r.violations.map(v => [v.id, v.impact,"
                          " v.nodes.map(n => n.target.join(' ')).slice(0, 5)]))", RULES)
    return [f"{rule} ({impact}) : {', '.join(targets)}" for rule, impact, targets in found]


def crawl(page: Page, base_url: str, axe_source: str) -> dict[str, list[str]]:
    """Visit every same-site page and map reachable from the home page; violations by URL."""
    queue: list[str] = ["/"]
    seen: set[str] = set()
    report: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(path, wait_until="load", timeout=120_000)
        if found := violations(page, axe_source):
            report[path] = found
        # Links, and the documents of the iframes (the maps).
        for href in page.eval_on_selector_all("a[href], iframe[src]",
                                              "els => els.map(e => e.href || e.src)"):
            target = urlparse(urljoin(base_url + path, href))
            if (f"{target.scheme}://{target.netloc}" == base_url
                    and not target.path.endswith(SKIPPED)):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return report


def test_login_and_error_pages_have_no_violation(browser: Browser, demo_server: tuple[
        str, dict[str, str]], axe_source: str) -> None:
    base_url, _ = demo_server
    context = browser.new_context(base_url=base_url, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    report = {}
    for path in ("/login", "/page-qui-n-existe-pas"):
        page.goto(path)
        if found := violations(page, axe_source):
            report[path] = found
    context.close()
    assert report == {}


@pytest.mark.parametrize("role", ["coordinator", "had_nurse", "pharmacist", "ars", "admin"])
def test_every_page_of_every_role_has_no_violation(
    browser: Browser, demo_server: tuple[str, dict[str, str]], axe_source: str, role: str
) -> None:
    base_url, logins = demo_server
    email, password = logins[role].split("\n")
    context = browser.new_context(base_url=base_url, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{base_url}/**")
    report = crawl(page, base_url, axe_source)
    context.close()
    assert report == {}
