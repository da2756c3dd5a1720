"""The scheduler stores every stale plan once at start (issue 19: not in the first page)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hadcoord.config import Settings
from hadcoord.jobs.scheduler import refresh_plans
from hadcoord.store import Pathway, PlanSummary


def test_start_refreshes_the_stale_plans_then_nothing(
        factory: sessionmaker[Session], settings: Settings,
        caplog: pytest.LogCaptureFixture) -> None:
    with factory() as session:
        scheduled = len(session.scalars(select(Pathway).where(
            Pathway.cycle1_start.is_not(None))).all())
    assert scheduled
    with caplog.at_level(logging.INFO, logger="hadcoord.scheduler"):
        refresh_plans(factory, settings)
        assert f"{scheduled} calendrier(s) recalculé(s) sur {scheduled}" in caplog.text
        caplog.clear()
        refresh_plans(factory, settings)
    assert "recalculé" not in caplog.text
    with factory() as session:
        assert len(session.scalars(select(PlanSummary)).all()) == scheduled
