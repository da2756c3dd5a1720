"""Coverage (domain core): HAD establishments, territories, chemotherapy authorisation, options."""

from hadcoord.coverage.catalogue import Catalogue, default_catalogue, load_catalogue
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import MatchResult, Option

__all__ = [
    "Catalogue",
    "CoverageEngine",
    "MatchResult",
    "Option",
    "default_catalogue",
    "load_catalogue",
]
