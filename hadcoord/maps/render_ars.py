"""The ARS coverage map as an HTML document (folium + the maps' own layers)."""

from __future__ import annotations

from html import escape

import folium

from hadcoord.config.maps import MapsSettings
from hadcoord.geo import CommuneReference
from hadcoord.maps import labels
from hadcoord.maps.assets import Assets
from hadcoord.maps.classes import CoverageClass
from hadcoord.maps.document import SOURCES, add_layer_control, new_map, render
from hadcoord.maps.elements import Html, ScriptLayer, script_json
from hadcoord.maps.geometry import (
    MapGeometry,
    department_outlines,
    encoded_communes,
    encoded_union,
    map_geometry,
)
from hadcoord.maps.html import render_html
from hadcoord.maps.markers import add_hospitals, add_sites
from hadcoord.maps.model import ArsMap

CLASSES = tuple(CoverageClass)


def _communes_data(data: ArsMap, geometry: MapGeometry) -> dict[str, object]:
    ids = {site.id: index for index, site in enumerate(data.sites)}
    polygons = encoded_communes(geometry)
    return {
        "scale": 10 ** geometry.decimals, "words": labels.TOOLTIP,
        "classes": [{"colour": labels.class_colour(c), "label": labels.class_label(c)}
                    for c in CLASSES],
        "had": [[site.name, site.authorised, site.id] for site in data.sites],
        "communes": [
            [cell.code, cell.name, cell.population, CLASSES.index(cell.coverage),
             [ids[i] for i in cell.covering], int(cell.newly_covered),
             ids[cell.derogation[0]] if cell.derogation else -1,
             cell.derogation[1] if cell.derogation else 0, polygons[cell.code]]
            for cell in data.communes],
    }


def outline_layer(name: str, geometry: MapGeometry, shapes: list[dict[str, object]],
                  *, show: bool = True) -> ScriptLayer:
    """An overlay of outlines: ``shapes`` = [{p: encoded, c, w, d, f, t}] (see the script)."""
    payload = {"scale": 10 ** geometry.decimals, "shapes": shapes}
    return ScriptLayer(name, f"hadcoordMap.outlines({script_json(payload)})", show=show)


def departments_layer(geometry: MapGeometry, reference: CommuneReference) -> ScriptLayer:
    """Department borders (dissolved communes)."""
    return outline_layer("Limites et noms des départements", geometry, [
        {"p": d.outline, "c": "#4d4d4d", "w": 1.6, "d": None, "f": 0, "t": None,
         "n": f"{d.name} ({d.code})", "l": list(d.label)}
        for d in department_outlines(geometry, reference)])


def _territories(fmap: folium.Map, data: ArsMap, geometry: MapGeometry) -> None:
    for index, site in enumerate(data.sites):
        colour = labels.TERRITORY_COLOURS[index % len(labels.TERRITORY_COLOURS)]
        dash = None if site.authorised else "6 4"
        style = "hc-line" + ("" if site.authorised else " hc-dashed")
        title = (f'<span class="{style}" style="border-color:{colour}"></span>'
                 f"Territoire — {escape(site.name)}")
        outline_layer(title, geometry, [
            {"p": encoded_union(geometry, site.territory), "c": colour, "w": 3, "d": dash,
             "f": 0, "t": None}], show=False).add_to(fmap)


def render_ars_map(data: ArsMap, reference: CommuneReference, options: MapsSettings,
                   assets: Assets, nonce: str | None = None) -> str:
    """The whole ARS map document.

    Coloured communes, department borders, territories, sites, hospitals, and beside the map a
    panel with the legend, the figures per department and the scenario's difference.
    """
    geometry = map_geometry(reference, options.simplify_tolerance_m, options.coordinate_decimals)
    studied = [c.code for c in data.communes if c.coverage is not CoverageClass.OUTSIDE]
    sources = SOURCES
    if data.summary.provenance:
        sources = "INSEE, IGN ADMIN EXPRESS ; " + data.summary.provenance.line.removeprefix(
            "Sources : ")
    fmap = new_map("Couverture HAD — chimiothérapie à domicile", assets, options,
                   body_class="with-panel",
                   bounds=geometry.bounds(studied or [c.code for c in data.communes]),
                   sources=sources)
    day = data.day.strftime("%d/%m/%Y")
    ScriptLayer(f"Communes : couverture au {day}",
                f"hadcoordMap.communes({script_json(_communes_data(data, geometry))})"
                ).add_to(fmap)
    departments_layer(geometry, reference).add_to(fmap)
    gained = frozenset(c.code for c in data.communes if c.newly_covered)
    if gained:
        outline_layer("Couvertes grâce au scénario", geometry, [
            {"p": encoded_union(geometry, gained), "c": labels.GAINED, "w": 3, "d": None,
             "f": 0, "t": None}]).add_to(fmap)
    _territories(fmap, data, geometry)
    add_sites(fmap, data.sites, {})
    add_hospitals(fmap, data.hospitals)
    add_layer_control(fmap)
    # The legend and the figures sit beside the map, in the panel, not over the communes.
    Html(render_html("ars_panel.html", data=data, classes=CLASSES, gained=bool(gained),
                     sites=True, territories=True, extra=())).add_to(fmap)
    return render(fmap, nonce)
