"""The JSON contract of `hadcoord match` and `hadcoord coverage` (plain dicts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hadcoord import clock
from hadcoord.coverage.model import Scenario
from hadcoord.coverage.provenance import Authorisation, Provenance
from hadcoord.coverage.ranking import Change, Ranking
from hadcoord.coverage.readiness import Readiness
from hadcoord.coverage.results import MatchResult, Option
from hadcoord.coverage.scenarios import get_scenario
from hadcoord.coverage.summary import CoverageSummary, Tally
from hadcoord.errors import HadcoordError


class InvalidDateError(HadcoordError, ValueError):
    """A date given by the user is not a valid YYYY-MM-DD date."""


class InvalidDistanceError(HadcoordError, ValueError):
    """A distance given by the user is not a number of km in the allowed range."""


MAX_DISTANCE_KM = 500.0  # the bound of [coverage].max_derogation_km


def parse_distance(text: str | None) -> float | None:
    """``text`` as a distance in km (decimal comma or point), None when blank.

    Raises
    ------
    InvalidDistanceError
        Not a number, or not in ]0, 500] km.
    """
    if text is None or not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        value = float("nan")
    if not 0.0 < value <= MAX_DISTANCE_KM:  # also refuses NaN
        msg = (f"distance invalide « {text} » : nombre de km attendu, plus de 0 et au plus "
               f"{MAX_DISTANCE_KM:.0f} (ex. 80)")
        raise InvalidDistanceError(msg)
    return value


def parse_day(text: str | None) -> dt.date:
    """``text`` as a date (YYYY-MM-DD); today (Paris) when None.

    Raises
    ------
    InvalidDateError
        Not a valid date in the YYYY-MM-DD format.
    """
    if text is None:
        return clock.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        msg = f"date invalide « {text} » : format attendu AAAA-MM-JJ (ex. 2017-01-15)"
        raise InvalidDateError(msg) from None


def day_and_scenario(date_text: str, scenario_text: str, scenarios: Mapping[str, Scenario],
                     today: dt.date) -> tuple[dt.date, Scenario | None]:
    """The day (``today`` when blank) and the scenario (None when blank) a user asked for.

    Raises
    ------
    InvalidDateError
        The date is not YYYY-MM-DD.
    UnknownScenarioError
        No scenario has this id (the message lists the known ones).
    """
    day = parse_day(date_text) if date_text.strip() else today
    return day, get_scenario(scenarios, scenario_text.strip() or None)


def _readiness(readiness: Readiness | None) -> dict[str, str] | None:
    if readiness is None:
        return None
    return {"training": readiness.training, "training_reason": readiness.training_reason,
            "pump": readiness.pump, "pump_reason": readiness.pump_reason}


def option_json(option: Option) -> dict[str, Any]:
    """One option; ``ars_request`` and ``convention`` are null unless of that kind."""
    request = option.ars_request
    return {
        "kind": option.kind, "establishment": option.establishment, "name": option.name,
        "distance_km": option.distance_km, "readiness": _readiness(option.readiness),
        "authorisation_basis": option.authorisation,
        "ars_request": None if request is None else {
            "commune": {"code": request.commune_code, "name": request.commune_name},
            "covering_had": list(request.covering),
            "proposed_had": {"id": request.proposed_id, "name": request.proposed_name},
            "distance_km": request.distance_km,
            "conditions": [{"condition": c.condition, "argument": c.argument}
                           for c in request.conditions],
        },
        "convention": None if option.convention is None else {
            "parties": list(option.convention.parties),
            "settles": list(option.convention.settles), "note": option.convention.note,
        },
    }


def authorisation_json(fact: Authorisation) -> dict[str, Any]:
    """One establishment's authorisation; ``since`` is null when unknown (never extrapolated)."""
    return {
        "establishment": fact.establishment, "name": fact.name, "authorised": fact.authorised,
        "basis": fact.basis, "partner": fact.partner,
        "since": fact.since.isoformat() if fact.since else None,
        "since_approximate": fact.since_approximate, "since_label": fact.since_label,
        "known_from": fact.known_from.isoformat() if fact.known_from else None,
        "known_from_approximate": fact.known_from_approximate, "source": fact.source,
    }


def provenance_json(provenance: Provenance | None) -> dict[str, Any] | None:
    """The sources line, the data's as-of date and the caveats for the day asked."""
    if provenance is None:
        return None
    return {"line": provenance.line, "as_of": provenance.as_of.isoformat(),
            "caveats": list(provenance.caveats)}


def match_json(result: MatchResult) -> dict[str, Any]:
    """The answer of `hadcoord match --json`."""
    commune, first = result.commune, result.first_recourse
    return {
        "sources": provenance_json(result.provenance),
        "authorisations": [authorisation_json(a) for a in result.authorisations],
        "commune": {"code": commune.code, "name": commune.name,
                    "department": commune.department, "population": commune.population},
        "date": result.day.isoformat(), "scenario": result.scenario,
        "status": result.status, "message": result.message,
        "covering": [{"id": c.id, "name": c.name, "chemo_authorised": c.chemo_authorised}
                     for c in result.covering],
        "options": [option_json(o) for o in result.options],
        "not_proposed": [{"establishment": n.establishment, "name": n.name,
                          "distance_km": n.distance_km, "reason": n.reason}
                         for n in result.not_proposed],
        "first_recourse": None if first is None else {
            "name": first.name, "commune_code": first.commune_code,
            "distance_km": first.distance_km},
        "second_recourse": {"name": result.second_recourse.name,
                            "phone": result.second_recourse.phone},
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return {"code": tally.key, "name": tally.name, "communes": tally.communes,
            "population": tally.population,
            "communes_without_authorised_had": tally.communes_without,
            "population_without_authorised_had": tally.population_without}


def summary_json(summary: CoverageSummary) -> dict[str, Any]:
    """The answer of `hadcoord coverage --json`."""
    return {
        "date": summary.day.isoformat(), "scenario": summary.scenario,
        "sources": provenance_json(summary.provenance),
        "departments": [_tally(t) for t in summary.departments],
        "total": _tally(summary.total),
        "establishments": [{"id": e.id, "name": e.name, "chemo_authorised": e.chemo_authorised,
                            "communes": e.communes, "population": e.population}
                           for e in summary.establishments],
    }


def _change(change: Change) -> dict[str, Any]:
    return {"key": change.key, "kind": change.kind, "label": change.label,
            "establishment": change.establishment, "name": change.name,
            "into": change.into, "into_name": change.into_name,
            "population": change.population, "communes": list(change.communes),
            "farthest_km": change.farthest_km}


def ranking_json(ranking: Ranking) -> dict[str, Any]:
    """The answer of `hadcoord coverage rank --json`."""
    return {
        "date": ranking.day.isoformat(), "scenario": ranking.scenario,
        "max_distance_km": ranking.max_distance_km,
        "sources": provenance_json(ranking.provenance),
        "studied_population": ranking.studied_population,
        "uncovered_population": ranking.uncovered_population,
        "uncovered_communes": ranking.uncovered_communes,
        "changes": [_change(c) for c in ranking.changes],
        "sequence": [{"number": s.number, "change": s.change.key,
                      "population_added": s.population_added,
                      "communes_added": list(s.communes_added),
                      "population_covered": s.population_covered,
                      "communes_covered": s.communes_covered} for s in ranking.sequence],
        "fully_covered": ranking.fully_covered,
    }
