"""Light map geometry: the commune coverage simplified once per process, unions, encoding.

``shapely.coverage_simplify`` simplifies the communes as a coverage, so a border shared by two
communes is simplified once and stays exactly shared (no slivers, no overlaps). Coordinates are
then rounded and written as integer deltas: identical vertices stay identical, and a commune's
ring costs a few characters per vertex instead of a GeoJSON float pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely

from hadcoord.geo import CommuneReference

METRES_PER_DEGREE = 111_320.0  # one degree of latitude
# A multipolygon as Leaflet draws it: polygons → rings → flat [dx, dy, dx, dy…] integer deltas
# (x = lon, y = lat, in units of 10^-decimals degree; the first pair is absolute).
Encoded = list[list[list[int]]]


@dataclass(frozen=True, eq=False, slots=True)
class MapGeometry:
    """The simplified commune polygons of a reference and how to encode them."""

    polygons: Mapping[str, Any]  # code → shapely (Multi)Polygon, lon/lat
    decimals: int

    def encode(self, geometry: Any) -> Encoded:
        """``geometry`` (polygonal) as rounded integer deltas, ring closing point dropped."""
        scale = 10 ** self.decimals
        parts = getattr(geometry, "geoms", [geometry])
        encoded: Encoded = []
        for polygon in parts:
            if polygon.is_empty or polygon.geom_type != "Polygon":
                continue
            rings = []
            for ring in (polygon.exterior, *polygon.interiors):
                points = np.round(np.asarray(ring.coords)[:-1, :2] * scale).astype(np.int64)
                keep = np.ones(len(points), dtype=bool)
                keep[1:] = np.any(points[1:] != points[:-1], axis=1)
                points = points[keep]
                if len(points) >= 3:
                    rings.append(np.diff(points, axis=0, prepend=[[0, 0]]).ravel().tolist())
            if rings:
                encoded.append(rings)
        return encoded

    def union(self, codes: Iterable[str]) -> Any:
        """The dissolved polygon of ``codes`` (exact: the communes form a coverage)."""
        return shapely.coverage_union_all([self.polygons[code] for code in sorted(codes)])

    def bounds(self, codes: Iterable[str]) -> tuple[tuple[float, float], tuple[float, float]]:
        """South-west and north-east corners (lat, lon) of ``codes``."""
        west, south, east, north = shapely.total_bounds([self.polygons[c] for c in codes])
        return (float(south), float(west)), (float(north), float(east))


@lru_cache(maxsize=4)
def map_geometry(reference: CommuneReference, tolerance_m: float, decimals: int) -> MapGeometry:
    """The communes of ``reference`` simplified by ``tolerance_m`` (cached per process).

    ``tolerance_m`` is GEOS's Visvalingam–Whyatt tolerance (≈ the square root of the area of
    the triangles removed), in metres converted to degrees of latitude.
    """
    codes = list(reference.polygons)
    geometries = np.asarray([reference.polygons[code] for code in codes], dtype=object)
    if tolerance_m > 0:
        geometries = shapely.coverage_simplify(geometries, tolerance_m / METRES_PER_DEGREE)
    return MapGeometry(dict(zip(codes, geometries, strict=True)), decimals)


@dataclass(frozen=True, slots=True)
class Department:
    """A department's dissolved outline and where to write its name (lat, lon)."""

    code: str
    name: str
    outline: Encoded
    label: tuple[float, float]


@lru_cache(maxsize=4)
def department_outlines(geometry: MapGeometry,
                        reference: CommuneReference) -> tuple[Department, ...]:
    """Each department of ``reference``, dissolved from its communes (cached)."""
    members: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for commune in reference.communes:
        members.setdefault(commune.department, []).append(commune.code)
        names[commune.department] = commune.department_name
    departments = []
    for code in sorted(members):
        union = geometry.union(members[code])
        # The pole of inaccessibility (centre of the largest inscribed circle): a name there
        # sits well inside the department, away from its borders.
        point = shapely.get_point(shapely.maximum_inscribed_circle(union, 0.01), 0)
        departments.append(Department(code, names[code], geometry.encode(union),
                                      (round(point.y, 4), round(point.x, 4))))
    return tuple(departments)


@lru_cache(maxsize=64)
def encoded_union(geometry: MapGeometry, codes: frozenset[str]) -> Encoded:
    """The encoded dissolved polygon of ``codes`` (a territory; cached per process)."""
    return geometry.encode(geometry.union(codes))


@lru_cache(maxsize=4)
def encoded_communes(geometry: MapGeometry) -> Mapping[str, Encoded]:
    """Every commune's encoded polygon (cached per process)."""
    return {code: geometry.encode(polygon) for code, polygon in geometry.polygons.items()}
