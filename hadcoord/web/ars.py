"""ARS coverage page: communes and population with and without an authorised HAD.

Aggregate figures from the coverage core only; this page never reads a patient.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from hadcoord.clock import today
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.scenarios import UnknownScenarioError
from hadcoord.coverage.serialize import InvalidDateError, day_and_scenario
from hadcoord.coverage.summary import scenario_gain
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
