"""Issue 14: the demo's pathways have a timeline (the demo shows the states and their dates),
and the demo's at-home patient makes the activity figures show home days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hadcoord import clock
from hadcoord.config import Settings
from hadcoord.services.demo import seed
from hadcoord.store import Patient
from tests.support.web import ClientAs, Sessions, page_text


def _seeded(sessions: Sessions, settings: Settings) -> dict[str, int]:
    with sessions() as session:
        seed(session, clock.today(), settings)
        session.commit()
        return {p.last_name: p.id for p in session.scalars(select(Patient))}


def test_demo_pathways_have_a_dated_timeline(sessions: Sessions, client_as: ClientAs,
                                             settings: Settings) -> None:
    ids = _seeded(sessions, settings)
    client = client_as("coordinator")
    alice = client.get(f"/api/patients/{ids['FICTIF-HAD']}/pathway").get_json()
    assert alice["state"] == "at_home"
    assert [e["step"] for e in alice["timeline"]] == [
        "option_chosen", "request_sent", "answer_recorded", "had_confirmed", "at_home"]
    days = [dt.date.fromisoformat(e["at"][:10]) for e in alice["timeline"][1:]]
    assert days == sorted(days)
    assert days[0] < clock.today()
    bruno = client.get(f"/api/patients/{ids['FICTIF-DEROGATION']}/pathway").get_json()
    assert bruno["state"] == "answer_accepted"
    assert bruno["next_request"] == "had_admission"
    assert [e["request"] for e in bruno["timeline"][1:]] == ["derogation", "derogation"]
    page = page_text(client.get(f"/patients/{ids['FICTIF-DEROGATION']}/parcours"))
    timeline = page.split('id="historique"')[1].split("</ol>")[0]
    assert "acceptée le" in timeline


def test_the_demo_shows_activity(sessions: Sessions, client_as: ClientAs,
                                 settings: Settings) -> None:
    _seeded(sessions, settings)
    text = client_as("coordinator").get("/activite/activite.csv").get_data().decode("utf-8-sig")
    montauban = [line.split(";") for line in text.splitlines()
                 if line.startswith("HAD du CH de Montauban")]
    assert sum(int(cells[3]) for cells in montauban) > 0  # Alice's home days
    albi = [line.split(";") for line in text.splitlines() if line.startswith("HAD du CH d'Albi")]
    assert sum(int(cells[5]) for cells in albi) == 1  # Bruno's derogation asked for
    assert sum(int(cells[6]) for cells in albi) == 1  # and accepted
