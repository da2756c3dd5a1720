"""ARS coverage page: communes and population with and without an authorised HAD.

Aggregate figures from the coverage core only; this page never reads a patient.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from hadcoord.clock import today
from hadcoord.coverage.commune_table import commune_rows, studied_departments
from hadcoord.coverage.freshness import all_facts
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.ranking import Ranking, rank_changes
from hadcoord.coverage.scenarios import UnknownScenarioError, get_scenario
from hadcoord.coverage.serialize import (
    InvalidDateError,
    InvalidDistanceError,
    day_and_scenario,
    parse_day,
    parse_distance,
)
from hadcoord.coverage.summary import coverage_summary, scenario_gain
from hadcoord.store import Role
from hadcoord.web import context
from hadcoord.web.access import allow
from hadcoord.web.caching import cached_summary
from hadcoord.wording import labels

blueprint = Blueprint("ars", __name__, url_prefix="/ars")


def _bases(engine: CoverageEngine, day: dt.date, scenario: str | None) -> dict[str, str]:
    """For each authorised establishment, the basis of its authorisation (and the partner)."""
    bases = {}
    for ident, establishment in engine.state(day, scenario).establishments.items():
        period = establishment.chemo_period(day)
        if period is not None:
            bases[ident] = labels.authorisation(period.basis, period.partner)
    return bases


@blueprint.get("/")
@allow(Role.ARS, Role.COORDINATOR, Role.ADMIN)
def index() -> ResponseReturnValue:
    """Coverage on ``date`` (default today) under ``scenario`` (default none)."""
    engine = context.engine()
    scenarios = sorted(engine.catalogue.scenarios.values(), key=lambda s: s.title)
    date_text = request.args.get("date", "").strip()
    scenario_text = request.args.get("scenario", "").strip()
    form = {"date": date_text or today().isoformat(), "scenario": scenario_text}
    try:
        day, chosen = day_and_scenario(date_text, scenario_text, engine.catalogue.scenarios,
                                       today())
    except (InvalidDateError, UnknownScenarioError) as error:
        return render_template("ars/index.html", scenarios=scenarios, form=form,
                               error=str(error), summary=None), 400
    scenario = chosen.id if chosen else None
    summary = cached_summary(engine, day, scenario)  # per day and scenario (issue 19)
    difference = (scenario_gain(summary, cached_summary(engine, day, None))
                  if scenario else None)
    return render_template("ars/index.html", scenarios=scenarios, form=form, error=None,
                           summary=summary, bases=_bases(engine, day, scenario),
                           chosen=chosen, difference=difference)


CHART = {"width": 640, "height": 260, "left": 92, "right": 16, "top": 14, "bottom": 42}


def ranking_chart(ranking: Ranking) -> dict[str, object]:
    """Inline SVG geometry: population covered (y) against the number of changes (x)."""
    width, height = CHART["width"], CHART["height"]
    inner_w = width - CHART["left"] - CHART["right"]
    inner_h = height - CHART["top"] - CHART["bottom"]
    steps = max(1, len(ranking.sequence))
    top = max(1, ranking.uncovered_population)

    def x(n: int) -> float:
        return round(CHART["left"] + inner_w * n / steps, 1)

    def y(population: int) -> float:
        return round(CHART["top"] + inner_h * (1 - population / top), 1)

    points = [(0, 0), *((s.number, s.population_covered) for s in ranking.sequence)]
    return {
        **CHART, "baseline": y(0),
        "polyline": " ".join(f"{x(n)},{y(p)}" for n, p in points),
        "points": [{"x": x(n), "y": y(p), "n": n, "population": p} for n, p in points[1:]],
        "x_ticks": [{"x": x(n), "n": n} for n in range(steps + 1)],
        "y_ticks": [{"y": y(round(top * q / 4)), "population": round(top * q / 4)}
                    for q in range(5)],
    }


def _sentence(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


@dataclass(frozen=True, slots=True)
class _RankingQuery:
    form: dict[str, str]
    errors: dict[str, str]
    day: dt.date
    scenario: str | None
    km: float | None


def _ranking_query(engine: CoverageEngine) -> _RankingQuery:
    """The date, scenario and distance asked for; each bad one gets its French error."""
    form = {key: request.args.get(key, "").strip() for key in ("date", "scenario", "km")}
    errors: dict[str, str] = {}
    day, scenario, km = today(), None, None
    try:
        day = parse_day(form["date"] or None)
    except InvalidDateError as error:
        errors["date"] = _sentence(error)
    try:
        chosen = get_scenario(engine.catalogue.scenarios, form["scenario"] or None)
        scenario = chosen.id if chosen else None
    except UnknownScenarioError as error:
        errors["scenario"] = _sentence(error)
    try:
        km = parse_distance(form["km"])
    except InvalidDistanceError as error:
        errors["km"] = _sentence(error)
    form["date"] = form["date"] or today().isoformat()
    return _RankingQuery(form, errors, day, scenario, km)


@blueprint.get("/classement")
@allow(Role.ARS, Role.COORDINATOR, Role.ADMIN)
def ranking() -> ResponseReturnValue:
    """Every single change ranked by population newly covered, and the greedy sequence."""
    engine = context.engine()
    scenarios = sorted(engine.catalogue.scenarios.values(), key=lambda s: s.title)
    query = _ranking_query(engine)
    shown = {"form": query.form, "errors": query.errors, "scenarios": scenarios,
             "default_km": engine.rules.max_derogation_km}
    if query.errors:
        return render_template("ars/ranking.html", ranking=None, **shown), 400
    result = rank_changes(engine, query.day, query.scenario, query.km)
    return render_template("ars/ranking.html", ranking=result, chart=ranking_chart(result),
                           reference=engine.catalogue.reference, **shown)


@blueprint.get("/sources")
@allow(Role.ARS, Role.COORDINATOR, Role.ADMIN)
def sources() -> ResponseReturnValue:
    """« Sources et fraîcheur des données »: each establishment's facts, source, date, gaps."""
    engine = context.engine()
    day = today()
    catalogue = engine.catalogue
    facts = all_facts(catalogue, catalogue.establishments, day)
    return render_template("ars/sources.html", facts=facts, day=day,
                           summary=coverage_summary(engine, day), catalogue=catalogue,
                           rules=engine.rules)


@blueprint.get("/communes")
@allow(Role.ARS, Role.COORDINATOR, Role.ADMIN)
def communes() -> ResponseReturnValue:
    """Each studied commune's status, one department at a time: the map as a table (RGAA)."""
    engine = context.engine()
    scenarios = sorted(engine.catalogue.scenarios.values(), key=lambda s: s.title)
    departments = studied_departments(engine)
    form = {key: request.args.get(key, "").strip() for key in ("date", "scenario",
                                                                 "departement")}
    form["departement"] = form["departement"] or departments[0][0]
    shown = {"form": {**form, "date": form["date"] or today().isoformat()},
             "scenarios": scenarios, "departments": departments}
    errors: dict[str, str] = {}
    day, scenario = today(), None
    try:
        day, chosen = day_and_scenario(form["date"], form["scenario"],
                                       engine.catalogue.scenarios, today())
        scenario = chosen.id if chosen else None
    except InvalidDateError as error:
        errors["date"] = str(error)
    except UnknownScenarioError as error:
        errors["scenario"] = str(error)
    if form["departement"] not in dict(departments):
        errors["departement"] = (f"département « {form['departement'][:10]} » hors de la zone "
                                 "étudiée : choisissez-en un dans la liste")
    if errors:
        return render_template("ars/communes.html", rows=None, errors=errors, **shown), 400
    rows = commune_rows(engine, day, scenario, form["departement"])
    return render_template("ars/communes.html", rows=rows, errors={}, day=day,
                           department=dict(departments)[form["departement"]], **shown)
