"""Services leave the caller's transaction alone: the request or the command commits.

Before, ``read_patient`` committed whatever the caller had pending, and ``create_patient`` /
``record_check`` rolled the caller's whole session back on a unique-key clash (answering with
the sentinel id -1). They now write in a savepoint of the caller's transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, UOWTransaction

from hadcoord.clock import PARIS
from hadcoord.config import Settings
from hadcoord.planning import default_protocol
from hadcoord.services import patients
from hadcoord.services.calendars import plan_for
from hadcoord.services.checks import DuplicateCheckError, expected_volume_left, record_check
from hadcoord.services.patients import (
    DuplicateSubmissionError,
    PatientAccessError,
    create_patient,
    read_patient,
)
from hadcoord.store import AuditEvent, DailyCheckRecord, Patient
from tests.services.conftest import FORM, account
from tests.support.patients import NORMAL, patient_starting
from tests.support.web import NURSE_HAD, Sessions

PHONE = "05 61 99 99 99"
START = dt.datetime(2026, 3, 2, 10, 0)  # MRD: three days in hospital, then at home
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=PARIS)


def stored_patient(sessions: Sessions, had: str = NURSE_HAD) -> int:
    with sessions() as session:
        patient = patient_starting(session, "P-STORE1", had, START)
        session.commit()
        return patient.id


def count(sessions: Sessions, model: type, **where: object) -> int:
    with sessions() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.scalar(query) or 0


def phone_of(sessions: Sessions, patient_id: int) -> str:
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        return patient.phone


def test_reading_a_record_commits_nothing_the_caller_has_pending(sessions: Sessions) -> None:
    patient_id = stored_patient(sessions)
    with sessions() as session:
        pending = session.get(Patient, patient_id)
        assert pending is not None
        pending.phone = PHONE  # a change the caller has not decided to keep
        assert read_patient(session, account(session, "coordinator"), patient_id, "/p") is not None
        session.rollback()
    assert phone_of(sessions, patient_id) == ""
    assert count(sessions, AuditEvent, action="read") == 0  # went with the caller's rollback


def test_a_refused_read_is_audited_in_the_callers_transaction(sessions: Sessions) -> None:
    patient_id = stored_patient(sessions, had="had-ch-albi")  # not the nurse's HAD
    with sessions() as session:
        pending = session.get(Patient, patient_id)
        assert pending is not None
        pending.phone = PHONE
        with pytest.raises(PatientAccessError):
            read_patient(session, account(session, "had_nurse"), patient_id, "/p")
        session.rollback()
    assert phone_of(sessions, patient_id) == ""
    assert count(sessions, AuditEvent, action="read_denied") == 0
    with sessions() as session:  # the web request commits it, with its 403 answer
        with pytest.raises(PatientAccessError):
            read_patient(session, account(session, "had_nurse"), patient_id, "/p")
        session.commit()
    assert count(sessions, AuditEvent, action="read_denied") == 1


def test_a_taken_reference_keeps_the_callers_changes(sessions: Sessions,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    patient_id = stored_patient(sessions)  # reference P-STORE1
    references = iter(["P-STORE1", "P-FRESH2"])
    monkeypatch.setattr(patients, "new_reference", lambda: next(references))
    with sessions() as session:
        pending = session.get(Patient, patient_id)
        assert pending is not None
        pending.phone = PHONE
        created = create_patient(session, FORM, account(session, "coordinator"), "form-1")
        session.commit()
    assert created.reference == "P-FRESH2"
    assert phone_of(sessions, patient_id) == PHONE
    assert count(sessions, Patient) == 2


def test_a_created_record_goes_with_the_callers_rollback(sessions: Sessions) -> None:
    # On SQLite a savepoint opened outside a transaction is its own transaction: its release
    # would commit the record whatever the caller decides.
    with sessions() as session:
        create_patient(session, FORM, account(session, "coordinator"), "form-1")
        session.rollback()
    assert count(sessions, Patient) == 0


def committed_meanwhile(session: Session, model: type, commit_other: Any) -> list[int]:
    """Before ``session`` inserts its ``model`` row, another session commits the same form.

    (The double click: both requests passed the duplicate check, the second insert fails.)
    """
    ids: list[int] = []

    def other_request(flushing: Session, _context: UOWTransaction, _objects: object) -> None:
        if not ids and any(isinstance(o, model) for o in flushing.new):
            ids.append(commit_other())

    event.listen(session, "before_flush", other_request)
    return ids


def test_a_form_committed_meanwhile_answers_with_the_first_record(sessions: Sessions) -> None:
    def first_submission() -> int:
        with sessions() as other:
            first = create_patient(other, FORM, account(other, "coordinator"), "form-1")
            other.commit()
            return first.id

    with sessions() as session:
        first = committed_meanwhile(session, Patient, first_submission)
        with pytest.raises(DuplicateSubmissionError) as raised:
            create_patient(session, FORM, account(session, "coordinator"), "form-1")
        assert raised.value.patient_id == first[0]  # not a sentinel
        session.commit()  # the session is still usable
    assert count(sessions, Patient) == 1


def check_document(sessions: Sessions, patient_id: int) -> dict[str, Any]:
    at = NOW - dt.timedelta(hours=1)
    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        assert patient.pathway is not None
        volume = expected_volume_left(plan_for(patient.pathway, default_protocol()), at)
    document = copy.deepcopy(NORMAL)
    document["recorded_at"] = at.isoformat()
    document["pump"]["volume_left_ml"] = volume
    return document


def test_a_check_committed_meanwhile_answers_with_the_first_record(
        sessions: Sessions, settings: Settings) -> None:
    patient_id = stored_patient(sessions)
    document = check_document(sessions, patient_id)

    def first_submission() -> int:
        with sessions() as other:
            patient = other.get(Patient, patient_id)
            assert patient is not None
            first = record_check(other, patient, document, account(other, "had_nurse"),
                                 settings, now=NOW, submission_key="check-1")
            other.commit()
            return first.record.id

    with sessions() as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        first = committed_meanwhile(session, DailyCheckRecord, first_submission)
        with pytest.raises(DuplicateCheckError) as raised:
            record_check(session, patient, document, account(session, "had_nurse"), settings,
                         now=NOW, submission_key="check-1")
        assert raised.value.check_id == first[0]  # not a sentinel
        session.commit()  # the session is still usable
    assert count(sessions, DailyCheckRecord) == 1
