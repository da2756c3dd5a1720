"""What the scenario editor's pages show, and its exports (TOML for review, CSV of communes)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Response, url_for
from flask_login import current_user

from hadcoord.coverage.comparison import STATUS_LABELS, Comparison
from hadcoord.coverage.desk import (
    EDIT_LABELS,
    Edit,
    EditError,
    EditKind,
    describe,
    epci_names,
    scenario_toml,
)
from hadcoord.coverage.model import Basis, Scenario
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.serialize import InvalidDateError, parse_day
from hadcoord.services.scenarios import record_export
from hadcoord.store import SavedScenario
from hadcoord.web.db import db_session
from hadcoord.web.scenario_forms import EditorInput

BASIS_CHOICES = (
    (Basis.ASSOCIATED.value, "association (établissement associé d'un centre autorisé)"),
    (Basis.ATTACHED.value, "rattachement à un centre autorisé"))
SHOWN_COMMUNES = 200
CSV_HEADER = ("code_insee", "commune", "departement", "population", "statut_avant",
              "statut_apres")


def _edits_shown(found: EditorInput) -> tuple[Edit, ...]:
    if found.draft is not None:
        return found.draft.edits
    try:
        data = json.loads(found.form.get("changes") or "[]")
        return tuple(Edit.from_json(item) for item in data)
    except (ValueError, TypeError, AttributeError, EditError):
        return ()


def editor_context(engine: CoverageEngine, found: EditorInput, row: SavedScenario | None,
                   result: tuple[Scenario, Comparison, int] | None,
                   *, can_edit: bool) -> dict[str, Any]:
    """The editor template's values: the form, the changes, the choices and the result."""
    catalogue = engine.catalogue
    try:
        day = parse_day(found.form.get("date") or None)
    except InvalidDateError:
        day = None
    edits = _edits_shown(found)
    form = {**found.form}
    if found.draft is not None:
        form["changes"] = json.dumps([e.to_json() for e in edits], ensure_ascii=False,
                                     separators=(",", ":"))
    establishments = sorted(
        ((e.id, e.name, day is not None and e.chemo_authorised(day))
         for e in catalogue.establishments), key=lambda item: item[1])
    map_url = (url_for("scenarios.map_view", date=found.draft.day.isoformat(),
                       changes=form["changes"], title=found.draft.title or None)
               if found.draft is not None else None)
    return {"form": form, "errors": found.errors, "row": row, "can_edit": can_edit,
            "edits": [(i, describe(e, catalogue)) for i, e in enumerate(edits)],
            "establishments": establishments, "epcis": epci_names(catalogue),
            "bases": BASIS_CHOICES, "kinds": EDIT_LABELS, "EditKind": EditKind,
            "result": result, "map_url": map_url, "status_labels": STATUS_LABELS,
            "shown_communes": SHOWN_COMMUNES}


def toml_export(scenario: Scenario, row: SavedScenario) -> Response:
    """The scenario's TOML file as a download (audited)."""
    record_export(db_session(), row, current_user.record, "TOML")
    text = scenario_toml(scenario, row.author, row.created_at.date())
    return Response(text, mimetype="application/toml", headers={
        "Content-Disposition": f'attachment; filename="{scenario.id}.toml"'})


def status_csv(comparison: Comparison, name: str, row: SavedScenario | None) -> Response:
    """The communes that change status, ``;``-separated, UTF-8 with BOM (audited)."""
    record_export(db_session(), row, current_user.record, "CSV des communes")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for change in comparison.changed:
        writer.writerow((change.code, change.name, change.department, change.population,
                         STATUS_LABELS[change.before], STATUS_LABELS[change.after]))
    return Response(("\ufeff" + buffer.getvalue()).encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
