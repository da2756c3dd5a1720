"""Geography: the Occitanie commune reference, commune search and distances (domain core)."""

from hadcoord.geo.distance import great_circle_km, road_km
from hadcoord.geo.reference import Commune, CommuneReference, load_communes

__all__ = ["Commune", "CommuneReference", "great_circle_km", "load_communes", "road_km"]
