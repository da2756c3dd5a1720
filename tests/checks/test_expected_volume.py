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


def test_rate_times_hours_left() -> None:
    at = dt.datetime(2026, 12, 8, 9, 30, tzinfo=PARIS)
    rate, end, _overfill = bag_at(at)
    hours_left = (end - at).total_seconds() / 3600
    assert expected_volume_left(PLAN, at) == round(rate * hours_left, 1)
    assert expected_volume_left(PLAN, end - dt.timedelta(hours=2)) == round(rate * 2, 1)


def test_overfill_setting_adds_the_overfill_hours() -> None:
    at = next(b for b in PLAN.bags if b.overfill_hours).start + dt.timedelta(hours=1)
    rate, _end, overfill = bag_at(at)
    assert overfill > 0
    difference = expected_volume_left(PLAN, at, overfill_left=True) - expected_volume_left(
        PLAN, at)
    assert difference == pytest.approx(rate * overfill)


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
