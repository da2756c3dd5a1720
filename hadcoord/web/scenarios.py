"""The ARS's scenario editor: list, create, edit, save, delete, compare, export (issue 18).

The ARS edits; the coordinator (and the admin, as on the other ARS pages) reads. Aggregate
figures only: the pathways in progress whose status would change are counted, never named.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hadcoord.clock import today
from hadcoord.coverage.comparison import (
    STATUS_LABELS,
    Comparison,
    Evaluation,
    compare,
    evaluate,
)
from hadcoord.coverage.desk import MAX_TEXT, Draft, EditError, to_scenario
from hadcoord.coverage.model import Scenario
from hadcoord.coverage.options import CoverageEngine
from hadcoord.maps import ars_map, linked, render_ars_map
from hadcoord.services.scenarios import (
    changes_json,
    delete_scenario,
    draft_of,
    edits_of,
    pathways_changing,
    save_scenario,
    saved_scenarios,
)
from hadcoord.store import Role, SavedScenario
from hadcoord.web import context
from hadcoord.web.access import allow
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.maps import map_document
from hadcoord.web.scenario_forms import UNTITLED, EditorInput, read_editor, sentence
from hadcoord.web.scenario_pages import (
    SHOWN_COMMUNES,
    editor_context,
    status_csv,
    toml_export,
)

blueprint = Blueprint("scenarios", __name__, url_prefix="/ars/scenarios")
READERS = (Role.ARS, Role.COORDINATOR, Role.ADMIN)
EDITORS = (Role.ARS,)
TODAY_KEY = "aujourdhui"


@lru_cache(maxsize=8)
def _baseline(engine: CoverageEngine, day: dt.date) -> Evaluation:
    """The situation without scenario on ``day`` (the same for every draft of that day)."""
    return evaluate(engine, day, None)


@lru_cache(maxsize=64)
def result_of(engine: CoverageEngine, draft: Draft) -> tuple[Scenario, Comparison]:
    """The draft's scenario and its result against the situation without it.

    Cached: the reference does not change while the app runs, and a draft is a frozen value.
    """
    scenario = to_scenario(draft, engine.catalogue)
    return scenario, compare(_baseline(engine, draft.day),
                             evaluate(engine, draft.day, scenario), engine)


def _row(scenario_id: int) -> SavedScenario:
    row = db_session().get(SavedScenario, scenario_id)
    if row is None:
        abort(404, "Ce scénario n'existe pas (ou plus).")
    return row


def _saved_draft(row: SavedScenario) -> Draft:
    try:
        return draft_of(row)
    except EditError as error:
        abort(409, sentence(f"scénario « {row.name} » illisible : {error}"))


def _editor(found: EditorInput, row: SavedScenario | None, status: int) -> ResponseReturnValue:
    engine = context.engine()
    result = None
    if found.draft is not None:
        draft = found.draft
        scenario, comparison = result_of(
            engine, dataclasses.replace(draft, title=draft.title.strip() or UNTITLED))
        result = (scenario, comparison, pathways_changing(db_session(), comparison))
    page = editor_context(engine, found, row, result,
                          can_edit=current_user.role == Role.ARS.value)
    return render_template("ars/scenario_edit.html", **page), status


def _shown(draft: Draft) -> EditorInput:
    form = {"title": draft.title, "description": draft.description,
            "date": draft.day.isoformat(), "changes": changes_json(draft.edits)}
    return EditorInput(form, "refresh", draft=draft)


@blueprint.get("/")
@allow(*READERS)
def index() -> ResponseReturnValue:
    """The saved scenarios, each with its result against the situation without it."""
    engine = context.engine()
    rows = []
    for row in saved_scenarios(db_session()):
        try:
            headline = result_of(engine, draft_of(row))[1].headline
        except EditError as error:
            headline = sentence(f"illisible : {error}")
        rows.append((row, headline))
    return render_template("ars/scenarios.html", rows=rows, today_key=TODAY_KEY,
                           can_edit=current_user.role == Role.ARS.value)


@blueprint.get("/nouveau")
@allow(*EDITORS)
def new() -> ResponseReturnValue:
    """An empty draft from today."""
    return _editor(_shown(Draft("", "", today(), ())), None, 200)


@blueprint.post("/nouveau")
@allow(*EDITORS)
def new_post() -> ResponseReturnValue:
    """One action on a new draft: add or remove a change, recompute, or save."""
    return _post(None)


@blueprint.get("/<int:scenario_id>")
@allow(*READERS)
def show(scenario_id: int) -> ResponseReturnValue:
    """A saved scenario: the editor for the ARS, read-only for the others."""
    row = _row(scenario_id)
    return _editor(_shown(_saved_draft(row)), row, 200)


@blueprint.post("/<int:scenario_id>")
@allow(*EDITORS)
def edit(scenario_id: int) -> ResponseReturnValue:
    """One action on a saved scenario (saved again only on « Enregistrer »)."""
    return _post(_row(scenario_id))


def _post(row: SavedScenario | None) -> ResponseReturnValue:
    engine = context.engine()
    found = read_editor(engine.catalogue, app_settings().geo.fuzzy_min_score)
    if found.errors or found.draft is None:
        return _editor(found, row, 400)
    if found.action != "save":
        return _editor(found, row, 200)
    try:
        saved = save_scenario(db_session(), found.draft, engine.catalogue, current_user.record,
                              row)
    except EditError as error:
        found.errors[error.field] = sentence(str(error))
        return _editor(found, row, 400)
    flash(f"Scénario « {saved.name} » enregistré.", "info")
    return redirect(url_for("scenarios.show", scenario_id=saved.id))


@blueprint.post("/<int:scenario_id>/supprimer")
@allow(*EDITORS)
def delete(scenario_id: int) -> ResponseReturnValue:
    """Delete a saved scenario (audited)."""
    row = _row(scenario_id)
    name = row.name
    delete_scenario(db_session(), row, current_user.record)
    flash(f"Scénario « {name} » supprimé.", "info")
    return redirect(url_for("scenarios.index"))


@blueprint.get("/<int:scenario_id>/scenario.toml")
@allow(*READERS)
def export_toml(scenario_id: int) -> ResponseReturnValue:
    """The scenario as a territories/scenarios/<id>.toml file, to review into reference data."""
    row = _row(scenario_id)
    scenario = to_scenario(_saved_draft(row), context.engine().catalogue)
    return toml_export(scenario, row)


@blueprint.get("/<int:scenario_id>/communes.csv")
@allow(*READERS)
def export_csv(scenario_id: int) -> ResponseReturnValue:
    """The communes whose status the scenario changes (CSV for French spreadsheets)."""
    row = _row(scenario_id)
    scenario, comparison = result_of(context.engine(), _saved_draft(row))
    return status_csv(comparison, f"communes-{scenario.id}.csv", row)


def _side(key: str, day: dt.date | None) -> tuple[Evaluation, str]:
    """``key``: a saved scenario's id, or « aujourdhui » (the situation on ``day``).

    Returns its evaluation and the URL of its map.
    """
    engine = context.engine()
    if key == TODAY_KEY or not key:
        day = day or today()
        return _baseline(engine, day), url_for("maps.ars", date=day.isoformat())
    if not key.isdigit() or int(key) > 2**31:
        abort(400, "Scénario à comparer invalide : choisissez-le dans la liste.")
    row = _row(int(key))
    draft = _saved_draft(row)
    evaluation = evaluate(engine, draft.day, to_scenario(draft, engine.catalogue))
    return evaluation, url_for("scenarios.map_view", date=draft.day.isoformat(),
                               changes=row.changes, title=row.name)


@blueprint.get("/comparer")
@allow(*READERS)
def compare_page() -> ResponseReturnValue:
    """Two scenarios side by side (or a scenario against today), and what differs."""
    b_key, a_key = request.args.get("b", "").strip(), request.args.get("a", "").strip()
    after, after_map = _side(b_key, None)
    before, before_map = _side(a_key, after.day)
    engine = context.engine()
    comparison = compare(before, after, engine)
    sides = [(evaluation, url, compare(_baseline(engine, evaluation.day), evaluation, engine))
             for evaluation, url in ((before, before_map), (after, after_map))]
    return render_template("ars/scenario_compare.html", comparison=comparison, sides=sides,
                           rows=saved_scenarios(db_session()), today_key=TODAY_KEY,
                           a_key=a_key or TODAY_KEY, b_key=b_key,
                           pathways=pathways_changing(db_session(), comparison),
                           status_labels=STATUS_LABELS, shown_communes=SHOWN_COMMUNES)


@lru_cache(maxsize=8)
def _map_html(engine: CoverageEngine, day: dt.date, changes: str, title: str,
              static: str) -> str:
    scenario = to_scenario(Draft(title, "", day, edits_of(changes)), engine.catalogue)
    scoped = engine.with_scenario(scenario)
    return render_ars_map(ars_map(scoped, day, scenario.id), engine.catalogue.reference,
                          context.map_options(),
                          linked(lambda path: url_for("static", filename=path)))


@blueprint.get("/carte")
@allow(*READERS)
def map_view() -> ResponseReturnValue:
    """The ARS map of a draft (``date``, ``changes`` as the editor's hidden field carries)."""
    engine = context.engine()
    try:
        day = dt.date.fromisoformat(request.args.get("date", ""))
        title = request.args.get("title", "").strip()[:MAX_TEXT] or UNTITLED
        html = _map_html(engine, day, request.args.get("changes", "[]"), title,
                         url_for("static", filename=""))
    except (ValueError, EditError) as error:
        return Response(sentence(f"carte impossible : {error}"), status=400,
                        mimetype="text/plain")
    return map_document(html, context.map_options())
