"""The engine built from the caller's settings ([reference], [coverage] and [geo])."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from hadcoord.config.coverage import CoverageSettings
from hadcoord.config.sections import GeoSettings, ReferenceSettings
from hadcoord.coverage.catalogue import default_catalogue
from hadcoord.coverage.options import CoverageEngine

if TYPE_CHECKING:
    from hadcoord.config import Settings


def default_engine(settings: Settings) -> CoverageEngine:
    """The engine over the catalogue and rules of ``settings`` (cached per their values)."""
    return _engine(settings.reference, settings.coverage, settings.geo)


@lru_cache(maxsize=4)
def _engine(reference: ReferenceSettings, coverage: CoverageSettings,
            geo: GeoSettings) -> CoverageEngine:
    return CoverageEngine(default_catalogue(reference), coverage, geo)
