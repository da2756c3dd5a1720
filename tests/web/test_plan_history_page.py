"""Issue 19: the pathway page's history says when the calendar was recomputed and why (an
interruption recorded, the protocol changed); reading the page again adds nothing."""

from __future__ import annotations

import dataclasses

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.store import PathwayEvent
from hadcoord.web import context
from tests.support.web import ClientAs, Sessions, page_text
from tests.web.test_interruption_form import interrupt, planned

LINE = "calendrier recalculé : interruption enregistrée"


def timeline(client: FlaskClient, patient_id: int) -> str:
    text = page_text(client.get(f"/patients/{patient_id}/parcours"))
    return text[text.index("Historique"):] if "Historique" in text else text


def test_an_interruption_is_said_in_the_history_once(sessions: Sessions,
                                                     client_as: ClientAs) -> None:
    client, patient_id = planned(sessions, client_as)
    assert "calendrier recalculé" not in timeline(client, patient_id)  # first plan: no line
    assert interrupt(client, patient_id, confirm="1").status_code == 302
    text = timeline(client, patient_id)
    assert text.count(LINE) == 1
    assert "hadcoord (recalcul automatique)" in text
    assert timeline(client, patient_id).count(LINE) == 1  # read again: nothing recomputed
    with sessions() as session:
        names = session.scalars(select(PathwayEvent.option_name).order_by(PathwayEvent.id)).all()
    assert names[-1] == names[-2] != ""  # the line names the option engaged, as the one before


def test_a_protocol_change_is_said_in_the_history(sessions: Sessions, client_as: ClientAs,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    client, patient_id = planned(sessions, client_as)
    assert "protocole modifié" not in timeline(client, patient_id)
    with client.application.app_context():
        current = context.protocol()
    changed = dataclasses.replace(current, visit_minutes=current.visit_minutes + 5)
    monkeypatch.setattr("hadcoord.web.pathways.protocol", lambda: changed)
    assert timeline(client, patient_id).count("calendrier recalculé : protocole modifié") == 1
