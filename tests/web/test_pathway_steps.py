"""Issue 14: a pathway that follows real life — requests, answers, a refused derogation that
moves to the convention, a switch of option, home, cycles, end; timeline, audit and JSON."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hadcoord import clock
from hadcoord.store import AuditEvent, PathwayEvent, Task
from tests.support.web import ClientAs, Sessions, csrf_token, page_text
from tests.web.test_pathways import add_patient, choose


def step(client: FlaskClient, patient_id: int, path: str, prefix: str,
         **fields: str) -> TestResponse:
    page = client.get(f"/patients/{patient_id}/parcours").get_data(as_text=True)
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    data[f"{prefix}-csrf_token"] = csrf_token(page)
    return client.post(f"/patients/{patient_id}/parcours/{path}", data=data)


def tasks(sessions: Sessions) -> list[tuple[str, str]]:
    with sessions() as session:
        return [(t.kind, t.status.value) for t in session.scalars(select(Task).order_by(Task.id))]


def test_refused_derogation_moves_to_the_convention_with_its_tasks(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "12202")  # Rodez: derogation to Albi, else convention
    client = client_as("coordinator")
    assert choose(client, patient_id).status_code == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "options proposées : demande à envoyer" in page
    assert "Enregistrer l'envoi de la demande" in page
    assert step(client, patient_id, "demande", "request", kind="derogation").status_code == 302
    today = clock.today().isoformat()
    response = step(client, patient_id, "reponse", "answer", answer="refused", day=today,
                    reference="ARS-OC-2026-117", note="distance jugée trop grande")
    assert response.status_code == 302
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "Option choisie" in page
    assert "Convention" in page
    assert "réponse enregistrée : dérogation à l'ARS refusée le" in page
    assert "(réf. ARS-OC-2026-117)" in page
    assert "option suivante proposée" in page
    kinds = tasks(sessions)
    # The derogation's open tasks are kept « sans objet », the request sent is done.
    assert ("derogation_request", "done") in kinds
    assert ("had_request", "not_applicable") in kinds
    assert ("convention_draft", "todo") in kinds
    assert "sans objet" in page
    data = client.get(f"/api/patients/{patient_id}/pathway").get_json()
    assert data["state"] == "options_proposed"
    assert data["option"]["kind"] == "convention"
    assert data["next_request"] == "convention"
    assert [e["step"] for e in data["timeline"]] == [
        "option_chosen", "request_sent", "answer_recorded", "option_proposed_after_refusal"]
    assert data["timeline"][2]["answer"] == "refused"
    assert data["timeline"][2]["reference"] == "ARS-OC-2026-117"
    with sessions() as session:
        details = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "parcours")).all()
    assert any("réponse refusée" in d for d in details)
    assert any("Convention" in d for d in details)


def test_full_pathway_to_the_end(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "82121")  # Montauban: authorised HAD
    client = client_as("coordinator")
    choose(client, patient_id)
    today = clock.today().isoformat()
    assert step(client, patient_id, "demande", "request", kind="had_admission").status_code == 302
    assert step(client, patient_id, "reponse", "answer", answer="accepted",
                day=today).status_code == 302
    assert step(client, patient_id, "confirmation", "confirm").status_code == 302
    assert step(client, patient_id, "domicile", "home").status_code == 302
    assert step(client, patient_id, "cycle", "cycle", cycle="2").status_code == 302
    # Once at home the option can no longer be switched.
    assert "Changer d'option" not in page_text(client.get(f"/patients/{patient_id}/parcours"))
    missing = step(client, patient_id, "fin", "end", reason="end_of_treatment", note="")
    assert missing.status_code == 422
    assert "Précisez le motif de fin du parcours." in page_text(missing)
    assert step(client, patient_id, "fin", "end", reason="end_of_treatment",
                note="RC après 2 cycles").status_code == 302
    data = client.get(f"/api/patients/{patient_id}/pathway").get_json()
    assert data["state"] == "ended"
    assert data["current_cycle"] == 2
    assert data["timeline"][-1]["end_reason"] == "end_of_treatment"
    assert all(status != "todo" for _, status in tasks(sessions))


def test_a_step_out_of_order_is_refused_and_writes_nothing(
    sessions: Sessions, client_as: ClientAs
) -> None:
    patient_id = add_patient(sessions, "12202")
    client = client_as("coordinator")
    choose(client, patient_id)
    wrong = step(client, patient_id, "demande", "request", kind="had_admission")
    assert wrong.status_code == 409
    assert "la demande attendue pour cette option est : dérogation à l'ARS" in page_text(wrong)
    early = step(client, patient_id, "domicile", "home")
    assert early.status_code == 409
    future = (clock.today() + dt.timedelta(days=3)).isoformat()
    step(client, patient_id, "demande", "request", kind="derogation")
    late = step(client, patient_id, "reponse", "answer", answer="accepted", day=future)
    assert late.status_code == 409
    assert "dans le futur" in page_text(late)
    with sessions() as session:
        assert [e.step.value for e in session.scalars(select(PathwayEvent))] == [
            "option_chosen", "request_sent"]


def test_switching_option_closes_the_abandoned_tasks(sessions: Sessions,
                                                     client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "12202")
    client = client_as("coordinator")
    choose(client, patient_id)
    response = step(client, patient_id, "option", "switch", option="1",
                    note="la famille préfère")
    assert response.status_code == 302
    kinds = tasks(sessions)
    assert kinds.count(("derogation_request", "not_applicable")) == 1
    assert ("convention_draft", "todo") in kinds
    assert len(kinds) > 6  # nothing deleted


def test_derogation_admission_waits_for_the_ars(sessions: Sessions,
                                                client_as: ClientAs) -> None:
    """« Demande d'admission … (après accord de l'ARS) » is not due the day of the ARS request."""
    patient_id = add_patient(sessions, "12202")
    client = client_as("coordinator")
    choose(client, patient_id)
    with sessions() as session:
        ars = session.scalar(select(Task).where(Task.kind == "derogation_request"))
        admission = session.scalar(select(Task).where(Task.kind == "had_request"))
        assert ars is not None
        assert admission is not None
        assert admission.waits_for is not None
    page = page_text(client.get(f"/patients/{patient_id}/parcours"))
    assert "après la réponse : dérogation à l'ARS" in page
    step(client, patient_id, "demande", "request", kind="derogation")
    answered = clock.today() - dt.timedelta(days=1)
    step(client, patient_id, "reponse", "answer", answer="accepted", day=answered.isoformat())
    with sessions() as session:
        admission = session.scalar(select(Task).where(Task.kind == "had_request"))
        assert admission is not None
        assert admission.waits_for is None
        assert admission.due_date == max(clock.today(), answered + dt.timedelta(days=1))
    # Then the HAD admission is the request expected.
    data = client.get(f"/api/patients/{patient_id}/pathway").get_json()
    assert data["next_request"] == "had_admission"


def test_pathway_api_is_the_coordinators(sessions: Sessions, client_as: ClientAs) -> None:
    patient_id = add_patient(sessions, "82121")
    choose(client_as("coordinator"), patient_id)
    for role in ("pharmacist", "ars", "admin"):
        assert client_as(role).get(f"/api/patients/{patient_id}/pathway").status_code in (
            403, 404)
