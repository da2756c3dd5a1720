"""Geography: the Occitanie commune reference, commune search and distances (domain core)."""

from hadcoord.geo.distance import great_circle_km, road_km
from hadcoord.geo.reference import Commune, CommuneReference, default_reference, load_communes

__all__ = [
    "Commune",
    "CommuneReference",
    "default_reference",
    "great_circle_km",
    "load_communes",
    "road_km",
]
