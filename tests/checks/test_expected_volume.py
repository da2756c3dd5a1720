"""The expected volume left comes from the bag plan: rate × hours left of the bag running."""

from __future__ import annotations

import datetime as dt

import pytest

from hadcoord.clock import PARIS
from hadcoord.monitoring import InvalidCheckError
from hadcoord.planning import PlanRequest, build_plan, default_protocol
from hadcoord.services.checks import check_time, expected_volume_left

START = dt.datetime(2026, 12, 1, 10, tzinfo=PARIS)
PLAN = build_plan(PlanRequest(start=START, indication="mrd", cycles=1, change_days="mon-thu"),
                  default_protocol())


def bag_at(at: dt.datetime) -> tuple[float, dt.datetime, int]:
    bag = next(b for b in PLAN.bags if b.start <= at < b.end)
    return bag.rate_ml_per_h, bag.end, bag.overfill_hours


def test_prepared_volume_minus_what_has_run() -> None:
    # Issue 12: the plan knows each bag's volume, overfill included (thesis: +4 h for 1-3 day
    # bags): expected = prepared volume - priming - rate x hours run.
    at = dt.datetime(2026, 12, 8, 9, 30, tzinfo=PARIS)
    bag = next(b for b in PLAN.bags if b.start <= at < b.end)
    hours_run = (at - bag.start).total_seconds() / 3600
    assert expected_volume_left(PLAN, at) == round(bag.ml - bag.rate_ml_per_h * hours_run, 1)
    assert expected_volume_left(PLAN, at, priming_ml=5.0) == round(
        bag.ml - 5.0 - bag.rate_ml_per_h * hours_run, 1)


def test_late_check_of_a_bag_with_overfill_is_not_an_under_infusion() -> None:
    bag = next(b for b in PLAN.bags if b.hours == 72 and b.overfill_hours == 4)
    late = bag.end - dt.timedelta(minutes=30)
    expected = expected_volume_left(PLAN, late)
    # Half an hour before the planned change the bag still holds 4.5 h of infusion.
    assert expected == round(bag.rate_ml_per_h * 4.5, 1)
    assert expected > bag.rate_ml_per_h * 0.5


def test_expected_volume_never_below_zero() -> None:
    bag = next(b for b in PLAN.bags if b.overfill_hours == 0)
    assert expected_volume_left(PLAN, bag.end - dt.timedelta(minutes=1), priming_ml=20) == 0.0


@pytest.mark.parametrize("at", [START - dt.timedelta(hours=1), PLAN.bags[-1].end])
def test_no_bag_running_is_an_error_naming_the_time(at: dt.datetime) -> None:
    with pytest.raises(InvalidCheckError, match="aucune poche n'est en cours") as error:
        expected_volume_left(PLAN, at)
    assert error.value.field == "recorded_at"


def test_no_calendar_is_an_error() -> None:
    with pytest.raises(InvalidCheckError, match="pas planifié"):
        expected_volume_left(None, START)


def test_check_time_defaults_to_now_and_reads_paris_time() -> None:
    now = dt.datetime(2026, 12, 8, 10, tzinfo=dt.UTC)
    assert check_time({}, now) == now
    assert check_time({"recorded_at": "2026-12-08T09:30"}, now) == dt.datetime(
        2026, 12, 8, 9, 30, tzinfo=PARIS)
    with pytest.raises(InvalidCheckError, match="futur"):
        check_time({"recorded_at": "2026-12-08T12:00+01:00"}, now)
    with pytest.raises(InvalidCheckError, match="48 heures"):
        check_time({"recorded_at": "2026-12-05T12:00+01:00"}, now)
