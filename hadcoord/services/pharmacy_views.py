"""The pharmacy's « modifié » flag (issue 14): bags that changed since a pharmacist saw them.

When a pharmacist opens the list, the pathways it shows for the first time are recorded as
seen (every bag of their plan, not only those of the period: bags entering a later period
are not changes). After a re-plan, a bag whose signature (start, hours, overfill, dose,
volume, where hung) is not among those seen is « modifié » on the list and in the CSV, until
a pharmacist marks the changes as seen (audited).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.planning import Bag, Plan
from hadcoord.planning.preparation import PreparationLine
from hadcoord.services import audit
from hadcoord.store import Pathway, PharmacyView, Role, User

# A line of the list as the flag names it: (patient reference, bag start).
LineKey = tuple[str, str]


def bag_signature(bag: Bag | PreparationLine) -> str:
    """What the pharmacy prepares and when, of a plan's bag or a list's line.

    A change of any of these is a change.
    """
    return (f"{bag.start.isoformat()}|{bag.hours}|{bag.overfill_hours}|"
            f"{bag.dose_ug_per_day:g}|{bag.ml:g}|{bag.hung_at}")


def _views(session: Session, pathways: Iterable[Pathway]) -> dict[int, set[str]]:
    ids = [pathway.id for pathway in pathways]
    rows = session.scalars(select(PharmacyView).where(PharmacyView.pathway_id.in_(ids)))
    return {row.pathway_id: set(json.loads(row.bags)) for row in rows}


def modified_lines(session: Session, pairs: Sequence[tuple[Pathway, Plan]],
                   lines: Iterable[PreparationLine]) -> frozenset[LineKey]:
    """The lines whose bag changed since the pharmacy saw its pathway (never seen: none)."""
    seen = _views(session, (pathway for pathway, _plan in pairs))
    by_reference = {pathway.patient.reference: seen.get(pathway.id) for pathway, _plan in pairs}
    return frozenset(
        (line.patient, line.start.isoformat()) for line in lines
        if (known := by_reference.get(line.patient)) is not None
        and bag_signature(line) not in known)


def _store(session: Session, pathway: Pathway, plan: Plan, user: User) -> None:
    view = session.get(PharmacyView, pathway.id) or PharmacyView(pathway_id=pathway.id)
    view.bags = json.dumps(sorted(bag_signature(bag) for bag in plan.bags))
    view.seen_at, view.seen_by = clock.utc_now(), user.email
    session.add(view)


def record_first_sight(session: Session, pairs: Sequence[tuple[Pathway, Plan]],
                       user: User) -> None:
    """A pharmacist saw the list: the pathways never seen before are recorded as seen."""
    if user.role != Role.PHARMACIST:
        return  # the coordinator's look is not the pharmacy's
    seen = _views(session, (pathway for pathway, _plan in pairs))
    for pathway, plan in pairs:
        if pathway.id not in seen:
            _store(session, pathway, plan, user)


def acknowledge(session: Session, pairs: Sequence[tuple[Pathway, Plan]], user: User,
                modified: int) -> None:
    """A pharmacist marks the list's changes as seen: the flags go (audited)."""
    for pathway, plan in pairs:
        _store(session, pathway, plan, user)
    audit.record(session, user, "update", target="liste de préparation",
                 detail=f"{modified} poche(s) modifiée(s) marquée(s) comme vue(s)")
