"""The coverage maps in headless Chromium: they draw, answer the mouse, and fetch nothing from
outside; the standalone export opens from disk."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, FrameLocator, Page, Route, expect

from hadcoord.cli import main
from hadcoord.geo import CommuneReference
from tests.e2e.conftest import ARTIFACTS, PageLog, log_in, serving_a_rodez_patient

Shot = Callable[[Page, str], Path]
SCENARIO = "croix-rouge-gers-to-pasteur"
TERRITORIES = 14


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A coordinator and an ARS account, one fictitious patient living in Rodez (patient 1)."""
    with serving_a_rodez_patient(tmp_path_factory.mktemp("e2e-maps"), "P-CARTE01",
                                 "Camille") as base_url:
        yield base_url


def map_frame(page: Page) -> FrameLocator:
    frame = page.frame_locator("iframe[title^='Carte']")
    expect(frame.locator(".leaflet-overlay-pane canvas")).to_be_visible(timeout=15000)
    return frame


def hover_commune(page: Page, frame: FrameLocator, commune_code: str,
                  reference: CommuneReference) -> None:
    """Move the mouse over the commune's representative point, as a person would."""
    commune = reference.by_code[commune_code]
    page.locator("iframe[title^='Carte']").scroll_into_view_if_needed()
    point = frame.locator("body").evaluate(
        "(body, ll) => { const name = Object.keys(window).find(k => k.startsWith('map_'));"
        " const p = window[name].latLngToContainerPoint(ll); return [p.x, p.y]; }",
        [commune.lat, commune.lon])
    box = page.locator("iframe[title^='Carte']").bounding_box()
    inner = frame.locator(".folium-map").bounding_box()
    assert box is not None
    assert inner is not None
    page.mouse.move(inner["x"] + point[0], inner["y"] + point[1])


def test_ars_map_layers_legend_and_tooltip(page: Page, page_log: PageLog, screenshot: Shot,
                                           reference: CommuneReference) -> None:
    log_in(page, "ars")
    page.goto(f"/ars/?date=2018-09-03&scenario={SCENARIO}")
    frame = map_frame(page)
    labels = frame.locator(".leaflet-control-layers-overlays label")
    expect(labels).to_have_count(5 + TERRITORIES)
    expect(labels.first).to_contain_text("Communes : couverture au 03/09/2018")
    expect(frame.locator(".leaflet-control-layers-overlays")).to_contain_text(
        "Territoire — UDSMA")
    legend = frame.locator("#legend")
    expect(legend).to_contain_text("Sans HAD autorisée : dérogation ARS possible")
    expect(legend).to_contain_text("Hors zone étudiée : pas de données")
    expect(frame.locator("#difference")).to_contain_text("habitants couverts")
    expect(frame.locator("#departments")).to_contain_text("12 Aveyron")
    expect(frame.locator(".leaflet-marker-pane .hc-site")).to_have_count(TERRITORIES)
    hover_commune(page, frame, "12119", reference)  # Laguiole: no marker on it
    tooltip = frame.locator(".leaflet-tooltip.hc-tooltip")
    expect(tooltip).to_contain_text("Laguiole · 12119")
    expect(tooltip).to_contain_text("Population")
    expect(tooltip).to_contain_text("convention nécessaire")
    screenshot(page, "maps-01-ars-page")
    # A territory layer is switched on from the layer control.
    page.locator("iframe[title^='Carte']").scroll_into_view_if_needed()
    control = frame.locator(".leaflet-control-layers")
    control.hover()  # a collapsed layer control opens under the mouse
    expect(control).to_have_class(re.compile("leaflet-control-layers-expanded"))
    udsma = frame.locator(".leaflet-control-layers-overlays label", has_text="UDSMA")
    udsma.locator("input").check()
    expect(udsma.locator("input")).to_be_checked()
    # A site's popup says what the ARS needs to know.
    frame.locator(".leaflet-marker-pane .hc-site").first.click(force=True)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Chimiothérapie à domicile")
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def test_full_screen_map(page: Page, page_log: PageLog, screenshot: Shot) -> None:
    log_in(page, "ars")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/ars/carte?date=2018-01-15")
    expect(page.locator(".leaflet-overlay-pane canvas")).to_be_visible(timeout=15000)
    expect(page.locator("#headline")).to_contain_text("n'ont aucune HAD autorisée")
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "maps-02-ars-full-screen.png"))
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def test_pathway_map_for_the_coordinator(page: Page, page_log: PageLog,
                                         screenshot: Shot) -> None:
    log_in(page, "coordinator")
    page.goto("/patients/1/parcours")
    section = page.locator("#carte")
    section.scroll_into_view_if_needed()
    frame = map_frame(page)
    expect(frame.locator("#legend")).to_contain_text("Commune du patient : Rodez (12202)")
    expect(frame.locator("#legend")).to_contain_text("Dérogation ARS — HAD du CH d'Albi ≈ 76 km")
    expect(frame.locator(".hc-distance")).to_contain_text("≈ 76 km")
    # UDSMA (the territory's HAD) and CH Albi (the derogation).
    expect(frame.locator(".leaflet-marker-pane .hc-site")).to_have_count(2)
    expect(frame.locator(".leaflet-marker-pane .hc-hospital")).to_have_count(1)
    screenshot(page, "maps-03-pathway")
    assert page_log.console_errors == []
    assert page_log.external_requests == []


def test_ars_cannot_open_the_pathway_map(page: Page) -> None:
    log_in(page, "ars")
    response = page.goto("/patients/1/parcours/carte")
    assert response is not None
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("Accès refusé")


def test_export_opens_offline_from_disk(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "carte.html"
    result = CliRunner().invoke(main, ["map", "--out", str(out), "--date", "2018-01-15"])
    assert result.exit_code == 0, result.output
    outside: list[str] = []
    errors: list[str] = []

    def refuse(route: Route) -> None:
        outside.append(route.request.url)
        route.abort()

    context = browser.new_context(locale="fr-FR", offline=True)
    context.route("http*://**/*", refuse)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.goto(out.as_uri())
    expect(page.locator(".leaflet-overlay-pane canvas")).to_be_visible(timeout=15000)
    expect(page.locator("#legend")).to_contain_text("Légende")
    context.close()
    assert outside == []
    assert errors == []
