"""ASVS 3.7.1: sensitive account actions ask for the password again after the window."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from hadcoord.clock import FrozenClock
from hadcoord.store import AuditEvent, LoginThrottle, User
from tests.support.web import PASSWORD, ClientAs, Sessions, csrf_token, page_text

pytestmark = pytest.mark.security

LATER = dt.timedelta(minutes=20)  # past the 15-minute window, before the 30-minute idle end


def _nurse_id(sessions: Sessions) -> int:
    with sessions() as session:
        found = session.scalar(select(User.id).where(User.email == "had_nurse@example.fr"))
        assert found is not None
        return int(found)


def _deactivate(admin: FlaskClient, user_id: int) -> TestResponse:
    token = csrf_token(admin.get("/admin/users").get_data(as_text=True))
    return admin.post(f"/admin/users/{user_id}", data={"action": "deactivate",
                                                       "csrf_token": token},
                      headers={"Referer": "http://localhost/admin/users"})


def _active(sessions: Sessions, user_id: int) -> bool:
    with sessions() as session:
        return bool(session.get(User, user_id).active)  # type: ignore[union-attr]


def _confirm(client: FlaskClient, password: str) -> TestResponse:
    page = client.get("/confirmer-identite?next=/admin/users").get_data(as_text=True)
    return client.post("/confirmer-identite?next=/admin/users",
                       data={"password": password, "csrf_token": csrf_token(page)})


def test_an_old_sign_in_is_asked_to_confirm_before_deactivating(
        frozen_clock: FrozenClock, client_as: ClientAs, sessions: Sessions) -> None:
    admin, nurse = client_as("admin"), _nurse_id(sessions)
    frozen_clock.advance(LATER)
    answer = _deactivate(admin, nurse)
    assert answer.status_code == 302
    assert "/confirmer-identite" in answer.headers["Location"]
    assert _active(sessions, nurse)
    assert "Confirmez votre identité" in page_text(admin.get(answer.headers["Location"]))


def test_a_wrong_password_is_refused_throttled_and_audited(
        frozen_clock: FrozenClock, client_as: ClientAs, sessions: Sessions) -> None:
    admin, nurse = client_as("admin"), _nurse_id(sessions)
    frozen_clock.advance(LATER)
    answer = _confirm(admin, "pas-le-bon-mot-de-passe")
    assert answer.status_code == 401
    assert "Mot de passe incorrect." in page_text(answer)
    assert _deactivate(admin, nurse).status_code == 302
    assert _active(sessions, nurse)
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
        assert "reauth_failed" in actions
        assert session.scalars(select(LoginThrottle)).all()


def test_the_right_password_lets_the_action_through_afterwards(
        frozen_clock: FrozenClock, client_as: ClientAs, sessions: Sessions) -> None:
    admin, nurse = client_as("admin"), _nurse_id(sessions)
    frozen_clock.advance(LATER)
    _deactivate(admin, nurse)
    answer = _confirm(admin, PASSWORD)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/admin/users"
    assert "refaites" in page_text(admin.get("/admin/users"))
    assert _active(sessions, nurse)  # nothing replayed
    assert _deactivate(admin, nurse).headers["Location"] == "/admin/users"
    assert not _active(sessions, nurse)
    with sessions() as session:
        assert "reauth" in session.scalars(select(AuditEvent.action)).all()


def test_within_the_window_no_question_is_asked(
        frozen_clock: FrozenClock, client_as: ClientAs, sessions: Sessions) -> None:
    admin, nurse = client_as("admin"), _nurse_id(sessions)
    frozen_clock.advance(dt.timedelta(minutes=10))
    assert _deactivate(admin, nurse).headers["Location"] == "/admin/users"
    assert not _active(sessions, nurse)


def test_ending_ones_other_sessions_also_asks(frozen_clock: FrozenClock,
                                              client_as: ClientAs) -> None:
    user = client_as("coordinator")
    frozen_clock.advance(LATER)
    token = csrf_token(user.get("/compte/sessions").get_data(as_text=True))
    answer = user.post("/compte/sessions/fermer", data={"session": "autres",
                                                        "csrf_token": token})
    assert "/confirmer-identite" in answer.headers["Location"]
