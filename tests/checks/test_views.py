"""The coordinator's surveillance page, acknowledging alerts, a patient's checks, the inbox."""

from __future__ import annotations

import copy
import datetime as dt
import html
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.clock import PARIS
from hadcoord.services.checks import expected_volume_left
from hadcoord.store import Alert, AuditEvent
from tests.support.checks import MakeDocument, plan_of
from tests.support.documents import apply_changes
from tests.support.patients import NORMAL
from tests.support.web import Sessions, csrf_token

Client = Callable[[str], FlaskClient]


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def red_check(client_as: Client, patients: dict[str, int], check_doc: MakeDocument) -> None:
    response = client_as("had_nurse").post(f"/api/patients/{patients['mine']}/checks",
                                           json=check_doc(temperature_c=39.2))
    assert response.status_code == 201


def test_overview_lists_the_alert_and_acknowledging_closes_it(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    coordinator = client_as("coordinator")
    text = page(coordinator, "/surveillance/")
    assert "Alertes ouvertes (1)" in text
    assert "Température 39,2 °C" in text
    with sessions() as session:
        alert_id = session.scalars(select(Alert.id)).one()
    url = f"/surveillance/alertes/{alert_id}/acquitter"
    done = {"csrf_token": csrf_token(text), "action": "called_patient",
            "note": "Patiente rappelée, adressée au CH de Cahors."}
    response = coordinator.post(url, data=done, follow_redirects=True)
    assert "Alerte acquittée (P-MINE01) en 0 min." in html.unescape(
        response.get_data(as_text=True))
    after = page(coordinator, "/surveillance/")
    assert "Alertes ouvertes (0)" in after
    assert "Patiente rappelée, adressée au CH de Cahors." in after  # what was done, shown
    again = coordinator.post(url, data=done, follow_redirects=True)
    assert "déjà acquittée" in html.unescape(again.get_data(as_text=True))
    with sessions() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.acknowledged_by is not None
        assert alert.acknowledged_by.email == "coordinator@example.fr"
        changes = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "alerte")).all()
        assert (alert.ack_action, alert.ack_note) == (
            "called_patient", "Patiente rappelée, adressée au CH de Cahors.")
    assert changes == [f"alerte n° {alert_id} (red) acquittée : appel du patient ; délai 0 min"]


def test_acknowledging_without_saying_what_was_done_is_refused(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    coordinator = client_as("coordinator")
    text = page(coordinator, "/surveillance/")
    with sessions() as session:
        alert_id = session.scalars(select(Alert.id)).one()
    url = f"/surveillance/alertes/{alert_id}/acquitter"
    response = coordinator.post(url, data={"csrf_token": csrf_token(text)})
    assert response.status_code == 422
    body = html.unescape(response.get_data(as_text=True))
    assert "Indiquez ce qui a été fait : « appel du patient »" in body
    response = coordinator.post(url, data={"csrf_token": csrf_token(text), "action": "other"})
    assert "Précisez dans la note ce qui a été fait." in html.unescape(
        response.get_data(as_text=True))
    with sessions() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.acknowledged_at is None


def test_unknown_alert_is_404(client_as: Client) -> None:
    coordinator = client_as("coordinator")
    token = csrf_token(page(coordinator, "/surveillance/"))
    assert coordinator.post("/surveillance/alertes/999/acquitter",
                            data={"csrf_token": token}).status_code == 404


def test_patient_checks_page_is_audited(sessions: Sessions, client_as: Client,
                                        patients: dict[str, int],
                                        check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    text = page(client_as("had_nurse"), f"/patients/{patients['mine']}/surveillance")
    assert "ROUGE" in text
    assert "Saisir le relevé du jour" in text
    with sessions() as session:
        reads = session.scalars(select(AuditEvent.actor).where(
            AuditEvent.target == "relevés quotidiens")).all()
    assert reads == ["had_nurse@example.fr"]


def test_rounds_show_todays_patients_of_the_nurses_had(client_as: Client,
                                                       patients: dict[str, int],
                                                       check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    text = page(nurse, "/surveillance/tournee")
    assert "P-MINE01" in text
    assert "P-OTHR02" not in text
    assert "à faire" in text


def test_inbox_shows_the_red_alert_then_marks_it_read(client_as: Client,
                                                      patients: dict[str, int],
                                                      check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    coordinator = client_as("coordinator")
    text = page(coordinator, "/notifications/")
    assert "[hadcoord] Relevé ROUGE — patient P-MINE01" in text
    assert "FICTIF" in text  # in the app, the name is shown
    assert "nouveau" in text
    response = coordinator.post("/notifications/lues", data={"csrf_token": csrf_token(text)},
                                follow_redirects=True)
    assert "1 notification(s) marquée(s)" in html.unescape(response.get_data(as_text=True))
    assert "nouveau" not in page(coordinator, "/notifications/")
    assert "Aucune notification." in page(client_as("pharmacist"), "/notifications/")


def test_rounds_show_the_worst_of_the_day_and_the_latest_by_recorded_time(
        sessions: Sessions, client_as: Client, patients: dict[str, int]) -> None:
    # Issue 12: a back-dated early green entered last hid the red checks of the afternoon.
    now = dt.datetime.now(PARIS)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    span = now - midnight
    plan = plan_of(sessions, patients["mine"])
    nurse = client_as("had_nurse")
    for fraction, changes in ((0.5, {"heart_rate": 150}), (0.8, {"heart_rate": 140}),
                              (0.2, {})):
        at = (midnight + span * fraction).replace(second=0, microsecond=0)
        document = apply_changes(copy.deepcopy(NORMAL), {
            "recorded_at": at.isoformat(),
            "pump": {"volume_left_ml": expected_volume_left(plan, at)}, **changes})
        response = nurse.post(f"/api/patients/{patients['mine']}/checks", json=document)
        assert response.status_code == 201, response.get_json()
    text = page(nurse, "/surveillance/tournee")
    row = text.split('data-patient="P-MINE01"', 1)[1].split("</tr>", 1)[0]
    worst = row.split('class="worst"', 1)[1].split("</td>", 1)[0]
    latest = row.split('class="latest"', 1)[1].split("</td>", 1)[0]
    assert "ROUGE" in worst
    assert "(3 relevés)" in worst
    assert "ROUGE" in latest
    assert (midnight + span * 0.8).strftime("%H:%M") in latest


def test_nurse_comment_is_shown_to_the_coordinator(client_as: Client,
                                                   patients: dict[str, int],
                                                   check_doc: MakeDocument) -> None:
    response = client_as("had_nurse").post(
        f"/api/patients/{patients['mine']}/checks",
        json=check_doc(heart_rate=150, free_text="Dysarthrie et faiblesse du bras droit"))
    assert response.status_code == 201
    coordinator = client_as("coordinator")
    for url in ("/surveillance/", f"/patients/{patients['mine']}/surveillance",
                "/tableau-de-bord"):
        assert "Dysarthrie et faiblesse du bras droit" in page(coordinator, url), url


def test_navigation_counter_for_the_coordinator_only(client_as: Client,
                                                     patients: dict[str, int],
                                                     check_doc: MakeDocument) -> None:
    red_check(client_as, patients, check_doc)
    text = page(client_as("coordinator"), "/patients/")
    counter = text.split('id="alert-counter"', 1)[1].split("</a>", 1)[0]
    assert 'data-level="red">1<' in counter
    assert 'data-level="orange">0<' in counter
    assert 'id="alert-counter"' not in page(client_as("had_nurse"), "/surveillance/tournee")
