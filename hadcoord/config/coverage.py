"""Settings of the coverage engine (owned by the coverage domain; see config.toml)."""

from __future__ import annotations

from pydantic import Field

from hadcoord.config._base import FrozenSection

PLACEHOLDER_PHONE = "à compléter"


class CoverageSettings(FrozenSection):
    """Derogation and readiness rules, and the second recourse named in every answer."""

    # Thesis l. 6004-6010: a derogation "n'est pas toujours envisageable ... lorsque
    # l'éloignement géographique est trop important" — no figure given: a local choice, in road km
    # (great-circle × [geo].road_detour_factor) from the proposed HAD's main site to the commune;
    # 80 km ≈ 1 h by road (Albi–Rodez by the N88: 76 km, the longest trip it allows).
    max_derogation_km: float = Field(default=80.0, gt=0.0, le=500.0)
    # Two commune polygons closer than this (metres) are neighbours: absorbs the slivers and
    # gaps of simplified polygons (thesis l. 6006: derogation to a "territoire limitrophe").
    adjacency_tolerance_m: float = Field(default=100.0, ge=0.0, le=5000.0)
    # Thesis l. 6066-6075: HAD staff must be trained when they have never treated a
    # blinatumomab patient, or none "depuis plus d'un an".
    training_needed_after_months: int = Field(default=12, ge=1, le=120)
    # Thesis l. 1612-1616: the prescribing ward names a contact for the second recourse.
    second_recourse_name: str = "Service d'hématologie de l'IUCT-Oncopole (Toulouse)"
    second_recourse_phone: str = PLACEHOLDER_PHONE
