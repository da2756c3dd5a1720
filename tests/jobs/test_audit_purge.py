"""The scheduler's audit purge (issue 16): `[audit].retention_days`, once a day, recorded in the
trail, the hash chain still verifiable from its anchor, never inside the six months minimum."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from sqlalchemy import func, select

from hadcoord import clock
from hadcoord.cli import main
from hadcoord.config import Settings
from hadcoord.config.operations import MINIMUM_RETENTION_DAYS, AuditSettings
from hadcoord.jobs.runner import run_audit_purge
from hadcoord.jobs.scheduler import build_scheduler
from hadcoord.services import audit
from hadcoord.services.audit_verify import verify
from hadcoord.store import AuditEvent, JobRun
from tests.support.web import Sessions


def with_retention(settings: Settings, days: int) -> Settings:
    return settings.model_copy(update={"audit": AuditSettings(retention_days=days)})


def record_some(sessions: Sessions, count: int) -> None:
    with sessions() as session:
        for _ in range(count):
            audit.record(session, None, "login_failed", detail="essai")
        session.commit()


def trail(sessions: Sessions) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_the_scheduler_purges_what_is_older_than_the_retention(
        frozen_clock: clock.FrozenClock, settings: Settings, sessions: Sessions) -> None:
    record_some(sessions, 3)  # 01/12/2026
    frozen_clock.advance(dt.timedelta(days=250))
    record_some(sessions, 2)  # 08/08/2027
    old = [event.seq for event in trail(sessions) if clock.to_local(event.at).year == 2026]
    custom = with_retention(settings, 200)
    removed = run_audit_purge(sessions, custom, clock.today())
    assert removed == len(old)
    left = trail(sessions)
    assert min(event.seq for event in left) == max(old) + 1
    purge = left[-1]
    assert (purge.action, purge.actor, purge.client) == ("audit_purge", "planificateur",
                                                         "planificateur")
    assert f"{len(old)} événement(s) antérieur(s) au 20/01/2027 supprimé(s)" in purge.detail
    with sessions() as session:
        assert verify(session).intact
        assert session.scalar(select(JobRun.created).where(
            JobRun.key == "audit_purge:2027-08-08")) == len(old)


def test_a_second_run_the_same_day_does_nothing(frozen_clock: clock.FrozenClock,
                                                settings: Settings, sessions: Sessions) -> None:
    record_some(sessions, 2)
    frozen_clock.advance(dt.timedelta(days=300))
    custom = with_retention(settings, 200)
    assert run_audit_purge(sessions, custom, clock.today())
    before = len(trail(sessions))
    assert run_audit_purge(sessions, custom, clock.today()) is None
    assert len(trail(sessions)) == before
    frozen_clock.advance(dt.timedelta(days=1))
    assert run_audit_purge(sessions, custom, clock.today()) == 0  # nothing old: recorded
    with sessions() as session:
        assert verify(session).intact
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "audit_purge")) == 2


def test_no_retention_set_means_no_scheduled_purge(frozen_clock: clock.FrozenClock,
                                                   settings: Settings,
                                                   sessions: Sessions) -> None:
    assert settings.audit.retention_days == 0  # the shipped default: the DPO decides
    record_some(sessions, 2)
    frozen_clock.advance(dt.timedelta(days=4000))
    before = len(trail(sessions))
    assert run_audit_purge(sessions, settings, clock.today()) is None
    assert len(trail(sessions)) == before
    assert "audit_purge" not in {job.id for job in build_scheduler(sessions,
                                                                   settings).get_jobs()}
    custom = with_retention(settings, 400)
    assert "audit_purge" in {job.id for job in build_scheduler(sessions, custom).get_jobs()}


@pytest.mark.parametrize("days", [1, 30, 183])
def test_a_retention_inside_six_months_is_refused(days: int) -> None:
    with pytest.raises(ValidationError, match="six mois"):
        AuditSettings(retention_days=days)
    assert AuditSettings(retention_days=MINIMUM_RETENTION_DAYS).retention_days == 184


def test_the_command_never_purges_inside_six_months(frozen_clock: clock.FrozenClock,
                                                    settings: Settings,
                                                    sessions: Sessions) -> None:
    record_some(sessions, 3)
    frozen_clock.advance(dt.timedelta(days=100))
    before = len(trail(sessions))
    result = CliRunner().invoke(main, ["audit", "purge", "--before", "2027-03-01", "--yes"],
                                obj=settings)
    assert result.exit_code == 2
    assert "six mois" in result.output
    assert len(trail(sessions)) == before
