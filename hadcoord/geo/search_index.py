"""The name index behind commune search, built once per reference."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass

from hadcoord.geo.normalize import normalize_name, without_article
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
