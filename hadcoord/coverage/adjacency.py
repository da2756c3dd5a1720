"""Which communes, and so which territories, border each other — from the commune polygons.

Two communes are neighbours when their polygons come within a tolerance (metres) of each other,
which absorbs the slivers and gaps left by simplified polygons. Computed once per reference and
tolerance (≈ 0.3 s for Occitanie) and cached; matching never does polygon maths.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import shapely
from shapely import STRtree

from hadcoord.geo import CommuneReference
from hadcoord.geo.distance import EARTH_RADIUS_KM

REFERENCE_LATITUDE = 44.0  # centre of the studied area: equirectangular scale of longitudes


def _to_metres(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    radius = EARTH_RADIUS_KM * 1000.0
    scale = math.cos(math.radians(REFERENCE_LATITUDE))
    return np.column_stack([np.radians(xy[:, 0]) * radius * scale, np.radians(xy[:, 1]) * radius])


@lru_cache(maxsize=4)
def commune_neighbours(reference: CommuneReference,
                       tolerance_m: float) -> Mapping[str, frozenset[str]]:
    """Each commune's neighbours: polygons within ``tolerance_m`` metres of each other."""
    polygons = reference.polygons
    codes = list(polygons)
    projected = shapely.transform(np.array([polygons[c] for c in codes]), _to_metres)
    tree = STRtree(projected)
    if tolerance_m > 0:
        left, right = tree.query(projected, predicate="dwithin", distance=tolerance_m)
    else:
        left, right = tree.query(projected, predicate="intersects")
    neighbours: dict[str, set[str]] = defaultdict(set)
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i != j:
            neighbours[codes[i]].add(codes[j])
    return {code: frozenset(neighbours[code]) for code in codes}


def territory_adjacency(territories: Mapping[str, frozenset[str]],
                        neighbours: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """For each territory, the territories that border or overlap it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ident, codes in territories.items():
        for code in codes:
            owners[code].add(ident)
    adjacent: dict[str, set[str]] = {ident: set() for ident in territories}
    for ident, codes in territories.items():
        for code in codes:
            adjacent[ident] |= owners[code]
            for other in neighbours.get(code, ()):
                adjacent[ident] |= owners.get(other, set())
    return {ident: frozenset(others - {ident}) for ident, others in adjacent.items()}


def components(codes: Iterable[str],
               neighbours: Mapping[str, frozenset[str]]) -> list[frozenset[str]]:
    """The connected pieces of a set of communes, largest first."""
    remaining = set(codes)
    pieces = []
    while remaining:
        start = remaining.pop()
        piece, queue = {start}, deque([start])
        while queue:
            for other in neighbours.get(queue.popleft(), ()):
                if other in remaining:
                    remaining.discard(other)
                    piece.add(other)
                    queue.append(other)
        pieces.append(frozenset(piece))
    return sorted(pieces, key=len, reverse=True)
