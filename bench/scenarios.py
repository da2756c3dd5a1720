"""Scenario editor benchmark: one draft's result for Occitanie, against the engine's ``match``.

What the editor computes on each action: the situation without scenario on the base date
(once per day, cached by the web layer), then the draft's summary and every studied commune's
status, then the comparison. The baseline, in the same process, is the same statuses taken from
``CoverageEngine.match`` (what the ARS map does per commune), which also builds the options,
messages and sources of each answer. Then the ARS map document of the draft (folium).

Run: .venv/bin/python bench/scenarios.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from hadcoord.config import load_settings
from hadcoord.coverage.comparison import Comparison, compare, evaluate
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.desk import Draft, Edit, EditKind, to_scenario
from hadcoord.coverage.model import Basis
from hadcoord.maps import ars_map, inlined, render_ars_map

DAY = dt.date(2026, 1, 15)
EDITS = (Edit(EditKind.AUTHORISE, "had-croix-rouge-gers", Basis.ASSOCIATED, "CH d'Auch"),
         Edit(EditKind.MERGE, "had-chic-moissac", into="had-ch-montauban"),
         Edit(EditKind.EXTEND, "had-ch-albi", communes=("81065",)),
         Edit(EditKind.WITHDRAW, "had-ch-cahors"))


def _timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    """Print the time of a draft's result (cold, warm), the baseline's, and the map's."""
    settings = load_settings()
    engine = default_engine(settings)
    scenario = to_scenario(Draft("Banc d'essai", "", DAY, EDITS), engine.catalogue)
    baseline_s, before = _timed(lambda: evaluate(engine, DAY, None), repeat=1)
    assert not isinstance(before, Comparison)

    def result() -> Comparison:
        return compare(evaluate(engine, DAY, None), evaluate(engine, DAY, scenario), engine)

    cold, _ = _timed(result, repeat=1)
    warm, comparison = _timed(result, repeat=5)
    assert isinstance(comparison, Comparison)
    print(f"scenario editor, Occitanie, {DAY:%d/%m/%Y}, {len(EDITS)} changes : "
          f"{comparison.headline}, {len(comparison.changed)} communes change status")
    print(f"  situation without scenario (first of the day)  : {baseline_s:7.3f} s")
    print(f"  a draft's result, first                        : {cold:7.3f} s")
    print(f"  a draft's result, again (median of 5)          : {warm:7.3f} s")
    scoped = engine.with_scenario(scenario)

    def by_match() -> dict[str, str]:
        fresh = engine.with_scenario(scenario)
        return {c: fresh.match(c, DAY, scenario.id).status for c in engine.catalogue.studied}

    naive, statuses = _timed(by_match, repeat=3)
    same = statuses == dict(comparison.after.statuses)
    print(f"  baseline: match() per commune (median of 3)    : {naive:7.3f} s "
          f"({naive / warm:.0f}× ours; same statuses: {'yes' if same else 'NO'})")
    map_s, _ = _timed(lambda: render_ars_map(ars_map(scoped, DAY, scenario.id),
                                             engine.catalogue.reference, settings.maps,
                                             inlined()), repeat=1)
    print(f"  the draft's ARS map document (folium)          : {map_s:7.3f} s")


if __name__ == "__main__":
    main()
