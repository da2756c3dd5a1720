"""The pathway map (coordinator only).

The patient's commune, the territories covering it, each proposed HAD with its road distance,
and the first-recourse hospital.
"""

from __future__ import annotations

from html import escape

from hadcoord.config.maps import MapsSettings
from hadcoord.geo import CommuneReference
from hadcoord.maps import labels
from hadcoord.maps.assets import Assets
from hadcoord.maps.classes import CoverageClass
from hadcoord.maps.document import add_layer_control, new_map, render
from hadcoord.maps.elements import Html, ScriptLayer, script_json
from hadcoord.maps.geometry import encoded_union, map_geometry
from hadcoord.maps.html import render_html
from hadcoord.maps.markers import add_hospitals, add_place, add_sites
from hadcoord.maps.model import PathwayMap, Place
from hadcoord.maps.render_ars import departments_layer, outline_layer
from hadcoord.wording import labels as wording

COMMUNE_COLOUR = "#6a1b9a"
# Outside the studied area the hospital list (territories/hospitals.toml) has none of the
# commune's own hospitals: the nearest listed one is shown, said to be the list's nearest only.
OUTSIDE_NOTE = ("Commune hors zone étudiée : la liste des hôpitaux ne couvre que la zone "
                "étudiée ; un service d'urgences plus proche, non répertorié, est probable "
                "(à vérifier).")
AUTHORISED = labels.class_colour(CoverageClass.AUTHORISED)
NOT_AUTHORISED = labels.class_colour(CoverageClass.CONVENTION)


def render_pathway_map(data: PathwayMap, reference: CommuneReference, options: MapsSettings,
                       assets: Assets, nonce: str | None = None) -> str:
    """The pathway map document of one commune (no patient identity: the commune only)."""
    geometry = map_geometry(reference, options.simplify_tolerance_m, options.coordinate_decimals)
    sites = {site.id: site for site in (*data.covering, *(r.site for r in data.routes))}
    codes = {data.commune.commune_code, *(s.commune_code for s in sites.values())}
    codes |= {code for site in data.covering for code in site.territory}
    if data.first_recourse:
        codes.add(data.first_recourse.commune_code)
    fmap = new_map(f"Parcours — {data.commune.name}", assets, options, body_class="pathway",
                   bounds=geometry.bounds(codes), padding=28)
    departments_layer(geometry, reference).add_to(fmap)
    for site in data.covering:
        colour = AUTHORISED if site.authorised else NOT_AUTHORISED
        state = "autorisée" if site.authorised else "non autorisée"
        outline_layer(f"Territoire — {escape(site.name)} ({state})", geometry, [
            {"p": encoded_union(geometry, site.territory), "c": colour, "w": 2.5,
             "d": None if site.authorised else "6 4", "f": 0.12, "t": None}]).add_to(fmap)
    outline_layer("Commune du patient", geometry, [
        {"p": encoded_union(geometry, frozenset({data.commune.commune_code})),
         "c": COMMUNE_COLOUR, "w": 2, "d": None, "f": 0.55,
         "t": f"Commune du patient : {data.commune.name} ({data.commune.commune_code})"}
    ]).add_to(fmap)
    home = [data.commune.lat, data.commune.lon]
    # Straight lines labelled with the estimated road distance (the road itself is not known).
    lines = [{"a": home, "b": [r.site.lat, r.site.lon], "c": "#08519c", "d": "8 6",
              "t": f"≈ {r.distance_km:.0f} km"} for r in data.routes if r.distance_km >= 1]
    add_sites(fmap, sites.values(), {r.site.id: r.distance_km for r in data.routes},
              name="HAD : territoire et options", below=True)
    if data.first_recourse:
        recourse, km = data.first_recourse, data.first_recourse_km or 0.0
        if km >= 1:
            lines.append({"a": home, "b": [recourse.lat, recourse.lon], "c": "#c00000",
                          "d": "2 6", "t": f"≈ {km:.0f} km"})
        add_hospitals(fmap, [recourse], name="Hôpital de premier recours", distance_km=km,
                      note=OUTSIDE_NOTE if data.coverage is CoverageClass.OUTSIDE else "")
    if lines:
        ScriptLayer("Trajets (distance par la route)",
                    f"hadcoordMap.lines({script_json(lines)})").add_to(fmap)
    add_place(fmap, Place(f"Commune du patient : {data.commune.name}",
                          data.commune.commune_code, data.commune.commune_name,
                          data.commune.lon, data.commune.lat), "Commune du patient (point)")
    # The legend runs under the map (a strip), so it never hides an option's site.
    Html(render_html("pathway_legend.html", data=data, commune=COMMUNE_COLOUR,
                     authorised=AUTHORISED, not_authorised=NOT_AUTHORISED,
                     outside_note=OUTSIDE_NOTE if data.coverage is CoverageClass.OUTSIDE else "",
                     kinds=wording.OPTION_KIND)
         ).add_to(fmap)
    add_layer_control(fmap)
    return render(fmap, nonce)
