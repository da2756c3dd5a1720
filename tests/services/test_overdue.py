"""One "overdue" rule: a task still to do, due before the day. The dashboard and the pathway
page say the same."""

from __future__ import annotations

import datetime as dt
import html

from hadcoord import clock
from hadcoord.planning import default_protocol
from hadcoord.services.dashboard import day_overview
from hadcoord.services.pathways import is_overdue
from hadcoord.store import Pathway, Patient, Task
from tests.support.web import ClientAs, Sessions


def store_tasks(sessions: Sessions, today: dt.date) -> int:
    day = dt.timedelta(days=1)
    with sessions() as session:
        patient = Patient(reference="P-TASKS1", last_name="FICTIF", first_name="Lou",
                          birth_date=dt.date(1965, 3, 3), sex="F", commune_code="82121",
                          indication="rr", weight_kg=68.0, consent_had=True)
        pathway = Pathway(patient=patient, coverage_status="authorised_had", option_kind="had",
                          had_establishment_id="had-ch-montauban")
        pathway.tasks = [
            Task(kind="pump", title="Late to do", owner="x", due_date=today - day),
            Task(kind="training", title="Late but done", owner="x", due_date=today - day,
                 status="done"),
            Task(kind="had_request", title="Due today", owner="x", due_date=today),
        ]
        session.add(pathway)
        session.commit()
        return patient.id


def test_the_rule() -> None:
    task = Task(kind="pump", title="t", owner="x", due_date=dt.date(2026, 3, 2), status="todo")
    assert is_overdue(task, dt.date(2026, 3, 3))
    assert not is_overdue(task, dt.date(2026, 3, 2))  # due today is not late
    task.status = "done"
    assert not is_overdue(task, dt.date(2026, 3, 3))


def test_dashboard_and_pathway_page_agree(sessions: Sessions, client_as: ClientAs) -> None:
    today = clock.today()  # the pages' day
    patient_id = store_tasks(sessions, today)
    with sessions() as session:
        overview = day_overview(session, today, default_protocol())
        assert [task.title for task in overview.overdue] == ["Late to do"]
    client = client_as("coordinator")
    page = html.unescape(client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True))
    assert page.count('<tr class="overdue">') == 1
    assert "Late to do" in page.split('<tr class="overdue">')[1].split("</tr>")[0]
    assert page.count("en retard</span>") == 1
    dashboard = client.get("/tableau-de-bord").get_data(as_text=True)
    assert "Late to do" in dashboard.split("Tâches en retard (1)")[1].split("</section>")[0]
