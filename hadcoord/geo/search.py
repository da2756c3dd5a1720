"""Commune search: what a coordinator types from a patient's form → the right commune.

Accepted: INSEE code, old code (→ current commune), postal code, name or former (delegated,
associated) name, insensitive to case, accents, "st"/"saint", apostrophes and hyphens, with typo
tolerance (rapidfuzz). Exact matches first, then names starting with what is typed so far (from the
2nd letter, most populous first: « Tou » → Toulouse), then names with a later word starting with
it (from the 3rd letter: « Gaud » → Saint-Gaudens), then fuzzy matches of whole names; ties by
score, then the preferred department if one is given, then population.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo.normalize import fold_keep_accents, normalize_name, without_article
from hadcoord.geo.reference import Commune, CommuneReference
from hadcoord.geo.search_index import IndexEntry, SearchIndex, build_index

CODE_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)
POSTAL_PREFIX = re.compile(r"^(\d{5})\s+(.+)$")
DEFAULT_MIN_SCORE = 75.0
# Rank of each way of matching, best first.
TIERS = {"code": 0, "old_code": 1, "postal_code": 2, "name": 3, "former_name": 4,
         "name_prefix": 5, "former_name_prefix": 6, "word_prefix": 7, "fuzzy_name": 8,
         "fuzzy_former_name": 9}
# How a number was read, when it is one commune's INSEE code and other communes' postal code.
READING_FR = {"code": " (son code INSEE)", "old_code": " (son ancien code INSEE)",
              "postal_code": " (son code postal)"}
# Typed so far, without spaces, from which the start of a name is looked up ("To" → Toulouse).
MIN_PREFIX_LETTERS = 2
# Typed so far from which a later word of the name is looked up ("Gaud" → Saint-Gaudens).
MIN_WORD_LETTERS = 3


@dataclass(frozen=True, slots=True)
class SearchMatch:
    """A commune found for a query, how it was found, and how well."""

    commune: Commune
    matched_by: str
    label: str
    score: float


@lru_cache(maxsize=4)
def _index(reference: CommuneReference) -> SearchIndex:
    return build_index(reference)


def _check_department(reference: CommuneReference, department: str | None) -> str | None:
    if department is None:
        return None
    department = department.strip().upper().zfill(2)
    if department not in reference.departments:
        known = ", ".join(sorted(reference.departments))
        msg = f"département « {department} » hors d'Occitanie (départements : {known})"
        raise UnknownCommuneError(msg)
    return department


def _by_code(reference: CommuneReference, code: str) -> list[tuple[str, Commune, float]]:
    found: list[tuple[str, Commune, float]] = []
    if code in reference.by_code:
        found.append(("code", reference.by_code[code], 100.0))
    if code in reference.by_old_code:
        found.append(("old_code", reference.by_old_code[code], 100.0))
    found += [("postal_code", c, 100.0) for c in reference.by_postal_code.get(code, ())]
    return found


Found = list[tuple[str, Commune, float]]


def _most_wanted(entries: list[IndexEntry], keep: Callable[[Commune], bool], count: int,
                 rank: Callable[[Commune], tuple[int, int]]) -> list[IndexEntry]:
    """The ``count`` best entries per kind that ``keep`` accepts, by ``rank`` (smallest first).

    A short start (« sain ») matches hundreds of names of which only the first few are shown:
    the rest need not be ranked. Twice ``count`` per kind keeps the result exact (a commune
    found under both kinds counts once, under the better one).
    """
    chosen: list[IndexEntry] = []
    for kind in dict.fromkeys(entry.kind for entry in entries):
        same = [e for e in entries if e.kind == kind and keep(e.commune)]
        chosen += heapq.nsmallest(2 * count, same, key=lambda e: rank(e.commune))
    return chosen


def _by_name(index: SearchIndex, query: str, min_score: float, *, needed: int = 50,
             keep: Callable[[Commune], bool] = lambda _c: True,
             rank: Callable[[Commune], tuple[int, int]] = lambda c: (0, -c.population),
             ) -> Found:
    """Exact names, then name starts, then later word starts, then fuzzy whole names.

    Fuzzy matches rank below the others, so they are not computed when the exact and prefix
    matches already give ``needed`` communes that ``keep`` accepts (most keystrokes).
    """
    normalized = normalize_name(query)
    found: Found = []
    # The name as typed beats the same name with its article dropped ("les arques" ≠ "arques").
    for form, score in ((normalized, 100.0), (without_article(normalized), 99.0)):
        for entry in index.exact.get(form, ()):
            found.append((entry.kind, entry.commune, score))
    letters = len(normalized.replace(" ", ""))
    # What is typed so far is the start of the name (as you type): ranked by population below.
    if letters >= MIN_PREFIX_LETTERS:
        for entry in _most_wanted(index.prefixed(normalized), keep, needed, rank):
            found.append((f"{entry.kind}_prefix", entry.commune, 95.0))
    if letters >= MIN_WORD_LETTERS and _distinct(found, keep) < needed:
        for entry in _most_wanted(index.word_prefixed(normalized), keep, needed, rank):
            found.append(("word_prefix", entry.commune, 90.0))
    if _distinct(found, keep) >= needed:
        return found
    # Optimal string alignment: a swapped pair of letters counts as one slip, not two.
    fuzzy = process.extract(normalized, index.fuzzy_keys(normalized, min_score / 100),
                            scorer=OSA.normalized_similarity, processor=None,
                            score_cutoff=min_score / 100, limit=50)
    for key, similarity, _position in fuzzy:
        for entry in index.entries[key]:
            # A name reached only by dropping its article ranks just below an equal full name.
            penalty = 0.5 if entry.article_dropped else 0.0
            found.append((f"fuzzy_{entry.kind}", entry.commune, 100.0 * similarity - penalty))
    return found


def _distinct(found: Found, keep: Callable[[Commune], bool]) -> int:
    return len({commune.code for _kind, commune, _score in found if keep(commune)})


def search_communes(
    reference: CommuneReference,
    query: str,
    *,
    department: str | None = None,
    limit: int = 10,
    min_score: float = DEFAULT_MIN_SCORE,
    prefer_department: str | None = None,
) -> list[SearchMatch]:
    """The communes matching ``query``, best first.

    ``department`` keeps only its communes; ``prefer_department`` (the user's own, say) puts
    its communes first among equally good matches, the others still following: « Caste »
    gives Castelnau-le-Lez (34, the most populous) but Castelsarrasin for Tarn-et-Garonne.

    Raises
    ------
    UnknownCommuneError
        Nothing matches (the error carries the closest names as suggestions), the query is
        empty, or the department is not one of Occitanie's.
    """
    department = _check_department(reference, department)
    preferred = _check_department(reference, prefer_department)
    text = " ".join(query.split())
    if not text:
        msg = "saisissez un nom de commune, un code INSEE ou un code postal"
        raise UnknownCommuneError(msg)
    index = _index(reference)

    def wanted(commune: Commune) -> bool:
        return department is None or commune.department == department

    def rank(commune: Commune) -> tuple[int, int]:
        return (int(commune.department != preferred) if preferred else 0, -commune.population)

    found: list[tuple[str, Commune, float]]
    if CODE_PATTERN.match(text):
        found = _by_code(reference, text.upper())
    elif (postal := POSTAL_PREFIX.match(text)) and postal.group(1) in reference.by_postal_code:
        allowed = {c.code for c in reference.by_postal_code[postal.group(1)]}
        found = [f for f in _by_name(index, postal.group(2), min_score, needed=limit,
                                     keep=lambda c: c.code in allowed and wanted(c), rank=rank)
                 if f[1].code in allowed]
        found = found or _by_code(reference, postal.group(1))
    else:
        found = _by_name(index, text, min_score, needed=limit, keep=wanted, rank=rank)
    best: dict[str, tuple[int, float, str, Commune]] = {}
    for kind, commune, score in found:
        if department and commune.department != department:
            continue
        how = (TIERS[kind], -score)
        if commune.code not in best or how < best[commune.code][:2]:
            best[commune.code] = (TIERS[kind], -score, kind, commune)
    ordered = sorted(best.values(), key=lambda r: (r[0], r[1], *rank(r[3]), r[3].code))
    if not ordered:
        raise _not_found(index, text, department)
    return [SearchMatch(commune=c, matched_by=kind, label=index.label(c), score=-score)
            for _tier, score, kind, c in ordered[:limit]]


def _not_found(index: SearchIndex, text: str, department: str | None) -> UnknownCommuneError:
    where = f" dans le département {department}" if department else ""
    if CODE_PATTERN.match(text):
        msg = f"aucune commune d'Occitanie{where} pour le code « {text} » (INSEE ou postal)"
        return UnknownCommuneError(msg)
    communes = [
        entry.commune
        for key, _score, _pos in process.extract(normalize_name(text), index.keys,
                                                 scorer=fuzz.WRatio, processor=None, limit=10)
        for entry in index.entries[key]
        if department is None or entry.commune.department == department
    ]
    unique = list({c.code: c for c in communes}.values())[:5]
    msg = f"aucune commune d'Occitanie{where} ne correspond à « {text} »"
    return UnknownCommuneError(msg, suggestions=[index.label(c) for c in unique],
                               codes=[c.code for c in unique])


@dataclass(frozen=True, slots=True)
class Resolution:
    """The commune a query designates, and whether it may be used without asking the user.

    ``certain`` is False when the best match is not exact (a typo corrected, the start of a
    name) or is exact only once accents are dropped while a more populous commune is one slip
    away: « Rodes » is Rodès (66) without its accent but most likely Rodez (12), whereas
    « beziers » is Béziers. ``alternatives`` are the next matches, to offer beside it.
    """

    match: SearchMatch
    certain: bool
    alternatives: tuple[SearchMatch, ...]

    @property
    def commune(self) -> Commune:
        """The best match's commune."""
        return self.match.commune


EXACT_KINDS = frozenset({"code", "old_code", "postal_code", "name", "former_name"})


def _spelt_as_typed(query: str, commune: Commune) -> bool:
    """The query is one of the commune's names with its accents (case, hyphens, « st » aside)."""
    typed = fold_keep_accents(query)
    for name in (commune.name, *commune.former_names):
        folded = fold_keep_accents(name)
        if typed in (folded, without_article(folded)):
            return True
    return False


def resolve_commune(
    reference: CommuneReference,
    query: str,
    *,
    department: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
) -> Resolution:
    """The commune meant by ``query``, and whether it is certain (see :class:`Resolution`).

    Raises
    ------
    UnknownCommuneError
        Nothing matches.
    AmbiguousCommuneError
        Several communes match equally well (homonyms, a postal code shared by several
        communes, a number that is one commune's INSEE code and others' postal code);
        ``candidates`` lists them with their department and INSEE code, ``codes`` their codes.
    """
    matches = search_communes(reference, query, department=department, limit=50,
                              min_score=min_score)
    top = matches[0]
    if top.matched_by in EXACT_KINDS:
        _raise_if_tied(query, matches)
    others = tuple(m for m in matches[1:6] if m.commune.code != top.commune.code)
    certain = top.matched_by in EXACT_KINDS and (
        top.matched_by not in ("name", "former_name") or _spelt_as_typed(query, top.commune)
        or not any(m.matched_by.startswith("fuzzy") and m.score >= min_score
                   and m.commune.population > top.commune.population for m in others))
    return Resolution(match=top, certain=certain, alternatives=others)


def find_commune(
    reference: CommuneReference, query: str, *, department: str | None = None
) -> Commune:
    """The one commune meant by ``query`` (the best match, even when not exact).

    Raises
    ------
    UnknownCommuneError
        Nothing matches.
    AmbiguousCommuneError
        Several communes match equally well (see :func:`resolve_commune`).
    """
    matches = search_communes(reference, query, department=department, limit=50)
    _raise_if_tied(query, matches)
    return matches[0].commune


def _raise_if_tied(query: str, matches: list[SearchMatch]) -> None:
    top = matches[0]
    tied = [m for m in matches
            if TIERS[m.matched_by] == TIERS[top.matched_by] and m.score == top.score]
    if top.matched_by in ("code", "old_code"):
        # A 5-digit string can be an INSEE code and another commune's postal code.
        tied = [m for m in matches if m.matched_by in ("code", "old_code", "postal_code")]
    if len(tied) > 1:
        candidates = [f"{m.label} — INSEE {m.commune.code}{READING_FR.get(m.matched_by, '')}"
                      for m in tied]
        msg = f"« {query.strip()} » désigne plusieurs communes : précisez le département ou le code"
        raise AmbiguousCommuneError(msg, candidates, [m.commune.code for m in tied])
