"""Coverage maps (folium): the ARS map of who can be taken where, and the pathway map.

Builders take coverage results (never a patient record) and return an HTML document that needs
no internet: Leaflet comes from the app's static files or is inlined.
"""

from hadcoord.maps.assets import Assets, inlined, linked
from hadcoord.maps.build import ars_map, pathway_map
from hadcoord.maps.classes import CoverageClass
from hadcoord.maps.model import ArsMap, PathwayMap
from hadcoord.maps.render_ars import render_ars_map
from hadcoord.maps.render_pathway import render_pathway_map

__all__ = [
    "ArsMap",
    "Assets",
    "CoverageClass",
    "PathwayMap",
    "ars_map",
    "inlined",
    "linked",
    "pathway_map",
    "render_ars_map",
    "render_pathway_map",
]
