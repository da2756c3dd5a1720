"""The pump record: recorded against expected volume left in the bag (thesis, daily check)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Deviation(StrEnum):
    """Direction of a deviation beyond tolerance."""

    WITHIN = "within"
    OVER_INFUSION = "over_infusion"  # less left than expected: more drug given (overdose risk)
    UNDER_INFUSION = "under_infusion"  # more left than expected: less drug given


@dataclass(frozen=True, slots=True)
class PumpAssessment:
    """Deviation (recorded - expected, mL), the tolerance applied (mL) and its direction."""

    deviation_ml: float
    tolerance_ml: float
    status: Deviation


def assess_volume(
    volume_left_ml: float,
    expected_volume_left_ml: float,
    *,
    tolerance_ml: float = 5.0,
    tolerance_percent: float = 10.0,
) -> PumpAssessment:
    """Compare the volume left in the bag with the bag plan's expected volume left.

    The tolerance is the larger of ``tolerance_ml`` and ``tolerance_percent`` of the expected
    volume (a centre's setting: no published standard). A deviation equal to the tolerance is
    within it.
    """
    # Rounded to 0.001 mL so that a deviation equal to the tolerance is not lost to floats.
    deviation = round(volume_left_ml - expected_volume_left_ml, 3)
    tolerance = round(max(tolerance_ml, expected_volume_left_ml * tolerance_percent / 100.0), 3)
    if deviation < -tolerance:
        status = Deviation.OVER_INFUSION
    elif deviation > tolerance:
        status = Deviation.UNDER_INFUSION
    else:
        status = Deviation.WITHIN
    return PumpAssessment(deviation_ml=deviation, tolerance_ml=tolerance, status=status)
