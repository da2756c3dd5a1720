"""Geometry repairs on small hand-made coverages."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from hadcoord.data import repair
from hadcoord.errors import ReferenceDataError


def grid() -> tuple[list[str], list[MultiPolygon]]:
    """A 3×3 grid of unit squares whose centre square is missing (a hole)."""
    codes, polygons = [], []
    for x in range(3):
        for y in range(3):
            if (x, y) != (1, 1):
                codes.append(f"{x}{y}")
                polygons.append(MultiPolygon([box(x, y, x + 1, y + 1)]))
    return codes, polygons


def test_a_hole_goes_to_the_commune_nouvelle_that_borders_it() -> None:
    codes, polygons = grid()
    fills = repair.fill_holes(codes, polygons, fillable={"01", "21"})
    assert [fill.commune_code for fill in fills] == ["01"]  # equal borders: first found wins
    assert polygons[codes.index("01")].area == pytest.approx(2.0)
    assert repair.region_holes(polygons) == []
    assert shapely.coverage_is_valid(polygons)


def test_a_hole_with_no_commune_nouvelle_around_it_is_an_error() -> None:
    codes, polygons = grid()
    with pytest.raises(ReferenceDataError, match="trou inattendu"):
        repair.fill_holes(codes, polygons, fillable=set())


def test_a_missing_polygon_is_rebuilt_from_its_former_communes() -> None:
    rebuilt = repair.rebuild_from_parts([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    assert rebuilt.area == pytest.approx(2.0)
    with pytest.raises(ReferenceDataError):
        repair.rebuild_from_parts([])


def test_overlaps_and_slivers_are_cleaned_into_a_valid_coverage() -> None:
    overlapping = [box(0, 0, 1.000001, 1), box(1, 0, 2, 1)]
    assert not shapely.coverage_is_valid(overlapping)
    assert shapely.coverage_is_valid(repair.clean_coverage(overlapping))


def test_town_hall_outside_the_commune_is_replaced_by_a_point_inside() -> None:
    square = box(0, 0, 1, 1)
    assert repair.representative_point(square, Point(0.5, 0.5)) == (Point(0.5, 0.5), "mairie")
    point, source = repair.representative_point(square, Point(5, 5))
    assert source == "surface"
    assert square.contains(point)
    assert repair.representative_point(square, None)[1] == "surface"
