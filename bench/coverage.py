"""Coverage benchmark: matching, coverage summary and adjacency, each against a naive baseline.

Run: .venv/bin/python bench/coverage.py

Matching is printed cold (the first 1,000 communes of a new engine) and warm (10,000), against
a geopandas ``sjoin`` both one point per query (averaged over the first 300 points: the
per-patient look-up a page would do) and batched over all 10,000 points at once (what a
whole-region report would do); the README quotes both.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import Point

from hadcoord.config import load_settings
from hadcoord.coverage.adjacency import commune_neighbours, territory_adjacency
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.summary import coverage_summary

SAMPLE = 10_000
NAIVE_QUERIES = 300
DAY = dt.date(2026, 1, 15)


def _timed(function: Callable[[], object], repeat: int = 1) -> float:
    """Median wall time of ``function`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _territory_frame(engine: CoverageEngine) -> gpd.GeoDataFrame:
    polygons = engine.catalogue.reference.polygons
    rows = [(e.id, shapely.union_all([polygons[c] for c in e.territory]))
            for e in engine.catalogue.establishments]
    return gpd.GeoDataFrame({"id": [r[0] for r in rows]}, geometry=[r[1] for r in rows],
                            crs="EPSG:4326")


def bench_matching(engine: CoverageEngine, codes: list[str]) -> None:
    start = time.perf_counter()
    for code in codes[:1000]:  # cold: adjacency, per-date state, recourse memo built here
        engine.match(code, DAY)
    cold = (time.perf_counter() - start) / 1000 * 1e6
    print(f"match, cold (first 1,000 of a new engine): {cold:8.2f} µs/commune")
    seconds = _timed(lambda: [engine.match(code, DAY) for code in codes], repeat=3)
    ours = seconds / len(codes) * 1e6
    print(f"match (dict look-up + options)  : {ours:8.2f} µs/commune over {len(codes)} communes")

    start = time.perf_counter()
    territories = _territory_frame(engine)
    build = time.perf_counter() - start
    reference = engine.catalogue.reference
    points = gpd.GeoDataFrame(
        {"code": codes},
        geometry=[Point(reference.by_code[c].lon, reference.by_code[c].lat) for c in codes],
        crs="EPSG:4326")
    joined: list[Any] = []
    batch = _timed(lambda: joined.append(gpd.sjoin(points, territories, predicate="within")))
    naive = _timed(lambda: [gpd.sjoin(points.iloc[[i]], territories, predicate="within")
                            for i in range(NAIVE_QUERIES)]) / NAIVE_QUERIES
    print(f"baseline: territory polygons built in {build:.2f} s (not counted below)")
    print(f"baseline sjoin, one query/patient : {naive * 1e6:8.0f} µs/commune "
          f"(baseline/ours {naive * 1e6 / ours:,.0f}) — covering HADs only, no options")
    print(f"baseline sjoin, 10k points batched: {batch / len(codes) * 1e6:8.2f} µs/commune "
          f"(baseline/ours {batch / len(codes) * 1e6 / ours:.2f}) — vectorised over all points "
          "at once, covering HADs only, no options")
    found = joined[0].groupby("code")["id"].apply(frozenset).to_dict()
    agree = sum(found.get(c, frozenset()) == frozenset(engine.catalogue.covering.get(c, ()))
                for c in set(codes))
    print(f"baseline agrees with the commune lists for {agree}/{len(set(codes))} communes")


def bench_summary(engine: CoverageEngine) -> None:
    cold = _timed(lambda: coverage_summary(engine, DAY))
    ours = _timed(lambda: coverage_summary(engine, DAY), repeat=20)
    print(f"coverage summary                  : {ours * 1e3:8.2f} ms (cold, first call: "
          f"{cold * 1e3:.2f} ms)")
    territories = _territory_frame(engine)
    reference = engine.catalogue.reference
    studied = sorted(engine.catalogue.studied)
    authorised = engine.state(DAY, None).authorised

    def baseline() -> None:
        points = gpd.GeoDataFrame(
            {"code": studied,
             "department": [reference.by_code[c].department for c in studied],
             "population": [reference.by_code[c].population for c in studied]},
            geometry=[Point(reference.by_code[c].lon, reference.by_code[c].lat)
                      for c in studied], crs="EPSG:4326")
        joined = gpd.sjoin(points, territories, predicate="within")
        joined["authorised"] = joined["id"].isin(authorised)
        served = joined.groupby("code")["authorised"].any()
        points["without"] = ~points["code"].map(served).fillna(False).astype(bool)
        points.groupby("department").agg(communes=("code", "size"),
                                         population=("population", "sum"),
                                         without=("without", "sum"))

    theirs = _timed(baseline, repeat=5)
    print(f"baseline sjoin + pandas groupby   : {theirs * 1e3:8.2f} ms "
          f"(baseline/ours {theirs / ours:.0f})")


def bench_adjacency(engine: CoverageEngine) -> None:
    reference = engine.catalogue.reference
    tolerance = engine.rules.adjacency_tolerance_m
    territories = {e.id: e.territory for e in engine.catalogue.establishments}

    def ours() -> dict[str, frozenset[str]]:
        commune_neighbours.cache_clear()
        return territory_adjacency(territories, commune_neighbours(reference, tolerance))

    reference.polygons  # noqa: B018 — read once, outside both timings
    seconds = _timed(ours, repeat=3)
    print(f"adjacency (commune graph, STRtree): {seconds * 1e3:8.0f} ms")
    degrees = tolerance / (6_371_008.8 * math.pi / 180 * math.cos(math.radians(44)))

    def baseline() -> dict[str, frozenset[str]]:
        frame = _territory_frame(engine)  # the territory unions are part of the baseline's work
        shapes = dict(zip(frame["id"], frame.geometry, strict=True))
        grown = {k: v.buffer(degrees) for k, v in shapes.items()}
        return {k: frozenset(o for o in shapes if o != k and grown[k].intersects(shapes[o]))
                for k in shapes}

    theirs = _timed(baseline, repeat=1)
    agree = ours() == baseline()
    print(f"baseline union + buffer + pairwise: {theirs * 1e3:8.0f} ms "
          f"(baseline/ours {theirs / seconds:.2f}, same pairs: {agree}; ours also yields the "
          "commune graph used for connectedness and shared-zone checks)")


def main() -> None:
    engine = default_engine(load_settings())
    rng = random.Random(20260115)
    codes = [rng.choice(engine.catalogue.reference.communes).code for _ in range(SAMPLE)]
    bench_matching(engine, codes)
    bench_summary(engine)
    bench_adjacency(engine)


if __name__ == "__main__":
    main()
