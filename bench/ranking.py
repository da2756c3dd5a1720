"""Ranking benchmark: `coverage rank` for Occitanie against a naive re-count, same process.

The baseline is what one would write without the ranking module: for every candidate change,
re-run the options engine (``match``) on every studied commune with the change applied and count
who gains an authorised HAD — the single-change scores only (the greedy steps would multiply it
by the number of steps). Target for ours, single changes and greedy sequence: < 2 s.

Run: .venv/bin/python bench/ranking.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from hadcoord.config import load_settings
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.ranking import Change, ChangeKind, Ranking, rank_changes

DAY = dt.date(2026, 1, 15)
TARGET_S = 2.0


def _timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _covered_by_rematching(engine: CoverageEngine, applied: list[Change]) -> set[str]:
    """Communes newly covered once ``applied`` hold: every studied commune matched again."""
    authorised = {c.establishment for c in applied if c.kind is ChangeKind.AUTHORISE}
    corridors = {code for c in applied if c.kind is ChangeKind.CORRIDOR for code in c.communes}
    gained = set()
    for code in engine.catalogue.studied:
        result = engine.match(code, DAY)
        if result.status == "authorised_had":
            continue
        if code in corridors or {c.id for c in result.covering} & authorised:
            gained.add(code)
    return gained


def naive_single_scores(engine: CoverageEngine, candidates: tuple[Change, ...]) -> list[str]:
    """Each single change scored by re-matching the whole area with it applied, best first."""
    population = {c: engine.catalogue.reference.by_code[c].population
                  for c in engine.catalogue.studied}
    scored = []
    for change in candidates:
        gained = _covered_by_rematching(engine, [change])
        scored.append((-sum(population[c] for c in gained), -len(gained), change.key))
    return [key for *_, key in sorted(scored)]


def main() -> None:
    """Print the ranking time (cold and warm) and the naive baseline's, same process."""
    engine = default_engine(load_settings())
    # Territory adjacency: computed once per engine, shared with every `match` (not ranking's).
    adjacency, _ = _timed(lambda: engine.adjacency, repeat=1)
    cold, _ = _timed(lambda: rank_changes(engine, DAY), repeat=1)
    warm, result = _timed(lambda: rank_changes(engine, DAY), repeat=5)
    assert isinstance(result, Ranking)
    print(f"coverage rank, Occitanie, {DAY:%d/%m/%Y} : {len(result.changes)} changements, "
          f"{len(result.sequence)} étapes, {result.uncovered_communes} communes sans HAD autorisée")
    print(f"  territory adjacency (once per engine, shared)     : {adjacency:7.3f} s")
    print(f"  ours, first ranking (road distances computed)     : {cold:7.3f} s "
          f"(target < {TARGET_S:.0f} s: {'met' if cold < TARGET_S else 'NOT met'})")
    print(f"  ours, another ranking (median of 5)               : {warm:7.3f} s")
    naive, keys = _timed(lambda: naive_single_scores(engine, result.changes), repeat=1)
    same = keys == [c.key for c in result.changes]
    print(f"  baseline: re-match every commune per candidate    : {naive:7.3f} s "
          f"(single changes only; {naive / warm:.0f}× ours; same order: {'yes' if same else 'NO'})")


if __name__ == "__main__":
    main()
