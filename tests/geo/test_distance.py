"""Distances between communes."""

from __future__ import annotations

import pytest
from pyproj import Geod

from hadcoord.geo import CommuneReference, great_circle_km


@pytest.mark.parametrize(("a", "b"), [("31555", "12202"), ("31555", "34172"), ("66136", "48095")])
def test_great_circle_agrees_with_the_geodesic(reference: CommuneReference, a: str,
                                               b: str) -> None:
    one, two = reference.get(a), reference.get(b)
    _, _, metres = Geod(ellps="WGS84").inv(one.lon, one.lat, two.lon, two.lat)
    assert great_circle_km(one.lon, one.lat, two.lon, two.lat) == pytest.approx(
        metres / 1000, rel=0.005)


def test_toulouse_rodez(reference: CommuneReference) -> None:
    assert reference.get("31555").distance_km(reference.get("12202")) == pytest.approx(
        124, abs=4)


def test_the_same_place_is_at_zero_km() -> None:
    assert great_circle_km(1.0, 43.0, 1.0, 43.0) == 0.0
