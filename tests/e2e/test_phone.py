"""The HAD nurse's phone at the bedside (390 × 844, and 360 px wide), in headless Chromium.

Issue 15: the header took ~350 of 844 px, pages scrolled sideways (history 938 px, notifications
1,253 px, patients 511 px), checkboxes were 13 × 13 px, the check form had one submit button at
the bottom of 2,656 px and after an error only the top banner was in view.
Screenshots go to test-artifacts/phone-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW: ViewportSize = {"width": 360, "height": 740}
# WCAG 2.1 success criterion 2.5.5 (target size, AAA; the bar): 44 × 44 CSS pixels.
MIN_TARGET_PX = 44
MAX_HEADER_PX = 120
SKIPPED = (".ics", ".csv", "/telecharger", "/logout", ".png")
MAX_PAGES = 25

# Interactive elements a finger has to hit; links inside running text are exempt (WCAG 2.5.5).
TARGETS_JS = """
() => {
  const out = [];
  const seen = new Set();
  const candidates = document.querySelectorAll('button, input:not([type=hidden]), select, ' +
    'textarea, summary, nav a, td a, .actions a, a.button');
  for (const el of candidates) {
    let box = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      box = el.closest('label') || (el.labels && el.labels[0]) || el;
    }
    if (seen.has(box)) continue;
    seen.add(box);
    const r = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    if (el.closest('[hidden]') || el.closest('.skip-link')) continue;
    if (r.height < MIN || r.width < MIN) {
      out.push(`${box.tagName.toLowerCase()}${box.id ? '#' + box.id : ''} ` +
               `« ${(box.innerText || box.value || box.name || '').trim().slice(0, 30)} » ` +
               `${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return out;
}
""".replace("MIN", str(MIN_TARGET_PX))


def _phone_page(browser: Browser, base_url: str, logins: dict[str, str],
                viewport: ViewportSize) -> Page:
    context = browser.new_context(base_url=base_url, locale="fr-FR", viewport=viewport,
                                  has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    email, password = logins["had_nurse"].split("\n")
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{base_url}/**")
    return page


def _nurse_pages(page: Page, base_url: str) -> list[str]:
    """Every same-site page a nurse reaches from the home page (breadth first)."""
    queue: list[str] = ["/"]
    seen: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        page.goto(path, wait_until="load")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urlparse(urljoin(base_url + path, href))
            if (f"{target.scheme}://{target.netloc}" == base_url
                    and not target.path.endswith(SKIPPED)):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def _overflow(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (0: none)."""
    width: int = page.evaluate("() => document.documentElement.scrollWidth"
                               " - document.documentElement.clientWidth")
    return width


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "accueil"


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390", "360"])
def test_no_nurse_page_scrolls_sideways(browser: Browser, demo_server: tuple[str, dict[str, str]],
                                        viewport: ViewportSize,
                                        screenshot: Callable[[Page, str], Path]) -> None:
    base_url, logins = demo_server
    page = _phone_page(browser, base_url, logins, viewport)
    pages = _nurse_pages(page, base_url)
    assert any("/surveillance/nouveau" in p for p in pages), pages
    too_wide = {}
    for path in pages:
        page.goto(path, wait_until="load")
        if viewport == PHONE:
            screenshot(page, f"phone-{_slug(path)}")
        if (extra := _overflow(page)) > 0:
            too_wide[path] = extra
    page.context.close()
    assert too_wide == {}


def test_header_is_compact_with_a_menu_button(browser: Browser,
                                             demo_server: tuple[str, dict[str, str]]) -> None:
    base_url, logins = demo_server
    page = _phone_page(browser, base_url, logins, PHONE)
    page.goto("/surveillance/tournee")
    header = page.locator("header.topbar").bounding_box()
    assert header is not None
    assert header["height"] <= MAX_HEADER_PX, header
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("header nav").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Relevés du jour").is_visible()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    page.context.close()


def test_touch_targets_are_at_least_44_px(browser: Browser,
                                          demo_server: tuple[str, dict[str, str]]) -> None:
    base_url, logins = demo_server
    page = _phone_page(browser, base_url, logins, PHONE)
    small = {}
    for path in _nurse_pages(page, base_url):
        page.goto(path, wait_until="load")
        if page.get_by_role("button", name="Menu").is_visible():
            page.get_by_role("button", name="Menu").click()
        if found := page.evaluate(TARGETS_JS):
            small[path] = found
    page.context.close()
    assert small == {}


def _open_check_form(page: Page) -> None:
    page.goto("/surveillance/tournee")
    page.locator("tr[data-patient] a", has_text="Saisir").first.click()
    page.wait_for_selector("#daily-check")


def test_check_form_shows_expected_volume_and_keeps_submit_in_view(
        browser: Browser, demo_server: tuple[str, dict[str, str]]) -> None:
    base_url, logins = demo_server
    page = _phone_page(browser, base_url, logins, PHONE)
    _open_check_form(page)
    expected = page.locator("#expected-volume")
    assert re.search(r"\d+(,\d)? mL", expected.inner_text()), expected.inner_text()
    assert page.get_attribute("#temperature_c", "inputmode") == "decimal"
    assert page.get_attribute("#heart_rate", "inputmode") == "numeric"
    submit = page.get_by_role("button", name="Enregistrer le relevé")
    for y in (0, 800, 1600):
        page.evaluate(f"window.scrollTo(0, {y})")
        box = submit.bounding_box()
        assert box is not None
        assert box["y"] >= 0, (y, box)
        assert box["y"] + box["height"] <= PHONE["height"], (y, box)
    page.context.close()


def test_errors_are_summarised_at_the_top_with_links_and_the_field_focused(
        browser: Browser, demo_server: tuple[str, dict[str, str]],
        screenshot: Callable[[Page, str], Path]) -> None:
    base_url, logins = demo_server
    page = _phone_page(browser, base_url, logins, PHONE)
    _open_check_form(page)
    page.fill("#temperature_c", "46")
    page.fill("#heart_rate", "400")
    page.get_by_role("button", name="Enregistrer le relevé").click()
    page.wait_for_selector("#error-summary")
    screenshot(page, "phone-check-errors")
    summary = page.locator("#error-summary")
    box = summary.bounding_box()
    assert box is not None
    assert box["y"] < PHONE["height"]
    links = summary.locator("a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "#temperature_c" in targets, targets
    assert "#heart_rate" in targets, targets
    assert "Température" in summary.inner_text()
    focused = page.evaluate("() => document.activeElement && document.activeElement.id")
    assert focused == "temperature_c"
    assert page.get_attribute("#temperature_c", "aria-invalid") == "true"
    links.filter(has_text="Fréquence cardiaque").click()
    assert page.evaluate("() => document.activeElement.id") == "heart_rate"
    page.context.close()
