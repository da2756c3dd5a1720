"""Build what the maps show from the coverage engine (domain core: no folium, no patient).

The ARS map takes a date and a scenario only; the pathway map takes one ``MatchResult``.
"""

from __future__ import annotations

import datetime as dt

from hadcoord.coverage.model import Establishment
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.readiness import readiness
from hadcoord.coverage.results import MatchResult, OptionKind
from hadcoord.coverage.scenarios import get_scenario
from hadcoord.coverage.summary import coverage_summary
from hadcoord.maps.classes import CoverageClass, classify
from hadcoord.maps.model import ArsMap, CommuneCell, PathwayMap, Place, Route, Site


def site(engine: CoverageEngine, establishment: Establishment, day: dt.date) -> Site:
    """``establishment`` (after any scenario) at its main site on ``day``."""
    commune = engine.catalogue.reference.by_code[establishment.main_site]
    period = establishment.chemo_period(day)
    blina = establishment.blinatumomab
    return Site(
        id=establishment.id, name=establishment.name, structure=establishment.structure.value,
        commune_code=commune.code, commune_name=commune.name, lon=commune.lon, lat=commune.lat,
        authorised=period is not None, basis=period.basis.value if period else None,
        partner=period.partner if period else None, blinatumomab_patients=blina.patients,
        blinatumomab_as_of=blina.as_of,
        readiness=readiness(establishment, day, engine.rules.training_needed_after_months),
        territory=establishment.territory)


def place(engine: CoverageEngine, name: str, code: str) -> Place:
    """A named point at the representative point of the commune ``code``."""
    commune = engine.catalogue.reference.by_code[code]
    return Place(name, commune.code, commune.name, commune.lon, commune.lat)


def _classes(engine: CoverageEngine, day: dt.date,
             scenario: str | None) -> dict[str, tuple[CoverageClass, MatchResult]]:
    found = {}
    for code in sorted(engine.catalogue.studied):
        result = engine.match(code, day, scenario)
        found[code] = (classify(result), result)
    return found


def ars_map(engine: CoverageEngine, day: dt.date, scenario: str | None = None) -> ArsMap:
    """Every commune of the reference classed on ``day`` under ``scenario``.

    Raises
    ------
    UnknownScenarioError
        ``scenario`` is not in territories/scenarios/.
    """
    chosen = get_scenario(engine.catalogue.scenarios, scenario)
    classes = _classes(engine, day, scenario)
    before = _classes(engine, day, None) if scenario else classes
    state = engine.state(day, scenario)
    cells = []
    for commune in engine.catalogue.reference.communes:
        coverage, result = classes.get(commune.code, (CoverageClass.OUTSIDE, None))
        derogation = None
        if result is not None and coverage is CoverageClass.DEROGATION:
            first = next(o for o in result.options if o.kind == OptionKind.DEROGATION)
            derogation = (first.establishment or "", first.distance_km or 0.0)
        gained = coverage.covered and not before.get(
            commune.code, (CoverageClass.OUTSIDE, None))[0].covered
        cells.append(CommuneCell(
            code=commune.code, name=commune.name, department=commune.department,
            population=commune.population, coverage=coverage,
            covering=state.covering.get(commune.code, ()), derogation=derogation,
            newly_covered=gained))
    return ArsMap(
        day=day, scenario=chosen, communes=tuple(cells),
        sites=tuple(site(engine, state.establishments[e.id], day)
                    for e in engine.catalogue.establishments),
        hospitals=tuple(place(engine, h.name, h.commune_code) for h in engine.catalogue.hospitals),
        summary=coverage_summary(engine, day, scenario),
        baseline=coverage_summary(engine, day, None) if scenario else None)


def pathway_map(engine: CoverageEngine, result: MatchResult) -> PathwayMap:
    """The pathway map of one answer of the options engine (the patient's commune only)."""
    state = engine.state(result.day, result.scenario)
    covering = tuple(site(engine, state.establishments[c.id], result.day)
                     for c in result.covering)
    routes = tuple(
        Route(option.kind, site(engine, state.establishments[option.establishment], result.day),
              option.distance_km or 0.0)
        for option in result.options
        if option.kind in (OptionKind.HAD, OptionKind.DEROGATION)
        and option.establishment is not None)
    commune = result.commune
    # Outside the studied area the engine names no first recourse: still show the nearest one.
    recourse = result.first_recourse or engine.first_recourse(commune)
    first = (place(engine, recourse.name, recourse.commune_code)
             if recourse.commune_code else None)
    return PathwayMap(
        day=result.day, commune=Place(commune.name, commune.code, commune.name, commune.lon,
                                      commune.lat),
        coverage=classify(result), covering=covering, routes=routes, first_recourse=first,
        first_recourse_km=recourse.distance_km, message=result.message)
