"""The daily home check of a patient on a blinatumomab infusion, as plain frozen dataclasses.

Source: thesis, "daily home check" (domain.md): vital signs and clinical check, venous access,
pump and volume left in the bag, writing test; ICE items and consciousness from ASTCT 2019.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class OxygenSupport(StrEnum):
    """Oxygen support, in the ASTCT 2019 CRS hypoxia categories."""

    NONE = "none"
    LOW_FLOW = "low_flow"  # nasal cannula <= 6 L/min, or blow-by
    HIGH_FLOW = "high_flow"  # nasal cannula > 6 L/min, facemask, non-rebreather, Venturi
    POSITIVE_PRESSURE = "positive_pressure"  # CPAP, BiPAP, intubation and ventilation


class Consciousness(StrEnum):
    """Level of consciousness, in the ASTCT 2019 ICANS categories."""

    ALERT = "alert"  # awake, nothing depressed
    DROWSY = "drowsy"  # asleep or drowsy, awakens spontaneously
    VOICE = "voice"  # awakens to voice
    TOUCH = "touch"  # awakens only to tactile stimulus
    VIGOROUS = "vigorous"  # needs vigorous or repetitive tactile stimuli to arouse
    UNAROUSABLE = "unarousable"  # unarousable, stupor or coma


class Seizure(StrEnum):
    """Seizure since the last check, in the ASTCT 2019 ICANS categories."""

    NONE = "none"
    BRIEF = "brief"  # any clinical seizure, focal or generalised, that resolved rapidly
    PROLONGED = "prolonged"  # > 5 min, or repetitive without return to baseline in between


class WritingTest(StrEnum):
    """The patient's sentence of the day against the first one (thesis, daily home check)."""

    NORMAL = "normal"
    ALTERED = "altered"
    UNABLE = "unable"


@dataclass(frozen=True, slots=True)
class VitalSigns:
    """Vital signs measured at the check."""

    temperature_c: float
    heart_rate: int
    systolic_bp: int
    diastolic_bp: int
    spo2: float
    respiratory_rate: int | None = None
    # Hours the temperature has stayed above 40 °C, when known (CTCAE v5 fever grade 4).
    hours_above_40_c: float | None = None


@dataclass(frozen=True, slots=True)
class Support:
    """Organ support the patient needs (ASTCT 2019 CRS grading)."""

    oxygen: OxygenSupport = OxygenSupport.NONE
    vasopressors: int = 0  # vasopressors other than vasopressin
    vasopressin: bool = False


@dataclass(frozen=True, slots=True)
class VenousAccess:
    """Signs at the venous access (thesis: signs of infection) and the dressing."""

    redness: bool
    heat: bool
    swelling: bool
    discharge: bool
    dressing_intact: bool | None = None

    @property
    def has_signs(self) -> bool:
        """Whether any local sign of infection is present."""
        return self.redness or self.heat or self.swelling or self.discharge


@dataclass(frozen=True, slots=True)
class PumpReading:
    """The pump and the bag: the administration record of the day."""

    running: bool
    alarm: bool
    volume_left_ml: float
    expected_volume_left_ml: float  # from the bag plan: rate x hours left
    programmed_rate_ml_h: float | None = None
    battery_changed: bool | None = None


@dataclass(frozen=True, slots=True)
class IceItems:
    """The 10-point ICE score, item by item (ASTCT 2019, Lee et al.)."""

    orientation: int  # year, month, city, hospital: 0-4
    naming: int  # three objects: 0-3
    commands: int  # follows simple commands: 0-1
    writing: int  # writes a standard sentence: 0-1
    attention: int  # counts back from 100 by 10: 0-1

    @property
    def total(self) -> int:
        """The ICE score, 0-10."""
        return self.orientation + self.naming + self.commands + self.writing + self.attention


@dataclass(frozen=True, slots=True)
class NeuroCheck:
    """Neurological part of the check: writing test, ICE, consciousness, seizure."""

    writing_test: WritingTest
    consciousness: Consciousness
    seizure: Seizure
    ice_score: int | None = None  # consistent with ice_items when both are given
    ice_items: IceItems | None = None


@dataclass(frozen=True, slots=True)
class DailyCheck:
    """One daily home check, as recorded by the HAD (or prestataire) nurse."""

    vitals: VitalSigns
    support: Support
    line: VenousAccess
    pump: PumpReading
    neuro: NeuroCheck
    free_text: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
