"""Maps benchmark: the exported Occitanie ARS map against a naive folium baseline, same run.

Naive baseline: the same simplified commune polygons as the export (``[maps]`` tolerance, its
coordinates rounded to the same decimals) in one folium GeoJson layer, styled per class with
``style_function`` and a ``GeoJsonTooltip`` — what a first folium map looks like (given the
same inlined Leaflet, so that it opens offline too). A second baseline uses the raw polygons
(full precision), to show what the simplification alone saves. Measured: file size, Python
build time, and the time to first render in headless Chromium (Debian's), i.e. from navigation
start until two frames have been painted after the map's script ran (median of RUNS).

Run: .venv/bin/python bench/maps.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import folium
import numpy as np
import shapely
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


def naive(data: ArsMap, polygons: Mapping[str, Any]) -> str:
    """The baseline document: ``polygons`` as GeoJSON, folium styling and tooltips."""
    names = {site.id: site.name for site in data.sites}
    features = [{
        "type": "Feature", "geometry": polygons[c.code].__geo_interface__,
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


def first_render(browser: Browser, path: Path) -> tuple[float, float]:
    """Seconds from navigation start to the first frames painted with the map: the first
    opening (cold: nothing cached by the browser process) and the median of the others."""
    times = []
    for _ in range(RUNS):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg path")
        times.append(float(page.evaluate(FIRST_RENDER)) / 1000)
        context.close()
    return times[0], float(statistics.median(times[1:]))


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
    options = MapsSettings()
    map_geometry.cache_clear()  # the baseline simplifies the polygons too, cold as ours did
    start = time.perf_counter()
    geometry = map_geometry(reference, options.simplify_tolerance_m, options.coordinate_decimals)
    simplified = {code: shapely.transform(shape, lambda xy: np.round(
        xy, options.coordinate_decimals)) for code, shape in geometry.polygons.items()}
    baseline = naive(data, simplified)
    naive_build = time.perf_counter() - start
    start = time.perf_counter()
    raw = naive(data, reference.polygons)
    raw_build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        files = {}
        for name, html in (("hadcoord", ours), ("naive", baseline), ("raw", raw)):
            files[name] = Path(folder) / f"{name}.html"
            files[name].write_text(html, encoding="utf-8")
        renders = {name: first_render(browser, path) for name, path in files.items()}
        browser.close()
    size = {"hadcoord": len(ours.encode()) / 1e6, "naive": len(baseline.encode()) / 1e6,
            "raw": len(raw.encode()) / 1e6}
    render = {name: warm for name, (_cold, warm) in renders.items()}
    cold_render = {name: cold for name, (cold, _warm) in renders.items()}
    build = {"hadcoord": ours_build, "naive": naive_build, "raw": raw_build}
    print(f"ARS map, Occitanie ({len(data.communes)} communes), {DAY}, scenario {SCENARIO}")
    print("naive = folium GeoJson over the same simplified polygons; raw = folium GeoJson over "
          "the unsimplified polygons; ratio = naive / hadcoord")
    print(f"{'':34}{'hadcoord':>10}{'naive':>10}{'raw':>10}{'ratio':>8}")
    for label, figures in (("file size (MB)", size), ("first render, cold (s)", cold_render),
                           ("first render, warm median (s)", render),
                           ("Python build, cold (s)", build)):
        print(f"{label:34}{figures['hadcoord']:>10.2f}{figures['naive']:>10.2f}"
              f"{figures['raw']:>10.2f}{figures['naive'] / figures['hadcoord']:>7.1f}x")
    print(f"{'Python build, warm caches (s)':34}{ours_cached:>10.2f}")
    verdict = "met" if size["hadcoord"] <= TARGET_MB and render["hadcoord"] < TARGET_S else "MISSED"
    print(f"targets ≤ {TARGET_MB:.0f} MB and < {TARGET_S:.0f} s to first render: {verdict}")


if __name__ == "__main__":
    main()
