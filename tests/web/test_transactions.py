"""The request owns its transaction: one commit after the view answered, none on a crash."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hadcoord.store import AuditEvent, Patient
from hadcoord.web import patients as patient_views
from tests.support.web import ClientAs, Sessions, csrf_token
from tests.web.test_patients import VALID


def counts(sessions: Sessions) -> tuple[int, int]:
    with sessions() as session:
        return (session.scalar(select(func.count()).select_from(Patient)) or 0,
                session.scalar(select(func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "create")) or 0)


def post_new_patient(client_as: ClientAs) -> int:
    client = client_as("coordinator")
    page = client.get("/patients/new").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    response = client.post("/patients/new", data={**VALID, "csrf_token": csrf_token(page),
                                                  "submission_key": key})
    return response.status_code


def test_a_crash_after_the_service_wrote_commits_nothing(
        sessions: Sessions, client_as: ClientAs, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        msg = "the page could not be answered"
        raise RuntimeError(msg)

    monkeypatch.setattr(patient_views, "flash", crash)  # after create_patient, before answering
    with pytest.raises(RuntimeError):
        post_new_patient(client_as)
    assert counts(sessions) == (0, 0)


def test_a_successful_request_commits_the_record_and_its_audit(
        sessions: Sessions, client_as: ClientAs) -> None:
    assert post_new_patient(client_as) == 302
    assert counts(sessions) == (1, 1)
