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


class NeuroSign(StrEnum):
    """Neurological signs a nurse can observe at home.

    Source: SmPC 4.4 (neurological events: tremor, speech disorders, confusion,
    encephalopathy...); ASTCT 2019: deep focal motor weakness is ICANS grade 4.
    """

    TREMOR = "tremor"
    SPEECH_DIFFICULTY = "speech_difficulty"  # dysarthria, aphasia
    CONFUSION = "confusion"  # also the C of ACVPU (NEWS2, RCP 2017)
    MOTOR_WEAKNESS = "motor_weakness"  # hemiparesis, paraparesis
    HEADACHE = "headache"
    BALANCE_PROBLEM = "balance_problem"
    VISUAL_DISTURBANCE = "visual_disturbance"


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
    respiratory_rate: int  # required: NEWS2 (RCP 2017) scores it
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
    expected_volume_left_ml: float  # from the bag plan: prepared volume - priming - infused
    programmed_rate_ml_h: float  # read on the pump
    prescribed_rate_ml_h: float | None = None  # from the plan (app) or the document (CLI)
    bag_volume_ml: float | None = None  # volume prepared in the bag, when known
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
    neuro_signs: frozenset[NeuroSign] = frozenset()


@dataclass(frozen=True, slots=True)
class DailyCheck:
    """One daily home check, as recorded by the HAD (or prestataire) nurse."""

    vitals: VitalSigns
    support: Support
    line: VenousAccess
    pump: PumpReading
    neuro: NeuroCheck
    # Corticosteroids, tocilizumab or an antipyretic in the last 24 h: fever may be masked
    # (ASTCT 2019 CRS table footnote), CRS is then graded on hypotension and hypoxia.
    fever_masking_treatment: bool = False
    spo2_scale: int = 1  # NEWS2 SpO2 scale (RCP 2017): 2 only for a prescribed 88-92 % target
    free_text: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
