"""Colours and map-only wording of the maps (the labels of the vocabularies: hadcoord.wording)."""

from __future__ import annotations

from hadcoord.maps.classes import CoverageClass

# Blues = a patient can be taken, oranges = the gap, grey = no data: readable with the common
# colour-vision deficiencies (no red/green contrast carries meaning).
CLASS_STYLES: dict[CoverageClass, tuple[str, str]] = {
    CoverageClass.AUTHORISED: ("#2c7fb8", "HAD autorisée à la chimiothérapie à domicile"),
    CoverageClass.SHARED: ("#7fcdbb", "Zone partagée : deux HAD, au moins une autorisée"),
    CoverageClass.DEROGATION: ("#fdae6b", "Sans HAD autorisée : dérogation ARS possible"),
    CoverageClass.CONVENTION: ("#d94801", "Sans HAD autorisée : convention nécessaire"),
    CoverageClass.OUTSIDE: ("#d9d9d9", "Hors zone étudiée : pas de données"),
}
# Distinct outline colours for the territories (Okabe–Ito, then darker tones), in file order.
TERRITORY_COLOURS = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a5195", "#8c6d31",
    "#003f5c", "#bc5090", "#2f4b7c", "#665191", "#a05195", "#1b7837", "#b35806", "#542788",
)
GAINED = "#000000"
# Texts the map's own script needs (tooltips), passed to it as data.
TOOLTIP = {
    "population": "Population",
    "inhabitants": "hab.",
    "had": "HAD du territoire",
    "none": "aucune",
    "authorised": "autorisée",
    "not_authorised": "non autorisée",
    "derogation": "Dérogation possible",
    "km": "km par la route (estimation)",
    "gained": "Couverte grâce au scénario",
}


def class_colour(coverage: CoverageClass) -> str:
    """The fill colour of ``coverage``."""
    return CLASS_STYLES[coverage][0]


def class_label(coverage: CoverageClass) -> str:
    """The legend label of ``coverage``."""
    return CLASS_STYLES[coverage][1]

