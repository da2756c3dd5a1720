"""Plans computed once (issue 19): the stored plan range is recomputed only when an input or
the protocol changes, and found again by one query when nothing changed."""

from __future__ import annotations

import dataclasses
import datetime as dt

from click.testing import CliRunner
from sqlalchemy import select, update

from hadcoord import clock
from hadcoord.cli import main
from hadcoord.clock import FrozenClock
from hadcoord.config import Settings
from hadcoord.services.calendars import protocol_of
from hadcoord.services.plan_store import invalidate_plan, refresh_stale
from hadcoord.store import Pathway, PlanHomePeriod, PlanSummary
from hadcoord.vocabulary import PathwayStep
from tests.support.patients import at_home_patient
from tests.support.web import NURSE_HAD, Sessions


def test_recomputed_only_when_an_input_or_the_protocol_changes(
        frozen_clock: FrozenClock, sessions: Sessions, settings: Settings) -> None:
    protocol = protocol_of(settings.protocol)
    with sessions() as session:
        at_home_patient(session, "P-STORE1", NURSE_HAD, started_days_ago=12)
        assert refresh_stale(session, protocol) == 1
        assert refresh_stale(session, protocol) == 0  # nothing changed: nothing recomputed
        summary = session.scalars(select(PlanSummary)).one()
        start = clock.today() - dt.timedelta(days=12)
        assert summary.first_day is not None
        assert summary.first_day <= start
        assert summary.last_day is not None
        assert summary.last_day > clock.today()
        periods = session.scalars(select(PlanHomePeriod)).all()
        assert periods
        assert periods[0].first_day <= clock.today() <= periods[0].last_day
        pathway = session.scalars(select(Pathway)).one()
        assert pathway.cycle1_start is not None
        pathway.cycle1_start += dt.timedelta(days=7)
        assert refresh_stale(session, protocol) == 1
        assert session.scalars(select(PlanSummary)).one().first_day == summary.first_day
        assert summary.first_day > start
        other = dataclasses.replace(protocol, visit_minutes=protocol.visit_minutes + 5)
        assert refresh_stale(session, other) == 1  # another protocol: recomputed once
        assert refresh_stale(session, other) == 0
        invalidate_plan(session, pathway.id, PathwayStep.PLAN_RECOMPUTED_INTERRUPTION)
        assert refresh_stale(session, other) == 1
        assert len(session.scalars(select(PlanHomePeriod)).all()) == len(periods)


def test_cli_refresh_recomputes_every_stale_plan_once(
        sessions: Sessions, settings: Settings, runner: CliRunner) -> None:
    """After an upgrade, `hadcoord plans refresh` stores the plans before the first page."""
    with sessions() as session:
        for number in range(3):
            at_home_patient(session, f"P-WARM{number}", NURSE_HAD, started_days_ago=12)
        session.commit()
    first = runner.invoke(main, ["plans", "refresh", "--batch", "2"], obj=settings)
    assert first.exit_code == 0, first.output
    assert "2 calendriers recalculés sur 3" in first.stdout
    assert "3 calendriers recalculés sur 3." in first.stdout
    with sessions() as session:
        assert len(session.scalars(select(PlanSummary)).all()) == 3
        session.execute(update(PlanSummary).values(protocol_key="protocole d'avant"))
        session.commit()
    again = runner.invoke(main, ["plans", "refresh"], obj=settings)
    assert again.exit_code == 0, again.output
    assert "3 calendriers recalculés sur 3." in again.stdout
    last = runner.invoke(main, ["plans", "refresh"], obj=settings)
    assert last.exit_code == 0, last.output
    assert "0 calendrier recalculé sur 0" in last.stdout


def test_cli_refresh_refuses_a_batch_below_one(runner: CliRunner) -> None:
    result = runner.invoke(main, ["plans", "refresh", "--batch", "0"])
    assert result.exit_code == 2
    assert "--batch" in result.stderr
