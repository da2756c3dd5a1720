"""Service fixtures: accounts and patients with a calendar, stored on the test database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from hadcoord.services.patients import PatientInput
from hadcoord.store import User

FORM = PatientInput(last_name="FICTIF", first_name="Camille", birth_date=dt.date(1961, 4, 12),
                    sex="F", commune_code="12202", phone="05 65 00 00 00", gp_name="Dr Exemple",
                    haematologist="Dr Référent", indication="rr", weight_kg=62.5,
                    consent_had=True)


def account(session: Session, role: str) -> User:
    """The test account of ``role`` (``<role>@example.fr``)."""
    user = session.scalar(select(User).where(User.email == f"{role}@example.fr"))
    assert user is not None
    return user
