"""Maps benchmark: the exported Occitanie ARS map against a naive folium baseline, same run.

Naive baseline: the raw commune polygons (full precision) in one folium GeoJson layer, styled
per class with ``style_function`` and a ``GeoJsonTooltip`` — what a first folium map looks like
(given the same inlined Leaflet, so that it opens offline too). Measured: file size, Python
build time, and the time to first render in headless Chromium (Debian's), i.e. from navigation
start until two frames have been painted after the map's script ran (median of RUNS).

Run: .venv/bin/python bench/maps.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import folium
from playwright.sync_api import Browser, sync_playwright

from hadcoord.config import load_settings
from hadcoord.config.maps import MapsSettings
from hadcoord.coverage.defaults import default_engine
from hadcoord.maps import ArsMap, ars_map, inlined, render_ars_map
from hadcoord.maps.document import MapDocument
from hadcoord.maps.geometry import map_geometry
from hadcoord.maps.labels import CLASS_STYLES

DAY = dt.date(2018, 9, 3)
SCENARIO = "croix-rouge-gers-to-pasteur"
RUNS = 5
CHROMIUM = "/usr/bin/chromium"
FIRST_RENDER = ("() => new Promise(done => requestAnimationFrame(() => "
                "requestAnimationFrame(() => done(performance.now()))))")
TARGET_MB, TARGET_S = 3.0, 2.0


def naive(data: ArsMap) -> str:
    """The baseline document: raw polygons as GeoJSON, folium styling and tooltips."""
    engine = default_engine(load_settings())
    reference = engine.catalogue.reference
    names = {site.id: site.name for site in data.sites}
    features = [{
        "type": "Feature", "geometry": reference.polygons[c.code].__geo_interface__,
        "properties": {"code": c.code, "nom": c.name, "population": c.population,
                       "had": ", ".join(names[i] for i in c.covering) or "aucune",
                       "statut": CLASS_STYLES[c.coverage][1],
                       "couleur": CLASS_STYLES[c.coverage][0]}} for c in data.communes]
    fmap = folium.Map(location=[43.8, 1.6], zoom_start=8, tiles=None)
    fmap.default_js, fmap.default_css = [], []  # Leaflet inlined below, as in the export
    document = MapDocument("Baseline", inlined(), "")
    document.add_child(fmap)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="Communes",
        style_function=lambda f: {"fillColor": f["properties"]["couleur"], "color": "#ffffff",
                                  "weight": 0.5, "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(["nom", "code", "population", "had", "statut"]),
    ).add_to(fmap)
    html: str = document.render()
    return html


def first_render(browser: Browser, path: Path) -> float:
    """Median seconds from navigation start to the first frames painted with the map."""
    times = []
    for _ in range(RUNS):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg path")
        times.append(float(page.evaluate(FIRST_RENDER)) / 1000)
        context.close()
    return float(statistics.median(times))


def main() -> None:
    engine = default_engine(load_settings())
    reference = engine.catalogue.reference
    ars_map(engine, DAY, SCENARIO)  # warm the engine (adjacency, states) for both
    start = time.perf_counter()
    map_geometry.cache_clear()
    data = ars_map(engine, DAY, SCENARIO)
    ours = render_ars_map(data, reference, MapsSettings(), inlined())
    ours_build = time.perf_counter() - start
    start = time.perf_counter()
    render_ars_map(ars_map(engine, DAY, SCENARIO), reference, MapsSettings(), inlined())
    ours_cached = time.perf_counter() - start
    start = time.perf_counter()
    baseline = naive(data)
    naive_build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        files = {}
        for name, html in (("hadcoord", ours), ("naive", baseline)):
            files[name] = Path(folder) / f"{name}.html"
            files[name].write_text(html, encoding="utf-8")
        render = {name: first_render(browser, path) for name, path in files.items()}
        browser.close()
    size = {"hadcoord": len(ours.encode()) / 1e6, "naive": len(baseline.encode()) / 1e6}
    print(f"ARS map, Occitanie ({len(data.communes)} communes), {DAY}, scenario {SCENARIO}")
    print(f"{'':34}{'hadcoord':>12}{'naive':>12}{'ratio':>9}")
    print(f"{'file size (MB)':34}{size['hadcoord']:>12.2f}{size['naive']:>12.2f}"
          f"{size['naive'] / size['hadcoord']:>8.1f}x")
    print(f"{'first render in Chromium (s)':34}{render['hadcoord']:>12.2f}"
          f"{render['naive']:>12.2f}{render['naive'] / render['hadcoord']:>8.1f}x")
    print(f"{'Python build, cold (s)':34}{ours_build:>12.2f}{naive_build:>12.2f}"
          f"{naive_build / ours_build:>8.1f}x")
    print(f"{'Python build, warm caches (s)':34}{ours_cached:>12.2f}")
    verdict = "met" if size["hadcoord"] <= TARGET_MB and render["hadcoord"] < TARGET_S else "MISSED"
    print(f"targets ≤ {TARGET_MB:.0f} MB and < {TARGET_S:.0f} s to first render: {verdict}")


if __name__ == "__main__":
    main()
