"""The scenario editor's form: what was typed, the draft it makes, and a French error per field.

The draft travels in the page (a hidden JSON field of edits); each button posts the whole form:
add one change, remove one, recompute, or save. Nothing is stored but on « Enregistrer ».
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import request

from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.desk import Draft, Edit, EditError, EditKind, check_draft
from hadcoord.coverage.model import Basis
from hadcoord.coverage.serialize import InvalidDateError, parse_day
from hadcoord.errors import AmbiguousCommuneError, UnknownCommuneError
from hadcoord.geo import CommuneReference
from hadcoord.geo.search import resolve_commune

FIELDS = ("title", "description", "date", "changes", "action",
          "authorise_establishment", "authorise_basis", "authorise_partner",
          "withdraw_establishment", "territory_kind", "territory_establishment",
          "territory_epci", "territory_commune", "commune_code", "merge_establishment",
          "merge_into")
MAX_FIELD = 20_000
ADD_ACTIONS = {"add_authorise": "authorise", "add_withdraw": "withdraw",
               "add_territory": "territory", "add_merge": "merge"}
UNTITLED = "Brouillon"


@dataclass
class EditorInput:
    """The posted form: values to show again, errors by field, and the draft if it holds."""

    form: dict[str, str]
    action: str
    errors: dict[str, str] = field(default_factory=dict)
    draft: Draft | None = None


def sentence(text: str) -> str:
    """A French message as a sentence: capital first, final full stop."""
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}" + ("" if text.endswith((".", "?", "!")) else ".")


def _edits(text: str) -> list[Edit]:
    try:
        data = json.loads(text or "[]")
    except ValueError:
        data = None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        msg = "les changements transmis sont illisibles : rechargez la page"
        raise EditError(msg, "changes")
    return [Edit.from_json(item) for item in data]


def _commune(form: dict[str, str], reference: CommuneReference, min_score: float) -> str | None:
    chosen = form["commune_code"]
    if chosen in reference.by_code:
        return chosen
    typed = form["territory_commune"]
    if not typed:
        return None
    try:
        resolution = resolve_commune(reference, typed, min_score=min_score)
    except AmbiguousCommuneError as error:
        names = ", ".join(f"{reference.by_code[c].name} ({c})" for c in error.codes[:6]
                          if c in reference.by_code)
        msg = f"plusieurs communes répondent à « {typed} » : choisissez-en une ({names})"
        raise EditError(msg, "communes") from None
    except UnknownCommuneError:
        msg = f"commune inconnue en Occitanie « {typed} »"
        raise EditError(msg, "communes") from None
    if not resolution.certain:
        best = resolution.commune
        msg = f"vouliez-vous dire {best.name} ({best.department}, INSEE {best.code}) ?"
        raise EditError(msg, "communes")
    return resolution.commune.code


def _new_edit(group: str, form: dict[str, str], reference: CommuneReference,
              min_score: float) -> Edit:
    establishment = form[f"{group}_establishment"]
    if group == "authorise":
        basis = form["authorise_basis"]
        return Edit(EditKind.AUTHORISE, establishment,
                    Basis(basis) if basis in {b.value for b in Basis} else None,
                    form["authorise_partner"])
    if group == "withdraw":
        return Edit(EditKind.WITHDRAW, establishment)
    if group == "merge":
        return Edit(EditKind.MERGE, establishment, into=form["merge_into"] or None)
    kind = EditKind.SHRINK if form["territory_kind"] == "shrink" else EditKind.EXTEND
    code = _commune(form, reference, min_score)
    return Edit(kind, establishment, epci=form["territory_epci"] or None,
                communes=(code,) if code else ())


def _apply_action(action: str, edits: list[Edit], form: dict[str, str],
                  reference: CommuneReference, min_score: float) -> None:
    if action in ADD_ACTIONS:
        edits.append(_new_edit(ADD_ACTIONS[action], form, reference, min_score))
    elif action.startswith("remove_") and action[7:].isdigit():
        index = int(action[7:])
        if 0 <= index < len(edits):
            del edits[index]


def _error_field(error: EditError, action: str, count: int) -> tuple[str, str]:
    """Where an error is shown: next to the field added, or on the list of changes."""
    if error.index is None:
        return error.field, sentence(str(error))
    if action in ADD_ACTIONS and error.index == count - 1:
        return f"{ADD_ACTIONS[action]}_{error.field}", sentence(str(error))
    return "changes", sentence(f"changement n° {error.index + 1} : {error}")


def read_editor(catalogue: Catalogue, min_score: float) -> EditorInput:
    """The posted editor form, the action asked and the resulting draft (None on an error)."""
    form = {name: request.form.get(name, "").strip()[:MAX_FIELD] for name in FIELDS}
    found = EditorInput(form, form["action"] or "refresh")
    try:
        day = parse_day(form["date"])
    except InvalidDateError as error:
        found.errors["date"] = sentence(str(error))
        return found
    try:
        edits = _edits(form["changes"])
        _apply_action(found.action, edits, form, catalogue.reference, min_score)
    except EditError as error:
        group = ADD_ACTIONS.get(found.action)
        name = error.field if error.field == "changes" or not group else f"{group}_{error.field}"
        found.errors[name] = sentence(str(error))
        return found
    if found.action == "save" and not edits:
        found.errors["changes"] = sentence("ajoutez au moins un changement avant d'enregistrer")
        return found
    title = form["title"] or ("" if found.action == "save" else UNTITLED)
    draft = Draft(title, form["description"], day, tuple(edits))
    try:
        check_draft(draft, catalogue)
    except EditError as error:
        name, message = _error_field(error, found.action, len(edits))
        found.errors[name] = message
        return found
    found.draft = draft
    if found.action in ADD_ACTIONS:  # added: the fields are free for the next change
        for name in FIELDS:
            if name.startswith(ADD_ACTIONS[found.action]) or name == "commune_code":
                form[name] = ""
    return found
