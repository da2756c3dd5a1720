"""The ARS's saved scenarios: save, list, delete (audited), and what they change for pathways.

The decisions are the coverage core's (``coverage/desk.py``, ``coverage/comparison.py``); this
module stores drafts and counts the pathways in progress whose commune would change status —
a count only: the ARS never sees a patient.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.clock import utc_now
from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.comparison import Comparison
from hadcoord.coverage.desk import Draft, Edit, EditError, check_draft
from hadcoord.services import audit
from hadcoord.store import Pathway, Patient, SavedScenario, User
from hadcoord.vocabulary import PathwayState


def edits_of(text: str) -> tuple[Edit, ...]:
    """The edits stored as JSON (see :func:`changes_json`).

    Raises
    ------
    EditError
        Not a list of edits (field ``changes``).
    """
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        msg = "changements illisibles"
        raise EditError(msg, "changes")
    return tuple(Edit.from_json(item) for item in data)


def draft_of(row: SavedScenario) -> Draft:
    """The stored scenario as the editor's draft.

    Raises
    ------
    EditError
        The stored changes are not readable (field ``changes``).
    """
    return Draft(row.name, row.description, row.base_date, edits_of(row.changes))


def changes_json(edits: Sequence[Edit]) -> str:
    """The edits as stored (and as the editor's hidden field carries them)."""
    return json.dumps([edit.to_json() for edit in edits], ensure_ascii=False,
                      separators=(",", ":"))


def saved_scenarios(session: Session) -> list[SavedScenario]:
    """Every saved scenario, the latest changed first."""
    return list(session.scalars(select(SavedScenario).order_by(
        SavedScenario.updated_at.desc(), SavedScenario.id.desc())))


def save_scenario(session: Session, draft: Draft, catalogue: Catalogue, user: User,
                  row: SavedScenario | None = None) -> SavedScenario:
    """Store ``draft`` (new, or over ``row``), checked first; audited; the caller commits.

    Raises
    ------
    EditError
        The draft is refused: nothing is written.
    """
    check_draft(draft, catalogue)
    if not draft.edits:  # a scenario file holds at least one change (read_scenario)
        msg = "ajoutez au moins un changement avant d'enregistrer"
        raise EditError(msg, "changes")
    action = "update" if row is not None else "create"
    if row is None:
        row = SavedScenario(author_id=user.id, author=user.email)
        session.add(row)
    row.name, row.description = draft.title.strip(), draft.description.strip()
    row.base_date, row.changes = draft.day, changes_json(draft.edits)
    row.updated_at, row.updated_by = utc_now(), user.email
    session.flush()
    audit.record(session, user, action, target=f"scénario {row.id}",
                 detail=f"{row.name} : {len(draft.edits)} changement(s), au "
                        f"{draft.day.strftime('%d/%m/%Y')}")
    return row


def delete_scenario(session: Session, row: SavedScenario, user: User) -> None:
    """Remove a saved scenario (audited, with its name); the caller commits."""
    audit.record(session, user, "delete", target=f"scénario {row.id}", detail=row.name)
    session.delete(row)
    session.flush()


def record_export(session: Session, row: SavedScenario | None, user: User, kind: str) -> None:
    """Audit an export (TOML or CSV) of a scenario."""
    where = f"scénario {row.id}" if row is not None else "scénario non enregistré"
    audit.record(session, user, "export", target=where, detail=kind)


def pathways_changing(session: Session, comparison: Comparison) -> int:
    """How many pathways in progress have their patient's commune change status (a count)."""
    codes = session.scalars(
        select(Patient.commune_code).join(Pathway, Pathway.patient_id == Patient.id)
        .where(Pathway.state != PathwayState.ENDED))
    return comparison.affected(codes)
