"""Ranked changes: which single ARS decision brings home chemotherapy to the most inhabitants.

Two kinds of change, from the situation on a day (thesis l. 1650-1666, 5201-5229, 6004-6010):

- ``authorise``: a non-authorised HAD becomes able to give chemotherapy at home (attached to an
  authorised centre, or *établissement associé* of one): its uncovered communes become covered;
- ``corridor``: a standing derogation lets an authorised HAD intervene in a bordering territory
  whose HAD cannot, in the communes within the maximal distance of its main site.

Each change is scored by the population (then the communes) it newly covers; then a greedy
sequence takes, at each step, the change that adds the most to what the earlier ones covered,
until the studied area is covered or no change adds anyone. Pure: plain values in and out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.provenance import Provenance, authorisation, provenance
from hadcoord.wording.grammar import for_, of


class ChangeKind(StrEnum):
    """What the ARS would decide."""

    AUTHORISE = "authorise"  # authorise (attach or associate) a non-authorised HAD
    CORRIDOR = "corridor"  # a derogation corridor from an authorised HAD into a bordering territory


@dataclass(frozen=True, slots=True)
class Change:
    """One decision and the uncovered communes it would cover (most populated first)."""

    kind: ChangeKind
    establishment: str  # the HAD authorised, or the authorised HAD given the corridor
    name: str
    into: str | None  # corridor: the territory's HAD that cannot treat
    into_name: str | None
    communes: tuple[str, ...]
    population: int
    farthest_km: float | None  # corridor: road km to its farthest commune

    @property
    def key(self) -> str:
        """A stable identifier: ``authorise:<id>`` or ``corridor:<id>:<into>``."""
        return f"{self.kind}:{self.establishment}" + (f":{self.into}" if self.into else "")

    @property
    def label(self) -> str:
        """The decision in French, e.g. « Dérogation permanente pour l'HAD du CH d'Albi … »."""
        if self.kind is ChangeKind.AUTHORISE:
            return (f"Autorisation de chimiothérapie à domicile {for_(self.name)} (rattachement "
                    "ou association)")
        return (f"Dérogation permanente {for_(self.name)} dans le territoire "
                f"{of(self.into_name or '')} (communes à {self.farthest_km or 0:.0f} km au plus)")


@dataclass(frozen=True, slots=True)
class Step:
    """The n-th change of the greedy sequence and the coverage once it is added."""

    number: int
    change: Change
    communes_added: tuple[str, ...]
    population_added: int
    population_covered: int  # cumulated, by the first ``number`` changes together
    communes_covered: int


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every single change ranked, and the greedy sequence, on ``day`` under ``scenario``."""

    day: dt.date
    scenario: str | None
    max_distance_km: float
    studied_population: int
    uncovered_population: int
    uncovered_communes: int
    changes: tuple[Change, ...]
    sequence: tuple[Step, ...]
    provenance: Provenance | None = None

    @property
    def fully_covered(self) -> bool:
        """Whether the greedy sequence covers every uncovered commune."""
        last = self.sequence[-1].communes_covered if self.sequence else 0
        return last == self.uncovered_communes


def _ordered(codes: set[str] | frozenset[str], population: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(sorted(codes, key=lambda c: (-population[c], c)))


def rank_key(population: int, communes: int, key: str) -> tuple[int, int, str]:
    """Best first: most inhabitants, then most communes, then the change's key (stable)."""
    return (-population, -communes, key)


def greedy_sequence(population: Mapping[str, int],
                    candidates: Sequence[tuple[str, frozenset[str]]],
                    ) -> list[tuple[int, frozenset[str]]]:
    """The greedy order of ``candidates`` (key, communes) over the uncovered ``population``.

    Returns (candidate index, communes it adds) per step, until every commune of ``population``
    is covered or no remaining candidate adds one; ties as :func:`rank_key`.
    """
    remaining = set(population)
    left = dict(enumerate(candidates))
    steps: list[tuple[int, frozenset[str]]] = []
    while remaining and left:
        scored = []
        for index, (key, codes) in left.items():
            added = frozenset(codes & remaining)
            if added:
                scored.append((rank_key(sum(population[c] for c in added), len(added), key),
                               index, added))
        if not scored:
            break
        _, index, added = min(scored, key=lambda item: item[0])
        steps.append((index, added))
        remaining -= added
        del left[index]
    return steps


def _uncovered(engine: CoverageEngine, authorised: frozenset[str],
               covering: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    catalogue = engine.catalogue
    return {code: catalogue.reference.by_code[code].population for code in catalogue.studied
            if authorised.isdisjoint(covering.get(code, ()))}


def _candidates(engine: CoverageEngine, day: dt.date, scenario: str | None, max_km: float,
                uncovered: Mapping[str, int]) -> list[Change]:
    state = engine.state(day, scenario)
    reference = engine.catalogue.reference
    adjacency = engine.adjacency_on(day, scenario)
    changes = []
    for ident, establishment in state.establishments.items():
        if ident in state.authorised:
            continue
        gained = set(establishment.territory) & set(uncovered)
        if gained:
            changes.append(Change(ChangeKind.AUTHORISE, ident, establishment.name, None, None,
                                  _ordered(gained, uncovered),
                                  sum(uncovered[c] for c in gained), None))
        # Thesis l. 6004-6007: a derogation goes to an authorised HAD whose territory borders.
        for other in sorted(adjacency.get(ident, frozenset()) & state.authorised):
            helper = state.establishments[other]
            near = {code: engine.distance_km(helper, reference.by_code[code])
                    for code in establishment.territory if code in uncovered}
            within = {code for code, km in near.items() if km <= max_km}
            if within:
                changes.append(Change(
                    ChangeKind.CORRIDOR, other, helper.name, ident, establishment.name,
                    _ordered(within, uncovered), sum(uncovered[c] for c in within),
                    max(near[c] for c in within)))
    return sorted(changes, key=lambda c: rank_key(c.population, len(c.communes), c.key))


def rank_changes(engine: CoverageEngine, day: dt.date, scenario: str | None = None,
                 max_distance_km: float | None = None) -> Ranking:
    """Every single change ranked by population newly covered, then the greedy sequence.

    ``max_distance_km`` bounds the corridors (default: ``[coverage].max_derogation_km``).

    Raises
    ------
    UnknownScenarioError
        ``scenario`` is not in territories/scenarios/.
    """
    max_km = engine.rules.max_derogation_km if max_distance_km is None else max_distance_km
    state = engine.state(day, scenario)
    uncovered = _uncovered(engine, state.authorised, state.covering)
    changes = _candidates(engine, day, scenario, max_km, uncovered)
    steps, covered, communes = [], 0, 0
    for number, (index, added) in enumerate(
            greedy_sequence(uncovered, [(c.key, frozenset(c.communes)) for c in changes]),
            start=1):
        population = sum(uncovered[c] for c in added)
        covered += population
        communes += len(added)
        steps.append(Step(number, changes[index], _ordered(added, uncovered), population,
                          covered, communes))
    studied = sum(engine.catalogue.reference.by_code[c].population
                  for c in engine.catalogue.studied)
    current = tuple(state.establishments.values())
    sources = provenance(current, day, engine.catalogue.study.facts_date,
                         (authorisation(e, day) for e in current))
    return Ranking(day, scenario, max_km, studied, sum(uncovered.values()), len(uncovered),
                   tuple(changes), tuple(steps), sources)
