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
    # Expected volume left = volume prepared in the bag (the plan: rate x (hours + overfill
    # hours), thesis "bags": 1-3 day bags filled for 4 extra hours) - priming volume - rate x
    # hours run. The volume drawn to prime the line depends on the tubing the HAD uses (Micrel
    # set): no published value, 0 until the centre fills it in (« à renseigner »).
    priming_volume_ml: float = Field(default=0.0, ge=0.0, le=50.0)
    # Programmed pump rate vs the prescribed rate (thesis: one single flow rate for every bag;
    # SmPC 4.2/4.4: medication errors, over- or under-dosing from a wrong pump setting).
    # Any difference beyond this tolerance is red. 0.1 mL/h = the pump's programming step.
    pump_rate_tolerance_ml_h: float = Field(default=0.1, ge=0.0, le=5.0)
    # NEWS2 (RCP 2017, chart 2): a single parameter scoring 3 ("low-medium": urgent review) or
    # an aggregate >= 5 ("medium": urgent response) is red, call now; >= 7 ("high": emergency
    # response) is red with « urgence vitale : appeler le 15 » first. A centre may only lower
    # these thresholds (stricter), never raise them above the RCP's.
    news2_red_min_score: int = Field(default=5, ge=1, le=5)
    news2_red_single_parameter: int = Field(default=3, ge=1, le=3)
    news2_emergency_min_score: int = Field(default=7, ge=1, le=7)
    # ASTCT 2019 CRS table: hypotension requiring a vasopressor is grade 3; at home any
    # vasopressor is shock, with or without fever: red by default.
    vasopressor_triage: TriageLevelName = "red"
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
    # Coordinator alerts: a red alert not acknowledged after this many minutes is escalated to
    # the haematology on-call contact and the other coordinators (issue 12; local choice).
    escalation_delay_minutes: int = Field(default=15, ge=1, le=240)
    # The IUCT-O haematology on-call contact notified on escalation. No contact directory yet:
    # empty = « à renseigner » (never an invented number); an e-mail address of the on-call
    # service when the centre fills it in.
    haematology_on_call_email: str = ""
    haematology_on_call_label: str = "astreinte d'hématologie de l'IUCT-O"
