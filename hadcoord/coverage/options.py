"""The options engine: what the coordinator can do for a commune, at a date, under a scenario.

1. covering HADs authorised for chemotherapy at home → ``had`` options;
2. none → ``derogation`` options: authorised HADs whose territory borders a covering territory,
   nearest first, not beyond ``max_derogation_km`` (thesis l. 6004-6010; CSP R.1435-40 to -43);
3. none → also a ``convention`` option (thesis l. 5231-5241).

Matching is a dict look-up on the commune code (décret 2021-1954: a territory is a list of
communes); polygons only served, once, to compute which territories border each other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from hadcoord.config.coverage import CoverageSettings
from hadcoord.config.sections import GeoSettings
from hadcoord.coverage.adjacency import commune_neighbours, territory_adjacency
from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.hospitals import nearest_hospital
from hadcoord.coverage.messages import status_message
from hadcoord.coverage.model import Establishment, Scenario
from hadcoord.coverage.provenance import Authorisation, Provenance, authorisation, provenance
from hadcoord.coverage.readiness import Readiness, readiness
from hadcoord.coverage.requests import ConventionContent, derogation_request
from hadcoord.coverage.results import (
    Covering,
    MatchResult,
    MatchStatus,
    NotProposed,
    Option,
    OptionKind,
    Recourse,
)
from hadcoord.coverage.scenarios import apply_scenario, get_scenario
from hadcoord.geo import Commune, road_km


@dataclass(frozen=True, slots=True)
class _State:
    establishments: dict[str, Establishment]
    authorised: frozenset[str]
    # Which establishments cover each commune once the scenario's territory changes apply.
    covering: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    territories_changed: bool = False


def covering_of(establishments: Iterable[Establishment]) -> dict[str, tuple[str, ...]]:
    """For each commune, the ids of the establishments whose territory includes it (sorted)."""
    found: dict[str, list[str]] = defaultdict(list)
    for establishment in establishments:
        for code in establishment.territory:
            found[code].append(establishment.id)
    return {code: tuple(sorted(ids)) for code, ids in found.items()}


class CoverageEngine:
    """Answers ``match`` queries over one catalogue; caches per date and scenario.

    ``rules`` and ``geo`` are the ``[coverage]`` and ``[geo]`` sections of the caller's settings
    (their defaults when omitted).
    """

    def __init__(self, catalogue: Catalogue, rules: CoverageSettings | None = None,
                 geo: GeoSettings | None = None) -> None:
        self.catalogue = catalogue
        self.rules = rules or CoverageSettings()
        self.geo = geo or GeoSettings()
        self._states: dict[tuple[dt.date, str | None], _State] = {}
        self._recourse: dict[str, Recourse] = {}
        self._distances: dict[tuple[str, str], float] = {}
        self._readiness: dict[tuple[dt.date, str], Readiness] = {}
        self._provenance: dict[tuple[dt.date, str | None, tuple[str, ...]],
                            tuple[tuple[Authorisation, ...], Provenance]] = {}
        self._adjacencies: dict[tuple[dt.date, str | None], dict[str, frozenset[str]]] = {}

    def with_scenario(self, scenario: Scenario) -> CoverageEngine:
        """An engine over the same reference plus ``scenario`` (a draft of the ARS's editor).

        The commune reference, the distances and the adjacency of the reference territories are
        shared with this engine; the states are not.
        """
        catalogue = dataclasses.replace(
            self.catalogue, scenarios={**self.catalogue.scenarios, scenario.id: scenario})
        engine = CoverageEngine(catalogue, self.rules, self.geo)
        engine._distances = self._distances
        engine._recourse = self._recourse
        # The situation without scenario is the same: its states are shared, not recomputed.
        engine._states = {key: state for key, state in self._states.items() if key[1] is None}
        if "adjacency" in self.__dict__:
            engine.__dict__["adjacency"] = self.__dict__["adjacency"]
        return engine

    @cached_property
    def adjacency(self) -> dict[str, frozenset[str]]:
        """For each establishment, those whose territory borders or overlaps its own."""
        neighbours = commune_neighbours(self.catalogue.reference, self.rules.adjacency_tolerance_m)
        return territory_adjacency({e.id: e.territory for e in self.catalogue.establishments},
                                   neighbours)

    def state(self, day: dt.date, scenario: str | None) -> _State:
        """Establishments after the scenario, and which are authorised, on ``day``."""
        key = (day, scenario)
        if key not in self._states:
            chosen = get_scenario(self.catalogue.scenarios, scenario)
            establishments = apply_scenario(self.catalogue.establishments, chosen, day)
            changed = any(after.territory is not before.territory for after, before
                          in zip(establishments, self.catalogue.establishments, strict=True))
            self._states[key] = _State(
                establishments={e.id: e for e in establishments},
                authorised=frozenset(e.id for e in establishments if e.chemo_authorised(day)),
                covering=covering_of(establishments) if changed else self.catalogue.covering,
                territories_changed=changed)
        return self._states[key]

    def adjacency_on(self, day: dt.date, scenario: str | None) -> Mapping[str, frozenset[str]]:
        """:attr:`adjacency` once the scenario's territory changes apply (memoised)."""
        state = self.state(day, scenario)
        if not state.territories_changed:
            return self.adjacency
        key = (day, scenario)
        if key not in self._adjacencies:
            neighbours = commune_neighbours(self.catalogue.reference,
                                            self.rules.adjacency_tolerance_m)
            self._adjacencies[key] = territory_adjacency(
                {i: e.territory for i, e in state.establishments.items()}, neighbours)
        return self._adjacencies[key]

    def distance_km(self, establishment: Establishment, commune: Commune) -> float:
        """Road estimate from the HAD's main site to ``commune`` (memoised)."""
        key = (establishment.main_site, commune.code)
        if key not in self._distances:
            site = self.catalogue.reference.by_code[establishment.main_site]
            self._distances[key] = round(
                road_km(site.distance_km(commune), self.geo.road_detour_factor), 1)
        return self._distances[key]

    def first_recourse(self, commune: Commune) -> Recourse:
        """The nearest hospital with an emergency department (thesis l. 1608-1612)."""
        if commune.code not in self._recourse:
            hospital, km = nearest_hospital(commune, self.catalogue.hospitals,
                                            self.catalogue.reference)
            self._recourse[commune.code] = Recourse(
                hospital.name, hospital.commune_code,
                round(road_km(km, self.geo.road_detour_factor), 1))
        return self._recourse[commune.code]

    def _sources(self, day: dt.date, scenario: str | None, covering: tuple[Covering, ...],
                 options: list[Option]) -> tuple[tuple[Authorisation, ...], Provenance]:
        """The named HADs' authorisations and the sources line (a few per day: memoised)."""
        named = [c.id for c in covering]
        named += [o.establishment for o in options
                  if o.establishment and o.establishment not in named]
        key = (day, scenario, tuple(named))
        if key not in self._provenance:
            establishments = [self.state(day, scenario).establishments[i] for i in named]
            facts = tuple(authorisation(e, day) for e in establishments)
            self._provenance[key] = (facts, provenance(establishments, day,
                                                       self.catalogue.study.facts_date, facts))
        return self._provenance[key]

    def match(self, code: str, day: dt.date, scenario: str | None = None) -> MatchResult:
        """The options for the commune of INSEE ``code`` on ``day`` under ``scenario``.

        The answer says what it rests on: each named HAD's authorisation (start unknown stays
        unknown) and the sources line with the data's as-of date.
        """
        commune = self.catalogue.reference.get(code)
        state = self.state(day, scenario)
        second = Recourse(self.rules.second_recourse_name, None, None,
                          self.rules.second_recourse_phone)
        if commune.code not in self.catalogue.studied:
            return MatchResult(commune, day, scenario, MatchStatus.NOT_COVERED_BY_DATASET, (), (),
                               (), None, second,
                               status_message(MatchStatus.NOT_COVERED_BY_DATASET, commune, ()),
                               *self._sources(day, scenario, (), []))
        ids = state.covering.get(commune.code, ())
        covering = tuple(Covering(i, state.establishments[i].name, i in state.authorised)
                         for i in ids)
        options: list[Option] = [self._had_option(state.establishments[c.id], commune, day)
                                 for c in covering if c.chemo_authorised]
        options.sort(key=lambda o: o.distance_km or 0.0)
        refused: list[NotProposed] = []
        if options:
            status = MatchStatus.AUTHORISED_HAD
        else:
            options, refused = self._derogations(commune, ids, state, day,
                                                 self.adjacency_on(day, scenario))
            status = (MatchStatus.DEROGATION_NEEDED if options
                      else MatchStatus.CONVENTION_NEEDED)
            options.append(Option(OptionKind.CONVENTION, None, "Convention validée par l'ARS", None,
                                  convention=ConventionContent()))
        return MatchResult(commune, day, scenario, status, covering, tuple(options),
                           tuple(refused), self.first_recourse(commune), second,
                           status_message(status, commune, covering, options=options,
                                          refused=refused, max_km=self.rules.max_derogation_km),
                           *self._sources(day, scenario, covering, options))

    def status(self, code: str, day: dt.date, scenario: str | None = None) -> MatchStatus:
        """``match(code, day, scenario).status``, without building the options and messages."""
        state = self.state(day, scenario)
        if code not in self.catalogue.studied:
            return MatchStatus.NOT_COVERED_BY_DATASET
        ids = state.covering.get(code, ())
        if not state.authorised.isdisjoint(ids):
            return MatchStatus.AUTHORISED_HAD
        commune = self.catalogue.reference.by_code[code]
        bordering = self._bordering(commune, ids, state, self.adjacency_on(day, scenario))
        reachable = any(self.distance_km(state.establishments[i], commune)
                        <= self.rules.max_derogation_km
                        for i in bordering if i in state.authorised)
        return MatchStatus.DEROGATION_NEEDED if reachable else MatchStatus.CONVENTION_NEEDED

    def _had_option(self, establishment: Establishment, commune: Commune,
                    day: dt.date) -> Option:
        period = establishment.chemo_period(day)
        basis = period.basis.value if period else None
        key = (day, establishment.id)
        # Depends on the date only (scenarios change neither patients nor pumps), not the commune.
        if key not in self._readiness:
            months = self.rules.training_needed_after_months
            self._readiness[key] = readiness(establishment, day, months)
        return Option(OptionKind.HAD, establishment.id, establishment.name,
                      self.distance_km(establishment, commune), self._readiness[key], basis)

    def _bordering(self, commune: Commune, ids: tuple[str, ...], state: _State,
                   adjacency: Mapping[str, frozenset[str]]) -> set[str]:
        if ids:
            return set().union(*(adjacency[i] for i in ids)) - set(ids)
        neighbours = commune_neighbours(self.catalogue.reference, self.rules.adjacency_tolerance_m)
        return {i for code in neighbours.get(commune.code, ())
                for i in state.covering.get(code, ())}

    def _derogations(self, commune: Commune, ids: tuple[str, ...], state: _State, day: dt.date,
                     adjacency: Mapping[str, frozenset[str]],
                     ) -> tuple[list[Option], list[NotProposed]]:
        candidates = sorted(
            (self.distance_km(state.establishments[i], commune), i)
            for i in self._bordering(commune, ids, state, adjacency) if i in state.authorised)
        names = tuple(state.establishments[i].name for i in ids)
        options, refused = [], []
        for km, ident in candidates:
            establishment = state.establishments[ident]
            if km > self.rules.max_derogation_km:
                refused.append(NotProposed(ident, establishment.name, km,
                                           f"à {km:.0f} km par la route, au-delà de la distance "
                                           f"maximale de {self.rules.max_derogation_km:.0f} km"))
                continue
            option = self._had_option(establishment, commune, day)
            options.append(Option(OptionKind.DEROGATION, ident, establishment.name, km,
                                  option.readiness,
                                  option.authorisation,
                                  ars_request=derogation_request(commune, names, ident,
                                                                 establishment.name, km)))
        return options, refused
