"""The map document: offline (no outside URL), light, escaped; shared borders kept exact."""

from __future__ import annotations

import re
from collections import Counter

import shapely

from hadcoord.config.maps import MapsSettings
from hadcoord.coverage.options import CoverageEngine
from hadcoord.geo import CommuneReference
from hadcoord.maps import ArsMap, inlined, linked, render_ars_map
from hadcoord.maps.elements import script_json
from hadcoord.maps.geometry import map_geometry

# Where an HTML document can make the browser fetch something.
FETCHING = re.compile(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(\s*["']?([^"')]+)""")


SCRIPT_BODY = re.compile(r"(<script[^>]*>).*?(</script>)", re.DOTALL)


def fetched(html: str) -> list[str]:
    """URLs in attributes and stylesheets (script bodies left out: the browser test runs them)."""
    markup = SCRIPT_BODY.sub(r"\1\2", html)
    return [a or b for a, b in FETCHING.findall(markup)]


def test_standalone_document_fetches_nothing(ars_html: str) -> None:
    assert "<script src" not in ars_html
    assert '<link rel="stylesheet"' not in ars_html
    assert all(url.startswith(("data:", "#")) for url in fetched(ars_html)), {
        url for url in fetched(ars_html) if not url.startswith(("data:", "#"))}
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs", "bootstrapcdn", "unpkg"):
        assert cdn not in ars_html
    assert "L.version" in ars_html or 't.version="1.9.4"' in ars_html  # Leaflet inlined
    assert '<html lang="fr">' in ars_html


def test_document_is_light(ars_html: str) -> None:
    assert len(ars_html.encode("utf-8")) < 3_000_000


def test_linked_document_uses_the_apps_static_files(engine: CoverageEngine,
                                                    ars_data: ArsMap) -> None:
    html = render_ars_map(ars_data, engine.catalogue.reference, MapsSettings(),
                          linked(lambda path: f"/static/{path}"), nonce="abc123")
    assert set(fetched(html)) >= {"/static/vendor/leaflet-1.9.4/leaflet.js",
                                  "/static/vendor/leaflet-1.9.4/leaflet.css"}
    assert all(u.startswith(("/static/vendor/", "data:", "#")) for u in fetched(html))
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    assert all('nonce="abc123"' in tag for tag in scripts)


def test_inlined_leaflet_images_and_no_closing_tags() -> None:
    assets = inlined()
    assert "url(images/" not in assets.inline
    assert "url(data:image/png;base64," in assets.inline
    assert "sourceMappingURL" not in assets.inline
    body = assets.inline.removeprefix("<style>").split("</style>\n<script>")
    assert len(body) == 2  # exactly one style and one script element


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"name": "</script><script>alert(1)</script> & Cie"})
    assert "</" not in text
    assert "<" not in text
    assert "&" not in text


def test_tiles_only_when_configured(engine: CoverageEngine, ars_data: ArsMap) -> None:
    reference = engine.catalogue.reference
    assert "L.tileLayer(" not in render_ars_map(ars_data, reference, MapsSettings(), inlined())
    options = MapsSettings(tiles_url="https://tiles.example.org/{z}/{x}/{y}.png",
                         tiles_attribution="© exemple")
    html = render_ars_map(ars_data, reference, options, inlined())
    assert "L.tileLayer(" in html
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html


def test_simplified_communes_stay_a_coverage(reference: CommuneReference) -> None:
    geometry = map_geometry(reference, 250.0, 4)
    polygons = list(geometry.polygons.values())
    assert bool(shapely.coverage_is_valid(polygons))
    raw = sum(int(shapely.get_num_coordinates(p)) for p in reference.polygons.values())
    assert sum(int(shapely.get_num_coordinates(p)) for p in polygons) < raw
    assert map_geometry(reference, 250.0, 4) is geometry  # computed once per process


def test_shared_borders_are_exact_after_rounding(reference: CommuneReference) -> None:
    """Toulouse and Colomiers share a border: the same rounded vertices on both sides."""
    geometry = map_geometry(reference, 250.0, 4)

    def vertices(code: str) -> Counter[tuple[int, int]]:
        points: Counter[tuple[int, int]] = Counter()
        for rings in geometry.encode(geometry.polygons[code]):
            for flat in rings:
                x = y = 0
                for dx, dy in zip(flat[::2], flat[1::2], strict=True):
                    x, y = x + dx, y + dy
                    points[(x, y)] += 1
        return points

    toulouse, colomiers = vertices("31555"), vertices("31149")
    shared = set(toulouse) & set(colomiers)
    assert len(shared) >= 3
    border = shapely.intersection(geometry.polygons["31555"], geometry.polygons["31149"])
    assert border.geom_type in ("LineString", "MultiLineString", "GeometryCollection")
    assert shapely.area(shapely.intersection(
        geometry.polygons["31555"], geometry.polygons["31149"])) == 0
