"""The coordinator's surveillance page, acknowledging alerts, a patient's checks, the inbox."""

from __future__ import annotations

import html
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.store import Alert, AuditEvent
from tests.support.checks import MakeDocument
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
    response = coordinator.post(url, data={"csrf_token": csrf_token(text)},
                                follow_redirects=True)
    assert "Alerte acquittée (P-MINE01)." in html.unescape(response.get_data(as_text=True))
    assert "Alertes ouvertes (0)" in page(coordinator, "/surveillance/")
    again = coordinator.post(url, data={"csrf_token": csrf_token(text)}, follow_redirects=True)
    assert "déjà acquittée" in html.unescape(again.get_data(as_text=True))
    with sessions() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.acknowledged_by is not None
        assert alert.acknowledged_by.email == "coordinator@example.fr"
        changes = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "alerte")).all()
    assert changes == [f"alerte n° {alert_id} (red) acquittée"]


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
