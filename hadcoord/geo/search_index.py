"""The name index behind commune search, built once per reference."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass

from hadcoord.geo.normalize import LINK_WORDS, normalize_name, without_article
from hadcoord.geo.reference import Commune, CommuneReference


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One searchable name of a commune: its own name or a former commune's."""

    commune: Commune
    kind: str  # "name" | "former_name"
    article_dropped: bool = False  # indexed without its leading article ("boulou" for Le Boulou)


class SearchIndex:
    """Normalised names → communes, with sorted keys for prefix search and fuzzy matching."""

    def __init__(self, entries: dict[str, list[IndexEntry]], homonyms: set[str]) -> None:
        self.entries = {key: tuple(value) for key, value in entries.items()}
        self.exact = self.entries
        self.keys = sorted(self.entries)
        self._homonyms = homonyms
        # The name from each of its later words on ("gaudens" for Saint-Gaudens), sorted.
        words = sorted({(tail, key) for key in self.keys for tail in later_words(key)})
        self._word_tails = [tail for tail, _key in words]
        self._word_keys = [key for _tail, key in words]
        # Keys by length: a fuzzy match needs a length close to the query's (see fuzzy_keys).
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for key in self.keys:
            self._by_length[len(key)].append(key)

    def word_prefixed(self, normalized: str) -> list[IndexEntry]:
        """Entries with a later word starting with ``normalized`` ("gaud" → Saint-Gaudens)."""
        start = bisect.bisect_left(self._word_tails, normalized)
        found: dict[str, None] = {}
        for position in range(start, len(self._word_tails)):
            if not self._word_tails[position].startswith(normalized):
                break
            found[self._word_keys[position]] = None
        return [entry for key in found for entry in self.entries[key]]

    def fuzzy_keys(self, normalized: str, min_similarity: float) -> list[str]:
        """The keys that can reach ``min_similarity`` (OSA normalised) with ``normalized``.

        The distance is at least the difference of lengths, so a key whose length differs by
        more than ``(1 - min_similarity) × the longer length`` cannot match: left out unread.
        """
        size = len(normalized)
        low = int(size * min_similarity) - 1
        high = int(size / min_similarity) + 1 if min_similarity > 0 else 10**6
        return [key for length in range(max(low, 0), high + 1)
                for key in self._by_length.get(length, ())]

    def prefixed(self, normalized: str) -> list[IndexEntry]:
        """Entries whose key starts with ``normalized`` (what is typed so far), exact key excluded.

        "toul" → Toulouse, Toulonjac…; "saint gau" → Saint-Gaudens; "boul" → Le Boulou (its key
        without the article).
        """
        start = bisect.bisect_left(self.keys, normalized)
        found: list[IndexEntry] = []
        for key in self.keys[start:]:
            if not key.startswith(normalized):
                break
            if key != normalized:
                found += self.entries[key]
        return found

    def label(self, commune: Commune) -> str:
        """The name, with the department when other communes share it ("Villeneuve (12)")."""
        if normalize_name(commune.name) in self._homonyms:
            return f"{commune.name} ({commune.department})"
        return commune.name


def later_words(key: str) -> list[str]:
    """``key`` from each later word that is not a link word.

    "villefranche de rouergue" → ["rouergue"]; "saint gaudens" → ["gaudens"].
    """
    tokens = key.split()
    return [" ".join(tokens[i:]) for i in range(1, len(tokens))
            if tokens[i] not in LINK_WORDS and len(tokens[i]) >= 3]


def build_index(reference: CommuneReference) -> SearchIndex:
    """Index every commune under its name and former names, with and without the article."""
    entries: dict[str, list[IndexEntry]] = defaultdict(list)
    for commune in reference.communes:
        names = [(commune.name, "name")] + [(n, "former_name") for n in commune.former_names]
        for name, kind in names:
            normalized = normalize_name(name)
            for key in dict.fromkeys([normalized, without_article(normalized)]):
                if not any(e.commune is commune for e in entries[key]):
                    entries[key].append(IndexEntry(commune, kind, key != normalized))
    counts = Counter(normalize_name(c.name) for c in reference.communes)
    return SearchIndex(entries, {name for name, count in counts.items() if count > 1})
