"""The engine built from the settings of this process (config.toml [coverage] and [geo])."""

from __future__ import annotations

from functools import lru_cache

from hadcoord.coverage.catalogue import default_catalogue
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import EngineRules


def default_rules() -> EngineRules:
    """The engine rules read from the settings."""
    from hadcoord.config import get_settings  # noqa: PLC0415 — keeps the core importable alone

    settings = get_settings()
    coverage = settings.coverage
    return EngineRules(
        max_derogation_km=coverage.max_derogation_km,
        road_detour_factor=settings.geo.road_detour_factor,
        training_months=coverage.training_needed_after_months,
        adjacency_tolerance_m=coverage.adjacency_tolerance_m,
        second_recourse_name=coverage.second_recourse_name,
        second_recourse_phone=coverage.second_recourse_phone)


@lru_cache(maxsize=1)
def default_engine() -> CoverageEngine:
    """The engine over the default catalogue and rules (cached for the process)."""
    return CoverageEngine(default_catalogue(), default_rules())
