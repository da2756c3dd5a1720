"""A pathway's state and timeline as the page and the JSON API show them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hadcoord.coverage.model import Establishment
from hadcoord.services.pathway_steps import next_request, pending_request
from hadcoord.store import Pathway, PathwayEvent
from hadcoord.wording import labels


def event_text(event: PathwayEvent) -> str:
    """« réponse enregistrée : dérogation à l'ARS refusée le 02/12/2026 (réf. ARS-12) »."""
    parts = [labels.PATHWAY_STEP[event.step]]
    if event.cycle is not None:
        parts[0] += f" {event.cycle}"
    if event.request_kind is not None:
        parts.append(labels.REQUEST_KIND[event.request_kind])
    if event.answer is not None:
        answered = labels.ANSWER[event.answer]
        if event.answer_date is not None:
            answered += f" le {event.answer_date.strftime('%d/%m/%Y')}"
        parts.append(answered)
    if event.end_reason is not None:
        parts.append(labels.END_REASON[event.end_reason])
    text = parts[0] + (" : " + " ".join(parts[1:]) if len(parts) > 1 else "")
    if event.reference:
        text += f" (réf. {event.reference})"
    return text


def _event_json(event: PathwayEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(), "actor": event.actor, "step": event.step.value,
        "state": event.state.value, "label": event_text(event),
        "option": {"kind": event.option_kind.value, "name": event.option_name},
        "request": event.request_kind.value if event.request_kind else None,
        "answer": event.answer.value if event.answer else None,
        "answer_date": event.answer_date.isoformat() if event.answer_date else None,
        "reference": event.reference or None,
        "end_reason": event.end_reason.value if event.end_reason else None,
        "cycle": event.cycle, "note": event.note or None,
    }


def pathway_json(pathway: Pathway,
                 establishments: Mapping[str, Establishment]) -> dict[str, Any]:
    """State, option engaged, next request, tasks and timeline (oldest first).

    Establishments are named, never by their internal identifier (like every page).
    """
    had = establishments.get(pathway.had_establishment_id or "")
    pending, wanted = pending_request(pathway), next_request(pathway)
    return {
        "state": pathway.state.value, "state_label": labels.PATHWAY_STATE[pathway.state],
        "current_cycle": pathway.current_cycle,
        "option": {"kind": pathway.option_kind.value,
                   "name": had.name if had else labels.OPTION_KIND[pathway.option_kind]},
        "pending_request": pending.value if pending else None,
        "next_request": wanted.value if wanted else None,
        "tasks": [{"kind": t.kind, "title": t.title, "status": t.status.value,
                   "due_date": t.due_date.isoformat() if t.waits_for is None else None,
                   "waits_for": t.waits_for.value if t.waits_for else None}
                  for t in pathway.tasks],
        "timeline": [_event_json(e) for e in pathway.events],
    }
