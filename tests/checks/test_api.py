"""POST /api/patients/<id>/checks: schema validation, triage end to end, alerts, idempotence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hadcoord.store import Alert, AuditEvent, DailyCheckRecord, Notification
from tests.support.checks import MakeDocument
from tests.support.web import ROLES, Sessions

Client = Callable[[str], FlaskClient]


def count(sessions: Sessions, model: Any) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def post(client: FlaskClient, patient_id: int, document: object,
         key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/patients/{patient_id}/checks", json=document, headers=headers)


def test_green_check_is_graded_and_stored(sessions: Sessions, client_as: Client,
                                          patients: dict[str, int],
                                          check_doc: MakeDocument) -> None:
    response = post(client_as("had_nurse"), patients["mine"], check_doc())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["triage"], body["crs_grade"], body["icans_grade"], body["fever_grade"]) == (
        "green", 0, 0, 0)
    assert body["expected_volume_left_ml"] == check_doc.expected
    assert body["recorded_by"] == "had_nurse@example.fr"
    assert (count(sessions, DailyCheckRecord), count(sessions, Alert)) == (1, 0)
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.target).where(
            AuditEvent.patient_id == patients["mine"], AuditEvent.action == "create")).all()
    assert "relevé quotidien" in actions


@pytest.mark.parametrize(("changes", "code"), [
    ({"temperature_c": 38.4}, "fever"),
    ({"seizure": "brief"}, "seizure"),
    ({"pump": {"running": False}}, "pump_stopped"),
    ({"delta_ml": -40.0}, "over_infusion"),
])
def test_red_check_raises_its_alert_at_once(*, app: Flask, sessions: Sessions, client_as: Client,
                                            patients: dict[str, int], check_doc: MakeDocument,
                                            changes: dict[str, Any], code: str) -> None:
    response = post(client_as("had_nurse"), patients["mine"], check_doc(**changes))
    assert response.status_code == 201
    assert response.get_json()["triage"] == "red"
    assert code in response.get_json()["reason_codes"]
    with sessions() as session:
        alert = session.scalars(select(Alert)).one()
        recipients = {n.destination for n in session.scalars(select(Notification))}
    assert (alert.level, alert.kind, alert.acknowledged_at) == ("red", "check", None)
    # e-mail is disabled in the shipped config: the coordinator and the HAD are told in-app.
    assert recipients == {"coordinator@example.fr", "had_nurse@example.fr"}


def test_orange_check_tells_the_coordinator_in_app(sessions: Sessions, client_as: Client,
                                                   patients: dict[str, int],
                                                   check_doc: MakeDocument) -> None:
    response = post(client_as("had_nurse"), patients["mine"], check_doc(delta_ml=40.0))
    assert response.get_json()["triage"] == "orange"
    assert response.get_json()["reason_codes"] == ["under_infusion"]
    with sessions() as session:
        (note,) = session.scalars(select(Notification)).all()
        assert (note.destination, note.channel) == ("coordinator@example.fr", "in_app")


@pytest.mark.parametrize(("changes", "field"), [
    ({"temperature_c": "38,5"}, "temperature_c"),
    ({"spo2": 120}, "spo2"),
    ({"oxygen": "lots"}, "oxygen"),
    ({"heart_rate": None}, "heart_rate"),
    ({"pump": {"expected_volume_left_ml": 100}}, "pump.expected_volume_left_ml"),
    ({"recorded_by": "quelqu'un"}, "recorded_by"),
    ({"diastolic_bp": 130}, "diastolic_bp"),
    ({"recorded_at": "hier"}, "recorded_at"),
    ({"recorded_at": "2020-01-01T10:00:00+01:00"}, "recorded_at"),
    ({"line": {"pus": True}}, "line.pus"),
])
def test_bad_input_is_a_400_naming_the_field(*, sessions: Sessions, client_as: Client,
                                             patients: dict[str, int], check_doc: MakeDocument,
                                             changes: dict[str, Any], field: str) -> None:
    response = post(client_as("had_nurse"), patients["mine"], check_doc(**changes))
    assert response.status_code == 400
    assert response.get_json()["field"] == field
    assert field.rsplit(".", maxsplit=1)[-1] in response.get_json()["error"]
    assert count(sessions, DailyCheckRecord) == 0
    with sessions() as session:
        assert session.scalars(select(AuditEvent.action)).all() == ["login", "read"]


def test_not_json_is_refused(client_as: Client, patients: dict[str, int]) -> None:
    response = client_as("had_nurse").post(f"/api/patients/{patients['mine']}/checks",
                                           data="temperature=38", content_type="text/plain")
    assert response.status_code == 400
    assert "JSON" in response.get_json()["error"]
    assert post(client_as("had_nurse"), patients["mine"], [1, 2]).status_code == 400


def test_altered_writing_test_asks_for_the_ice_items(sessions: Sessions, client_as: Client,
                                                     patients: dict[str, int],
                                                     check_doc: MakeDocument) -> None:
    # Issue 12: the check is no longer refused (nothing saved, no alert) but recorded red,
    # alerting at once, and the answer asks for the ICE items.
    nurse = client_as("had_nurse")
    response = post(nurse, patients["mine"], check_doc(writing_test="altered", ice_score=10))
    assert response.status_code == 201
    body = response.get_json()
    assert (body["triage"], body["ask_ice_items"]) == ("red", True)
    assert body["reason_codes"] == ["writing_test"]
    assert "faire le score ICE item par item" in body["reasons"][0]
    assert (count(sessions, DailyCheckRecord), count(sessions, Alert)) == (1, 1)
    items = {"orientation": 4, "naming": 3, "commands": 1, "writing": 0, "attention": 1}
    response = post(nurse, patients["mine"], check_doc(writing_test="altered", ice_items=items))
    assert response.status_code == 201
    body = response.get_json()
    assert (body["icans_grade"], body["triage"], body["ask_ice_items"]) == (1, "red", False)
    # The follow-up attaches to the open alert of the episode: still one alert.
    assert (count(sessions, DailyCheckRecord), count(sessions, Alert)) == (2, 1)
    assert body["alert_id"] is not None


def test_same_idempotency_key_records_once(sessions: Sessions, client_as: Client,
                                           patients: dict[str, int],
                                           check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    first = post(nurse, patients["mine"], check_doc(temperature_c=38.5), key="visite-42")
    again = post(nurse, patients["mine"], check_doc(temperature_c=38.5), key="visite-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    assert (count(sessions, DailyCheckRecord), count(sessions, Alert)) == (1, 1)


def test_nurse_of_another_had_is_refused(sessions: Sessions, client_as: Client,
                                         patients: dict[str, int],
                                         check_doc: MakeDocument) -> None:
    # Another HAD's patient answers as a missing one (issue 11: ids cannot be probed).
    assert post(client_as("had_nurse"), patients["other"], check_doc()).status_code == 404
    assert count(sessions, DailyCheckRecord) == 0


@pytest.mark.parametrize("role", ROLES)
def test_only_the_had_nurse_may_post(app: Flask, client_as: Client, patients: dict[str, int],
                                     check_doc: MakeDocument, role: str) -> None:
    status = post(client_as(role), patients["mine"], check_doc()).status_code
    assert status == (201 if role == "had_nurse" else 403)


def test_anonymous_post_is_401(app: Flask, patients: dict[str, int],
                               check_doc: MakeDocument) -> None:
    assert post(app.test_client(), patients["mine"], check_doc()).status_code == 401


def test_list_is_audited(sessions: Sessions, client_as: Client, patients: dict[str, int],
                         check_doc: MakeDocument) -> None:
    post(client_as("had_nurse"), patients["mine"], check_doc())
    listing = client_as("coordinator").get(f"/api/patients/{patients['mine']}/checks")
    assert [c["triage"] for c in listing.get_json()] == ["green"]
    with sessions() as session:
        targets = session.scalars(select(AuditEvent.target).where(
            AuditEvent.actor == "coordinator@example.fr", AuditEvent.action == "read")).all()
    assert "relevés quotidiens (API)" in targets


def test_the_time_of_a_check_reads_back_in_paris_time(
    sessions: Sessions, client_as: Client, patients: dict[str, int], check_doc: MakeDocument
) -> None:
    # SQLite keeps no offset: the time must be stored in UTC, not as the Paris wall clock.
    document = check_doc()
    at = check_doc.at
    assert post(client_as("had_nurse"), patients["mine"], document).status_code == 201
    with sessions() as session:
        stored = session.scalars(select(DailyCheckRecord.recorded_at)).one()
    assert stored == at
    assert stored.tzinfo is not None
    page = client_as("had_nurse").get(f"/patients/{patients['mine']}/surveillance")
    assert at.strftime("%d/%m/%Y %H:%M") in page.get_data(as_text=True)
