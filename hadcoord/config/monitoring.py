"""Settings of the daily home check: grading thresholds and triage rules (see config.toml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hadcoord.config._base import FrozenSection

TriageLevelName = Literal["green", "orange", "red"]


class MonitoringSettings(FrozenSection):
    """Thresholds of the CRS/ICANS grading and of the triage of a daily check.

    The defaults reproduce the conservative rules of issue 7 for a patient on a 28-day
    blinatumomab infusion at home; a centre may change any of them in ``[monitoring]``.
    """

    # ASTCT 2019 (Lee et al.): CRS requires a fever >= 38 °C.
    crs_fever_min_c: float = Field(default=38.0, ge=37.0, le=40.0)
    # ASTCT 2019 leaves "hypotension" to the centre; systolic < 90 mmHg is the usual cut-off.
    hypotension_systolic_below_mmhg: int = Field(default=90, ge=60, le=120)
    # Issue 7 defaults: red for a temperature >= 38 °C (infection or CRS on an indwelling line).
    red_temperature_min_c: float = Field(default=38.0, ge=37.0, le=41.0)
    # Issue 7 defaults: red for any CRS or ICANS grade >= 1.
    red_min_crs_grade: int = Field(default=1, ge=1, le=4)
    red_min_icans_grade: int = Field(default=1, ge=1, le=4)
    # Pump record (thesis, daily home check): recorded vs expected volume left in the bag.
    # No published standard; the tolerance is the larger of the two (0 disables a part).
    pump_tolerance_ml: float = Field(default=5.0, ge=0.0, le=100.0)
    pump_tolerance_percent: float = Field(default=10.0, ge=0.0, le=50.0)
    # Expected volume left = rate x hours left of the bag (issue 7). Whether the bag's overfill
    # (thèse, résultats B.1) is still in the bag or was used to prime the line varies between
    # centres: true adds rate x overfill hours to the expected volume.
    overfill_left_in_bag: bool = False
    # Issue 7 defaults: over-infusion (less left than expected) is red, under-infusion orange.
    over_infusion_triage: TriageLevelName = "red"
    under_infusion_triage: TriageLevelName = "orange"
    # Not in the list: hypotension, oxygen support, vasopressors or a low SpO2 WITHOUT
    # fever, and a pump alarm. Conservative local choice (no published rule): for a patient on
    # a 28-day infusion at home neither may pass as green, so both default to "orange" (medical
    # opinion within 24 h); a centre may lower them to "green" (observation only) or raise them.
    spo2_low_below_percent: float = Field(default=92.0, ge=70.0, le=100.0)
    afebrile_instability_triage: TriageLevelName = "orange"
    pump_alarm_triage: TriageLevelName = "orange"
