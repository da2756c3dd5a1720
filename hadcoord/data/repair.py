"""Repairs of the known defects of the published commune polygons (pure geometry, lon/lat).

Known defects in Occitanie (see territories/communes/README.md):
- Conques-en-Rouergue (12218) has no polygon: rebuilt from its delegated communes;
- five 2025 communes nouvelles carry one predecessor's polygon only, leaving holes where the other
  predecessors were: each hole is merged into the commune nouvelle that borders it;
- a few dozen shared borders do not match exactly (slivers, overlaps): cleaned as a coverage;
- town-hall points geocoded outside their commune (sometimes in a homonym hundreds of km away):
  replaced by a point on the polygon's surface.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from hadcoord.errors import ReferenceDataError

# Llívia is a Spanish enclave inside the Pyrénées-Orientales: the one real hole of the region.
LLIVIA = Point(1.981, 42.464)
# Gaps narrower than this (degrees, ≈ 1 m) are source slivers, not missing land.
SLIVER_GAP_WIDTH = 1e-5


@dataclass(frozen=True)
class HoleFill:
    """A hole of the region merged into the commune that borders it."""

    commune_code: str
    area_km2: float


def as_multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    """The polygonal part of ``geometry`` as a MultiPolygon (points and lines dropped)."""
    if isinstance(geometry, MultiPolygon):
        return geometry
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    polygons = [part for part in getattr(geometry, "geoms", []) if isinstance(part, Polygon)]
    polygons += [p for part in getattr(geometry, "geoms", []) if isinstance(part, MultiPolygon)
                 for p in part.geoms]
    return MultiPolygon(polygons)


def rebuild_from_parts(parts: Sequence[BaseGeometry]) -> MultiPolygon:
    """The polygon of a commune nouvelle rebuilt as the union of its former communes."""
    if not parts:
        msg = "aucune commune déléguée avec un contour pour reconstruire la commune"
        raise ReferenceDataError(msg)
    return as_multipolygon(shapely.union_all(list(parts)))


def clean_coverage(geometries: Sequence[BaseGeometry]) -> list[MultiPolygon]:
    """Make shared borders identical and remove overlaps and sliver gaps."""
    cleaned = shapely.coverage_clean(np.asarray(geometries, dtype=object),
                                     gap_width=SLIVER_GAP_WIDTH)
    return [as_multipolygon(shapely.make_valid(geometry)) for geometry in cleaned]


def region_holes(geometries: Sequence[BaseGeometry]) -> list[Polygon]:
    """The holes (interior rings) of the union of ``geometries``."""
    union = shapely.union_all(list(geometries))
    return [Polygon(ring) for part in as_multipolygon(union).geoms for ring in part.interiors]


def fill_holes(
    codes: Sequence[str], geometries: list[MultiPolygon], fillable: set[str]
) -> list[HoleFill]:
    """Merge each hole of the region, but Llívia, into the bordering commune of ``fillable``.

    ``fillable`` are the communes nouvelles known to have lost a predecessor's polygon; the hole
    goes to the one sharing the longest border with it. Any other hole is an error: it would be
    land with no commune. ``geometries`` is modified in place.
    """
    fills: list[HoleFill] = []
    tree = shapely.STRtree(geometries)
    for hole in region_holes(geometries):
        if hole.contains(LLIVIA):
            continue
        best: tuple[float, int] | None = None
        for index in tree.query(hole, predicate="intersects"):
            if codes[index] not in fillable:
                continue
            shared = hole.boundary.intersection(geometries[index].boundary).length
            if shared > 0 and (best is None or shared > best[0]):
                best = (shared, int(index))
        if best is None:
            where = hole.representative_point()
            msg = f"trou inattendu dans le maillage communal près de ({where.x:.4f}, {where.y:.4f})"
            raise ReferenceDataError(msg)
        index = best[1]
        geometries[index] = as_multipolygon(shapely.union_all([geometries[index], hole]))
        fills.append(HoleFill(codes[index], _area_km2(hole)))
    return fills


def _area_km2(polygon: BaseGeometry) -> float:
    """Approximate area in km² of a small lon/lat polygon (equirectangular at its latitude)."""
    latitude = polygon.centroid.y
    return float(polygon.area * 111.32**2 * np.cos(np.radians(latitude)))


def representative_point(polygon: BaseGeometry, town_hall: Point | None) -> tuple[Point, str]:
    """The town hall if it lies inside the commune, else a point on the polygon's surface.

    Returns the point and where it comes from: ``"mairie"`` or ``"surface"``.
    """
    if town_hall is not None and polygon.contains(town_hall):
        return town_hall, "mairie"
    return polygon.representative_point(), "surface"
