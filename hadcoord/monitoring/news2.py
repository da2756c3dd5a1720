"""NEWS2 aggregate early-warning score (Royal College of Physicians, NEWS2, London: RCP 2017).

Chart 1 "The NEWS scoring system" gives one sub-score 0-3 per physiological parameter; the
aggregate is their sum (0-20). Chart 2 gives the clinical risk: 0-4 low, a single parameter at 3
low-medium (urgent ward-based response), 5-6 medium (key threshold for urgent response),
7 or more high (emergency response). The chart is a published standard, not a centre's choice:
its bands are constants here; what triage does with the score is in [monitoring].

Bands are drawn on the chart in whole units (tenths for temperature); a value between two
printed bands (SpO2 91.5 %, 35.05 °C) takes the worse of the two, so rounding never hides risk.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class News2Risk(StrEnum):
    """RCP 2017 chart 2 clinical risk."""

    LOW = "low"  # aggregate 0-4
    LOW_MEDIUM = "low_medium"  # aggregate 0-4 with a single parameter scoring 3
    MEDIUM = "medium"  # aggregate 5-6
    HIGH = "high"  # aggregate 7 or more


# RCP 2017 chart 2: aggregate 5-6 "medium", >= 7 "high"; a single 3 is "low-medium".
MEDIUM_MIN_SCORE = 5
HIGH_MIN_SCORE = 7
SINGLE_PARAMETER_RED = 3

PARAMETERS = (
    "respiration_rate",
    "spo2",
    "air_or_oxygen",
    "systolic_bp",
    "pulse",
    "consciousness",
    "temperature",
)


@dataclass(frozen=True, slots=True)
class News2Input:
    """The observations NEWS2 scores (consciousness as ACVPU: ``alert`` False = C, V, P or U)."""

    respiration_rate: int
    spo2: float
    on_oxygen: bool
    systolic_bp: int
    pulse: int
    alert: bool
    temperature_c: float
    spo2_scale: int = 1  # 2 only for a prescribed 88-92 % target (RCP 2017, chart 1 note)


@dataclass(frozen=True, slots=True)
class News2Score:
    """The aggregate score, its RCP risk band and each parameter's sub-score."""

    score: int
    risk: News2Risk
    parameters: dict[str, int]

    @property
    def max_parameter(self) -> int:
        """The highest single sub-score (3 = the "red score" of chart 2)."""
        return max(self.parameters.values())


def respiration_score(rate: int) -> int:
    """RCP 2017 chart 1, respiration rate /min.

    <= 8 -> 3; 9-11 -> 1; 12-20 -> 0; 21-24 -> 2; >= 25 -> 3.
    """
    if rate <= 8:
        return 3
    if rate <= 11:
        return 1
    if rate <= 20:
        return 0
    return 2 if rate <= 24 else 3


def spo2_scale1_score(spo2: float) -> int:
    """RCP 2017 chart 1, SpO2 scale 1 %: <= 91 -> 3; 92-93 -> 2; 94-95 -> 1; >= 96 -> 0."""
    if spo2 < 92:
        return 3
    if spo2 < 94:
        return 2
    return 1 if spo2 < 96 else 0


def spo2_scale2_score(spo2: float, on_oxygen: bool) -> int:
    """RCP 2017 chart 1, SpO2 scale 2 % (prescribed target 88-92 %, e.g. hypercapnic failure).

    <= 83 -> 3; 84-85 -> 2; 86-87 -> 1; 88-92, or >= 93 on air -> 0; on oxygen 93-94 -> 1,
    95-96 -> 2, >= 97 -> 3.
    """
    if spo2 < 84:
        return 3
    if spo2 < 86:
        return 2
    if spo2 < 88:
        return 1
    if spo2 <= 92 or not on_oxygen:
        return 0
    if spo2 < 95:
        return 1
    return 2 if spo2 < 97 else 3


def systolic_score(systolic: int) -> int:
    """RCP 2017 chart 1, systolic blood pressure mmHg.

    <= 90 -> 3; 91-100 -> 2; 101-110 -> 1; 111-219 -> 0; >= 220 -> 3.
    """
    if systolic <= 90:
        return 3
    if systolic <= 100:
        return 2
    if systolic <= 110:
        return 1
    return 0 if systolic <= 219 else 3


def pulse_score(pulse: int) -> int:
    """RCP 2017 chart 1, pulse /min.

    <= 40 -> 3; 41-50 -> 1; 51-90 -> 0; 91-110 -> 1; 111-130 -> 2; >= 131 -> 3.
    """
    if pulse <= 40:
        return 3
    if pulse <= 50:
        return 1
    if pulse <= 90:
        return 0
    if pulse <= 110:
        return 1
    return 2 if pulse <= 130 else 3


def temperature_score(temperature_c: float) -> int:
    """RCP 2017 chart 1, temperature °C.

    <= 35.0 -> 3; 35.1-36.0 -> 1; 36.1-38.0 -> 0; 38.1-39.0 -> 1; >= 39.1 -> 2.
    """
    if temperature_c < 35.1:
        return 3
    if temperature_c < 36.1:
        return 1
    if temperature_c <= 38.0:
        return 0
    return 1 if temperature_c <= 39.0 else 2


def risk_of(score: int, max_parameter: int) -> News2Risk:
    """RCP 2017 chart 2: the clinical risk of an aggregate score."""
    if score >= HIGH_MIN_SCORE:
        return News2Risk.HIGH
    if score >= MEDIUM_MIN_SCORE:
        return News2Risk.MEDIUM
    return News2Risk.LOW_MEDIUM if max_parameter >= SINGLE_PARAMETER_RED else News2Risk.LOW


def score_news2(observations: News2Input) -> News2Score:
    """The NEWS2 aggregate score of one set of observations (RCP 2017 charts 1 and 2).

    Raises
    ------
    ValueError
        ``spo2_scale`` is neither 1 nor 2.
    """
    obs = observations
    if obs.spo2_scale == 1:
        spo2 = spo2_scale1_score(obs.spo2)
    elif obs.spo2_scale == 2:
        spo2 = spo2_scale2_score(obs.spo2, obs.on_oxygen)
    else:
        msg = f"échelle SpO2 inconnue : {obs.spo2_scale} (1 ou 2)"
        raise ValueError(msg)
    parameters = {
        "respiration_rate": respiration_score(obs.respiration_rate),
        "spo2": spo2,
        "air_or_oxygen": 2 if obs.on_oxygen else 0,  # chart 1: oxygen -> 2, air -> 0
        "systolic_bp": systolic_score(obs.systolic_bp),
        "pulse": pulse_score(obs.pulse),
        "consciousness": 0 if obs.alert else 3,  # chart 1: new confusion, V, P or U -> 3
        "temperature": temperature_score(obs.temperature_c),
    }
    score = sum(parameters.values())
    return News2Score(score, risk_of(score, max(parameters.values())), parameters)
