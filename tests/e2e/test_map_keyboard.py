"""The maps by keyboard alone (RGAA 7.3, 12.7; WCAG 2.1.1): a link to the communes' table
before the map, each HAD site and hospital reached with Tab and its information opened with
Enter, the same as a click."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.e2e.conftest import PageLog, log_in, serving_a_rodez_patient
from tests.e2e.test_accessibility import RULES, axe_source

__all__ = ["axe_source"]  # the pinned axe-core fixture, shared with test_accessibility.py

MAX_TABS = 80


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A coordinator and an ARS account, one fictitious patient living in Rodez (patient 1)."""
    with serving_a_rodez_patient(tmp_path_factory.mktemp("e2e-map-keys"), "P-CLAVIER",
                                 "Dominique") as base_url:
        yield base_url


def map_frame(page: Page) -> Frame:
    handle = page.locator("iframe[title^='Carte']").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    expect(frame.locator(".leaflet-overlay-pane canvas")).to_be_visible(timeout=15000)
    return frame


def tab_to(page: Page, frame: Frame, selector: str) -> str:
    """Press Tab until the focus is on ``selector`` inside the map; its spoken text."""
    frame.locator(".folium-map").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if frame.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return str(frame.evaluate("() => document.activeElement.textContent"))
    pytest.fail(f"{selector} never reached with Tab")


def test_a_link_to_the_table_comes_before_the_map(page: Page, page_log: PageLog) -> None:
    log_in(page, "ars")
    page.goto("/ars/?date=2018-09-03")
    link = page.get_by_role("link", name="Aller au tableau des communes")
    expect(link).to_be_visible()
    before = page.evaluate(
        "() => { const a = [...document.querySelectorAll('a')].find("
        "x => x.textContent.trim() === 'Aller au tableau des communes');"
        " const map = document.querySelector('iframe[title^=\"Carte\"]');"
        " return Boolean(a.compareDocumentPosition(map) & Node.DOCUMENT_POSITION_FOLLOWING); }")
    assert before
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ars/communes"))
    expect(page.locator("table").first).to_contain_text("Commune")
    assert page_log.console_errors == []


def test_had_sites_open_their_popup_with_enter(page: Page, page_log: PageLog) -> None:
    log_in(page, "ars")
    page.goto("/ars/?date=2018-09-03")
    frame = map_frame(page)
    spoken = tab_to(page, frame, ".leaflet-marker-icon.hc-icon")
    assert "chimiothérapie" in spoken  # announced by name and status, not « HAD »
    page.keyboard.press("Enter")
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Chimiothérapie à domicile")
    assert page_log.console_errors == []


def test_the_pathway_maps_hospital_and_commune_by_keyboard(page: Page,
                                                           page_log: PageLog) -> None:
    log_in(page, "coordinator")
    page.goto("/patients/1/parcours")
    page.locator("#carte").scroll_into_view_if_needed()
    frame = map_frame(page)
    spoken = tab_to(page, frame, ".leaflet-marker-icon:has(.hc-hospital)")
    assert "Hôpital de premier recours" in spoken
    page.keyboard.press("Enter")
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Hôpital de premier recours")
    spoken = tab_to(page, frame, ".leaflet-marker-icon:has(.hc-commune)")
    assert "Rodez" in spoken
    page.keyboard.press("Enter")
    # The hospital's popup closes as this one opens (it may still be fading out).
    expect(frame.locator(".leaflet-popup-content").last).to_contain_text("Rodez (12202)")
    assert page_log.console_errors == []


def test_the_map_with_a_popup_opened_by_keyboard_has_no_axe_violation(
        browser: Browser, live_server: str, axe_source: str) -> None:
    """axe-core inside the map document, once a site's popup is open (not only at rest)."""
    context = browser.new_context(base_url=live_server, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    log_in(page, "ars")
    page.goto("/ars/?date=2018-09-03")
    frame = map_frame(page)
    tab_to(page, frame, ".leaflet-marker-icon.hc-icon")
    page.keyboard.press("Enter")
    expect(frame.locator(".leaflet-popup-content")).to_be_visible()
    # Leaflet fades a popup in (opacity transition): axe measured the text's contrast half-way
    # through the fade once (a colour-contrast violation that is not the page's); wait for it.
    frame.wait_for_function(
        "() => { const p = document.querySelector('.leaflet-popup');"
        " return p !== null && getComputedStyle(p).opacity === '1'; }")
    frame.add_script_tag(content=axe_source)
    found = frame.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})"
        ".then(r => r.violations.map(v => v.id + ' : ' +"
        " v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))", RULES)
    context.close()
    assert found == []
