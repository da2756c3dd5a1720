"""The maps' front-end assets: Leaflet from the app's own files, never from a CDN.

folium's ``Map.default_js``/``default_css`` name jQuery, Bootstrap, Font Awesome and
Leaflet.awesome-markers on public CDNs; the maps use none of them (no awesome-markers icon, no
jQuery-based popup), so they are replaced by Leaflet alone: linked from the web app's static
files, or inlined (images as data: URIs) into a standalone file that opens offline.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

PACKAGE_DIR = files("hadcoord") / "maps"
VENDOR_DIR = files("hadcoord") / "web" / "static" / "vendor"
LEAFLET_DIR = "leaflet-1.9.4"
SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")


@dataclass(frozen=True, slots=True)
class Assets:
    """Links to add to the document's head, or the text to inline there."""

    js: tuple[tuple[str, str], ...] = ()
    css: tuple[tuple[str, str], ...] = ()
    inline: str = ""


def linked(static_url: Callable[[str], str]) -> Assets:
    """Leaflet linked from the web app; ``static_url`` maps a path under static/ to its URL."""
    return Assets(js=(("leaflet", static_url(f"vendor/{LEAFLET_DIR}/leaflet.js")),),
                  css=(("leaflet_css", static_url(f"vendor/{LEAFLET_DIR}/leaflet.css")),))


def _data_uri(match: re.Match[str]) -> str:
    image = (VENDOR_DIR / LEAFLET_DIR / match.group(1)).read_bytes()
    return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"


@lru_cache(maxsize=1)
def inlined() -> Assets:
    """Leaflet's script and stylesheet inlined (read once per process)."""
    folder = VENDOR_DIR / LEAFLET_DIR
    script = SOURCE_MAP.sub("", (folder / "leaflet.js").read_text(encoding="utf-8"))
    style = CSS_IMAGE.sub(_data_uri, (folder / "leaflet.css").read_text(encoding="utf-8"))
    return Assets(inline=f"<style>{style}</style>\n<script>{script}</script>")


@lru_cache(maxsize=4)
def own_file(name: str) -> str:
    """One of the maps' own files (script, stylesheet) under hadcoord/maps/static/."""
    return (PACKAGE_DIR / "static" / name).read_text(encoding="utf-8")
