"""The map options read from the settings of this process (config.toml [maps])."""

from __future__ import annotations

from hadcoord.maps.document import MapOptions


def default_options() -> MapOptions:
    """[maps] of the settings as ``MapOptions``."""
    from hadcoord.config import get_settings  # noqa: PLC0415 — keeps the core importable alone

    maps = get_settings().maps
    return MapOptions(tiles_url=maps.tiles_url, tiles_attribution=maps.tiles_attribution,
                      simplify_tolerance_m=maps.simplify_tolerance_m,
                      coordinate_decimals=maps.coordinate_decimals)
