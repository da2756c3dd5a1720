"""The HTML document of a map: folium's Figure made offline, French and CSP-friendly."""

from __future__ import annotations

import re

import folium
from branca.element import Figure
from jinja2 import Template

from hadcoord.config.maps import MapsSettings
from hadcoord.maps.assets import Assets, own_file
from hadcoord.maps.elements import Script, script_json

SCRIPT_TAG = re.compile(r"<script(?=[\s>])")
# folium's viewport forbids zooming (maximum-scale=1, user-scalable=no): WCAG 1.4.4 wants it.
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
SOURCES = "INSEE, IGN ADMIN EXPRESS ; territoires HAD : reconstruction d'après la thèse"


class MapDocument(Figure):
    """folium's Figure with ``lang="fr"``, an escaped title and the maps' own CSS and script."""

    _template = Template(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>{{ this.title | e }}</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        "{{ this.assets }}\n"
        "{{ this.header.render(**kwargs) }}\n{{ this.own }}\n</head>\n"
        "<body class=\"{{ this.body_class }}\">\n"
        "<main class=\"hc-main\">{{ this.html.render(**kwargs) }}</main>\n"
        "<script>\n{{ this.script.render(**kwargs) }}\n</script>\n</body>\n</html>\n")

    def __init__(self, title: str, assets: Assets, body_class: str) -> None:
        super().__init__(title=title)
        self.assets = assets.inline
        # After folium's header (Leaflet's links): the maps' rules win, their script finds L.
        self.own = (f"<style>{own_file('hadcoord-map.css')}</style>\n"
                    f"<script>{own_file('hadcoord-map.js')}</script>")
        self.body_class = body_class


def new_map(title: str, assets: Assets, options: MapsSettings, *, body_class: str,
            bounds: tuple[tuple[float, float], tuple[float, float]],
            padding: int = 0, sources: str = SOURCES) -> folium.Map:
    """An empty map in a new document: Leaflet only, tiles only when configured.

    ``sources`` is the attribution line (commune data, and what the territories rest on).
    """
    document = MapDocument(title, assets, body_class)
    # Canvas: thousands of commune polygons draw and hover faster than as SVG paths.
    fmap = folium.Map(location=None, tiles=None, prefer_canvas=True, zoom_control=False,
                      zoom_snap=0.25, min_zoom=5, max_zoom=16)
    fmap.default_js = list(assets.js)  # instance lists: folium's own name CDNs
    fmap.default_css = list(assets.css)
    document.add_child(fmap)
    if options.tiles_url:
        folium.TileLayer(tiles=options.tiles_url, attr=options.tiles_attribution or " ",
                         name="Fond de carte", control=False).add_to(fmap)
    fmap.fit_bounds([list(bounds[0]), list(bounds[1])],
                    padding=(padding, padding) if padding else None)
    Script('L.control.zoom({zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière"})'
           ".addTo({map});").add_to(fmap)
    Script("L.control.scale({imperial: false}).addTo({map});").add_to(fmap)
    Script(f"{{map}}.attributionControl.addAttribution({script_json(sources)});").add_to(fmap)
    return fmap


def add_layer_control(fmap: folium.Map) -> None:
    """folium's layer control, collapsed, with a French title."""
    folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    Script('{map}.getContainer().querySelector(".leaflet-control-layers-toggle").title = '
           '"Calques";').add_to(fmap)


def with_nonce(html: str, nonce: str) -> str:
    """``html`` with ``nonce`` on every <script> (for a Content-Security-Policy nonce)."""
    return SCRIPT_TAG.sub(f'<script nonce="{nonce}"', html)


def render(fmap: folium.Map, nonce: str | None = None) -> str:
    """The whole document; with ``nonce``, every <script> carries it (Content-Security-Policy)."""
    html: str = VIEWPORT.sub(ZOOMABLE_VIEWPORT, fmap.get_root().render(), count=1)
    return with_nonce(html, nonce) if nonce else html
