"""The scenario editor on a phone and by the map (issue 18): the compared maps stacked under
600 px (375 px wide, no sideways scroll), a commune picked by a click on the scenario map (the
typed search kept beside it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from hadcoord.geo import CommuneReference

GERS = "had-croix-rouge-gers"
UDSMA = "had-udsma"


@pytest.fixture
def ars_page(browser: Browser, demo_server: tuple[str, dict[str, str]]) -> Iterator[Page]:
    base_url, logins = demo_server
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    page = context.new_page()
    email, password = logins["ars"].split("\n")
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{base_url}/**")
    yield page
    context.close()


def new_scenario(page: Page, title: str) -> None:
    page.goto("/ars/scenarios/")
    page.get_by_role("link", name="Nouveau scénario").click()
    page.fill("#title", title)
    page.select_option("#authorise_establishment", GERS)
    page.select_option("#authorise_basis", "associated")
    page.fill("#authorise_partner", "CH d'Auch")
    page.click("button[name=action][value=add_authorise]")
    expect(page.locator("#headline")).to_be_visible()


def map_frame(page: Page, selector: str) -> Frame:
    handle = page.locator(selector).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    expect(frame.locator(".leaflet-overlay-pane canvas")).to_be_visible(timeout=30000)
    return frame


@pytest.mark.parametrize("width", [375, 360])
def test_compared_maps_are_stacked_on_a_phone(ars_page: Page, width: int) -> None:
    page = ars_page
    new_scenario(page, f"Gers sur téléphone {width}")
    page.click("button[name=action][value=save]")
    page.get_by_role("link", name="Comparer à aujourd'hui").click()
    page.set_viewport_size({"width": width, "height": 812})
    page.reload()
    one, two = page.locator("#side-1").bounding_box(), page.locator("#side-2").bounding_box()
    assert one is not None
    assert two is not None
    assert two["y"] >= one["y"] + one["height"] - 1  # one under the other
    assert one["x"] >= 0
    assert one["x"] + one["width"] <= width
    for side in ("#side-1", "#side-2"):
        box = page.locator(f"{side} iframe").bounding_box()
        assert box is not None
        assert box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth <= "
                         "document.documentElement.clientWidth")


def test_a_commune_clicked_on_the_scenario_map_fills_the_territory_change(
        ars_page: Page, reference: CommuneReference) -> None:
    page = ars_page
    new_scenario(page, "Laguiole cliquée")
    frame = map_frame(page, "#carte iframe")
    laguiole = reference.by_code["12119"]
    page.locator("#carte iframe").scroll_into_view_if_needed()
    point = frame.evaluate(
        "ll => { const name = Object.keys(window).find(k => k.startsWith('map_'));"
        " const p = window[name].latLngToContainerPoint(ll); return [p.x, p.y]; }",
        [laguiole.lat, laguiole.lon])
    inner = frame.locator(".folium-map").bounding_box()  # in the page's coordinates
    assert inner is not None
    page.mouse.click(inner["x"] + point[0], inner["y"] + point[1])
    expect(page.locator("#commune_code")).to_have_value("12119")
    expect(page.locator("#territory_commune")).to_have_value(re.compile("Laguiole"))
    expect(page.locator("#map-pick")).to_contain_text("Laguiole")
    expect(page.locator("#map-pick")).to_contain_text("UDSMA")  # its territory holds it
    page.select_option("#territory_establishment", UDSMA)
    expect(page.locator("#territory_kind")).to_have_value("shrink")  # in: a click removes it
    page.select_option("#territory_establishment", GERS)
    expect(page.locator("#territory_kind")).to_have_value("extend")  # out: a click adds it
    page.click("button[name=action][value=add_territory]")
    expect(page.locator("#changes")).to_contain_text("Laguiole")
