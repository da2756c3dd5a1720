"""Fever grade, CTCAE v5.0 "Fever"."""

from __future__ import annotations

import pytest

from hadcoord.monitoring import grade_fever


@pytest.mark.parametrize(
    ("temperature", "grade"),
    [
        (36.5, 0),
        (37.9, 0),
        (38.0, 1),  # grade 1: 38.0-39.0 °C
        (38.5, 1),
        (39.0, 1),
        (39.1, 2),  # grade 2: >39.0-40.0 °C
        (40.0, 2),
        (40.1, 3),  # grade 3: >40.0 °C for <= 24 h (a single reading)
        (42.0, 3),
    ],
)
def test_ctcae_fever_grades(temperature: float, grade: int) -> None:
    assert grade_fever(temperature) == grade


@pytest.mark.parametrize(("hours", "grade"), [(None, 3), (0.0, 3), (24.0, 3), (24.5, 4)])
def test_grade_4_needs_more_than_24_hours_above_40(hours: float | None, grade: int) -> None:
    assert grade_fever(40.5, hours) == grade


def test_duration_does_not_matter_at_or_below_40() -> None:
    assert grade_fever(40.0, 48.0) == 2
