"""Coverage summary: per department and establishment, who has an authorised HAD."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.provenance import Provenance, authorisation, provenance


@dataclass(frozen=True, slots=True)
class Tally:
    """Communes and population of a zone, and those without an authorised HAD."""

    key: str
    name: str
    communes: int
    population: int
    communes_without: int
    population_without: int


@dataclass(frozen=True, slots=True)
class EstablishmentTally:
    """Communes and population of an establishment's territory."""

    id: str
    name: str
    chemo_authorised: bool
    communes: int
    population: int


@dataclass(frozen=True, slots=True)
class CoverageSummary:
    """The studied area at ``day`` under ``scenario``."""

    day: dt.date
    scenario: str | None
    departments: tuple[Tally, ...]
    total: Tally
    establishments: tuple[EstablishmentTally, ...]
    provenance: Provenance | None = None  # what the figures rest on, as of when


@dataclass(frozen=True, slots=True)
class ScenarioGain:
    """What a scenario changes against no scenario on the same day (negative: coverage lost)."""

    communes_covered: int
    population_covered: int


NO_GAIN = ScenarioGain(0, 0)


def scenario_gain(summary: CoverageSummary, baseline: CoverageSummary | None) -> ScenarioGain:
    """Communes and inhabitants with an authorised HAD under the scenario and not without it.

    ``baseline`` is the same day without scenario (None: no scenario, no gain).
    """
    if baseline is None:
        return NO_GAIN
    return ScenarioGain(
        communes_covered=baseline.total.communes_without - summary.total.communes_without,
        population_covered=baseline.total.population_without - summary.total.population_without)


def coverage_summary(engine: CoverageEngine, day: dt.date,
                     scenario: str | None = None) -> CoverageSummary:
    """Tally the studied communes (the Aude counts only its studied arrondissements)."""
    catalogue = engine.catalogue
    state = engine.state(day, scenario)
    authorised = state.authorised
    rows: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for code in catalogue.studied:
        commune = catalogue.reference.by_code[code]
        row = rows.setdefault(commune.department, [0, 0, 0, 0])
        names[commune.department] = commune.department_name
        row[0] += 1
        row[1] += commune.population
        if authorised.isdisjoint(state.covering.get(code, ())):
            row[2] += 1
            row[3] += commune.population
    departments = tuple(Tally(d, names[d], *rows[d]) for d in sorted(rows))
    total = Tally("total", "Zone étudiée", *(sum(t[i] for t in rows.values()) for i in range(4)))
    establishments = tuple(
        EstablishmentTally(e.id, e.name, e.id in authorised, len(e.territory),
                           sum(catalogue.reference.by_code[c].population for c in e.territory))
        for e in (state.establishments[i.id] for i in catalogue.establishments))
    current = tuple(state.establishments[e.id] for e in catalogue.establishments)
    sources = provenance(current, day, catalogue.study.facts_date,
                         (authorisation(e, day) for e in current))
    return CoverageSummary(day, scenario, departments, total, establishments, sources)
