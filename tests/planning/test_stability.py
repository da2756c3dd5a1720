"""The bag-expiry arithmetic, written once (`hadcoord.planning.stability`)."""

from __future__ import annotations

from datetime import date, datetime, time

from hadcoord.clock import PARIS
from hadcoord.planning.clock import hour_of
from hadcoord.planning.stability import expiry_hour, preparation_hour, within_stability

OPEN, CLOSE = time(8, 30), time(16, 30)


def _hour(text: str) -> int:
    return hour_of(datetime.fromisoformat(text).replace(tzinfo=PARIS))


def _prepared(day: str, hung: str) -> int | None:
    return preparation_hour(date.fromisoformat(day), _hour(hung), production_start=OPEN,
                            production_end=CLOSE)


def test_just_in_time_on_the_day_it_is_hung() -> None:
    assert _prepared("2026-03-05", "2026-03-05T10:00") == _hour("2026-03-05T10:00")


def test_after_closing_it_was_prepared_at_closing_floored_to_the_hour() -> None:
    # Closing 16:30: a bag ending on a whole hour may end 96 h after 16:00, not 16:30.
    prepared = _prepared("2026-03-05", "2026-03-05T20:00")
    assert prepared == _hour("2026-03-05T16:00")
    assert within_stability(prepared, _hour("2026-03-09T16:00"), 96)
    assert not within_stability(prepared, _hour("2026-03-09T17:00"), 96)


def test_an_earlier_day_means_its_closing_time() -> None:
    assert _prepared("2026-03-06", "2026-03-09T10:00") == _hour("2026-03-06T16:00")


def test_before_opening_or_after_the_hanging_there_is_no_preparation() -> None:
    assert _prepared("2026-03-05", "2026-03-05T08:00") is None
    assert _prepared("2026-03-06", "2026-03-05T10:00") is None
    assert not within_stability(None, _hour("2026-03-05T12:00"), 96)


def test_expiry_counts_real_hours_across_the_clock_change() -> None:
    # Friday 23/10/2026 10:00 + 96 real hours is Tuesday 27/10 09:00 (clocks went back 25/10).
    assert expiry_hour(_hour("2026-10-23T10:00"), 96) == _hour("2026-10-27T09:00")
