"""Pump record: recorded against expected volume left, direction and tolerance."""

from __future__ import annotations

import pytest

from hadcoord.monitoring import Deviation, assess_volume


@pytest.mark.parametrize(
    ("left", "expected", "status"),
    [
        (100.0, 100.0, Deviation.WITHIN),
        (90.0, 100.0, Deviation.WITHIN),  # exactly the 10 % tolerance
        (89.9, 100.0, Deviation.OVER_INFUSION),  # less left: more drug given
        (110.0, 100.0, Deviation.WITHIN),
        (110.1, 100.0, Deviation.UNDER_INFUSION),  # more left: less drug given
        (15.0, 20.0, Deviation.WITHIN),  # 5 mL floor when 10 % is smaller
        (14.9, 20.0, Deviation.OVER_INFUSION),
        (25.1, 20.0, Deviation.UNDER_INFUSION),
        (45.3, 50.3, Deviation.WITHIN),  # float noise at the boundary
    ],
)
def test_direction_and_default_tolerance(left: float, expected: float, status: Deviation) -> None:
    assert assess_volume(left, expected).status is status


def test_deviation_is_recorded_minus_expected() -> None:
    result = assess_volume(60.0, 100.0)
    assert (result.deviation_ml, result.tolerance_ml) == (-40.0, 10.0)


def test_tolerance_is_the_larger_of_ml_and_percent() -> None:
    by_ml = assess_volume(100.0, 120.0, tolerance_ml=25.0, tolerance_percent=10.0)
    by_percent = assess_volume(100.0, 300.0, tolerance_ml=5.0, tolerance_percent=10.0)
    assert (by_ml.tolerance_ml, by_percent.tolerance_ml) == (25.0, 30.0)


def test_zero_tolerance_flags_any_deviation() -> None:
    result = assess_volume(99.5, 100.0, tolerance_ml=0.0, tolerance_percent=0.0)
    assert result.status is Deviation.OVER_INFUSION
