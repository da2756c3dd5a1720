"""Settings of the coverage maps (owned by hadcoord/maps; see config.toml [maps])."""

from __future__ import annotations

from pydantic import Field, field_validator

from hadcoord.config._base import FrozenSection


class MapsSettings(FrozenSection):
    """Base-map tiles (off by default: the maps work offline) and geometry lightening."""

    # Leaflet URL template of a tile server ("https://tile.example/{z}/{x}/{y}.png"). Empty: no
    # base map, nothing is fetched from outside (hospital networks often have no internet).
    tiles_url: str = ""
    tiles_attribution: str = ""
    # shapely.coverage_simplify tolerance (metres, converted to degrees at the latitude of
    # Occitanie); shared borders stay exact. 0 keeps the reference polygons as they are.
    simplify_tolerance_m: float = Field(default=250.0, ge=0.0, le=5000.0)
    # Decimals kept in the map's lon/lat coordinates (4 ≈ 10 m).
    coordinate_decimals: int = Field(default=4, ge=2, le=7)

    @field_validator("tiles_url")
    @classmethod
    def _tiles_url(cls, value: str) -> str:
        value = value.strip()
        if value and not (value.startswith(("https://", "http://"))
                          and "{z}" in value and "{x}" in value and "{y}" in value):
            msg = "adresse de tuiles invalide : http(s)://… avec {z}, {x} et {y} attendus"
            raise ValueError(msg)
        return value
