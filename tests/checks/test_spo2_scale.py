"""Issue 12: a page to set a patient's NEWS2 SpO₂ scale (2 only for a prescribed 88–92 %
target, RCP 2017), by the coordinator, with its prescription, audited; the checks that follow
are scored on it. Before this page the scale could only be set in the database."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select

from hadcoord.store import AuditEvent, DailyCheckRecord, Patient
from tests.checks.test_form import form_data, open_form
from tests.support.checks import MakeDocument
from tests.support.web import Sessions, csrf_token

Client = Callable[[str], FlaskClient]


def _page(client: FlaskClient, patient_id: int) -> str:
    response = client.get(f"/patients/{patient_id}/surveillance")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _post(client: FlaskClient, patient_id: int, **data: str) -> tuple[int, str]:
    token = csrf_token(_page(client, patient_id))
    response = client.post(f"/patients/{patient_id}/surveillance/echelle-spo2",
                           data={"csrf_token": token, **data})
    return response.status_code, html.unescape(response.get_data(as_text=True))


def _scale(sessions: Sessions, patient_id: int) -> int:
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        return patient.spo2_scale


def _field_error(page: str, element_id: str) -> str:
    return page.split(f'id="{element_id}"', 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_the_coordinator_sets_scale_two_and_the_next_check_is_scored_on_it(
        sessions: Sessions, client_as: Client, patients: dict[str, int],
        check_doc: MakeDocument) -> None:
    nurse = client_as("had_nurse")
    page = open_form(nurse, patients["mine"])
    nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau",
               data=form_data(page, check_doc(), spo2="90"))
    coordinator = client_as("coordinator")
    status, _ = _post(coordinator, patients["mine"], scale="2",
                      prescription="Dr Martin, hématologue, 30/11/2026")
    assert status == 302
    assert _scale(sessions, patients["mine"]) == 2
    shown = re.sub(r"<[^>]+>", "", _page(coordinator, patients["mine"]))
    assert "Ce patient est évalué sur l'échelle 2 — cible prescrite de 88 à 92 %" in shown
    page = open_form(nurse, patients["mine"])
    nurse.post(f"/patients/{patients['mine']}/surveillance/nouveau",
               data=form_data(page, check_doc(), spo2="90"))
    with sessions() as session:
        before, after = session.scalars(select(DailyCheckRecord.news2_score)
                                        .order_by(DailyCheckRecord.id)).all()
        detail = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.target == "échelle SpO2 NEWS2")).one()
    assert (before, after) == (3, 0)  # SpO₂ 90 % on air: 3 points on scale 1, 0 on scale 2
    assert detail == ("échelle SpO2 : « 1 » → « 2 » ; prescription : Dr Martin, "
                      "hématologue, 30/11/2026")


def test_no_scale_change_without_its_prescription(sessions: Sessions, client_as: Client,
                                                  patients: dict[str, int]) -> None:
    coordinator = client_as("coordinator")
    status, page = _post(coordinator, patients["mine"], scale="2", prescription="  ")
    assert status == 422
    assert "Indiquez la prescription" in _field_error(page, "prescription-error")
    status, page = _post(coordinator, patients["mine"], scale="3", prescription="Dr Martin")
    assert status == 422
    assert _field_error(page, "scale-error")
    assert _scale(sessions, patients["mine"]) == 1


def test_only_the_coordinator_changes_the_scale(sessions: Sessions, client_as: Client,
                                                patients: dict[str, int]) -> None:
    nurse = client_as("had_nurse")
    assert "Enregistrer l'échelle" not in _page(nurse, patients["mine"])
    status, _ = _post(nurse, patients["mine"], scale="2", prescription="Dr Martin")
    assert status == 403
    assert _scale(sessions, patients["mine"]) == 1
