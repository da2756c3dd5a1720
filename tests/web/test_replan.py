"""Issue 14: the calendar can be re-planned after saving, with the difference shown first;
a start date in the past or more than a year ahead is refused next to the field."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hadcoord import clock
from hadcoord.store import AuditEvent, Pathway
from tests.support.web import ClientAs, Sessions, page_text
from tests.web.test_pathways import START, add_patient, choose, plan


def saved_start(sessions: Sessions) -> dt.datetime | None:
    with sessions() as session:
        return session.scalar(select(Pathway.cycle1_start))


def test_a_saved_calendar_can_be_re_planned_after_seeing_what_moves(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "82121")
    client = client_as("coordinator")
    choose(client, patient_id)
    assert plan(client, patient_id).status_code == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert 'id="form-calendrier"' in page  # the form stays after saving
    assert f'value="{START.isoformat()}"' in page  # with the saved values
    later = START + dt.timedelta(days=3)
    preview = plan(client, patient_id, start_date=later.isoformat())
    assert preview.status_code == 200
    text = page_text(preview)
    assert "Ce que le nouveau calendrier change" in text
    assert "poche(s) déplacée(s)" in text
    assert "Hospitalisation du cycle 1" in text
    assert "Rien n'est encore enregistré" in text
    assert saved_start(sessions) == dt.datetime.combine(START, dt.time(10))  # not saved yet
    confirmed = plan(client, patient_id, start_date=later.isoformat(), confirm="1")
    assert confirmed.status_code == 302
    assert saved_start(sessions) == dt.datetime.combine(later, dt.time(10))
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "calendrier")).all()
    assert any("déplacé du" in detail for detail in details)


@pytest.mark.parametrize(
    ("start", "message"),
    [("2100-01-04", "Date à plus d'un an : vérifiez l'année"),
     ((clock.today() - dt.timedelta(days=1)).isoformat(),
      "La date de début du cycle 1 est dans le passé.")],
)
def test_an_implausible_start_is_refused_next_to_the_field(
    sessions: Sessions, client_as: ClientAs, start: str, message: str
) -> None:
    patient_id = add_patient(sessions, "82121")
    client = client_as("coordinator")
    choose(client, patient_id)
    response = plan(client, patient_id, start_date=start)
    assert response.status_code == 422
    text = page_text(response)
    assert f'<p class="field-error" role="alert">{message}' in text
    assert saved_start(sessions) is None
