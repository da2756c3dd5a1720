"""The clock module: Paris « now » and « today », UTC for storage, freezing in tests."""

from __future__ import annotations

import datetime as dt

import pytest

from hadcoord import clock
from hadcoord.clock import PARIS, Clock, FrozenClock


@pytest.mark.parametrize("frozen_clock", [dt.datetime(2026, 3, 29, 0, 30, tzinfo=PARIS)],
                         indirect=True)
def test_a_frozen_clock_tells_paris_time_and_stores_utc(frozen_clock: FrozenClock) -> None:
    assert clock.today() == dt.date(2026, 3, 29)
    assert clock.utc_now() == dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC)
    assert clock.now().utcoffset() == dt.timedelta(hours=1)
    frozen_clock.advance(dt.timedelta(hours=2))  # across the spring change: 02:00 → 03:00
    assert (clock.now().hour, clock.now().utcoffset()) == (3, dt.timedelta(hours=2))


def test_stored_timestamps_read_in_paris() -> None:
    summer = dt.datetime(2026, 7, 14, 21, 30, tzinfo=dt.UTC)
    assert clock.to_local(summer) == dt.datetime(2026, 7, 14, 23, 30, tzinfo=PARIS)
    assert clock.to_local(summer.replace(tzinfo=None)) == clock.to_local(summer)  # naive = UTC
    assert clock.to_local(summer).tzinfo is PARIS


def test_the_real_clock_is_aware() -> None:
    real = Clock()
    assert real.utc_now().utcoffset() == dt.timedelta(0)
    assert real.now().tzinfo is PARIS
    assert abs(real.now() - real.utc_now()) < dt.timedelta(seconds=5)


def test_a_frozen_clock_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        FrozenClock(dt.datetime(2026, 12, 1, 10))


def test_configure_changes_the_zone_and_keeps_the_frozen_time(
        frozen_clock: FrozenClock) -> None:
    try:
        clock.configure("America/Cayenne")
        assert clock.now() == dt.datetime(2026, 12, 1, 6, 0, tzinfo=clock.zone())
    finally:
        clock.configure("Europe/Paris")
    assert clock.zone() is PARIS
    assert clock.current() is frozen_clock


def test_the_fixture_restores_the_real_clock() -> None:
    assert type(clock.current()) is Clock
