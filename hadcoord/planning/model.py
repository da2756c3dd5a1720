"""The treatment calendar as plain frozen dataclasses (all datetimes aware, Europe/Paris)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Location = Literal["ward", "day_hospital"]
StayReason = Literal["cycle_start", "restart", "step_up"]
PremedicationReason = Literal["cycle_start", "step_up", "restart"]


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What the plan is built from: cycle-1 start, indication, cycles, change days, closures."""

    start: datetime
    indication: str
    cycles: int
    change_days: str
    closures: frozenset[date] = frozenset()
    # Under 45 kg the dose follows the body surface area (SmPC 4.2): the height is required.
    weight_kg: float | None = None
    height_cm: float | None = None


@dataclass(frozen=True, slots=True)
class Stay:
    """A conventional hospital stay in the haematology ward."""

    cycle: int
    admission: datetime
    discharge: datetime
    reason: StayReason


@dataclass(frozen=True, slots=True)
class InfusionPeriod:
    """A stretch of continuous infusion of a cycle (a cycle has two after an interruption)."""

    cycle: int
    start: datetime
    end: datetime
    infused_before_hours: int
    # Dose steps (infusion hours into the cycle, µg/day); empty: the indication's own.
    doses: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Cycle:
    """A treatment cycle: continuous infusion then a break (SmPC 4.2: 28 + 14 days)."""

    number: int
    start: datetime
    infusion_end: datetime
    break_end: datetime  # next cycle start (last cycle: infusion end + the break)
    infusion_hours: int
    stay: Stay
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Bag:
    """One infusion bag: when it runs, what the pharmacy puts in it, where it is hung."""

    cycle: int
    start: datetime
    end: datetime
    hours: int
    dose_ug_per_day: float
    overfill_hours: int
    ug: float
    ml: float
    rate_ml_per_h: float
    hung_at: Location
    prepared_on: date
    stopped_early: bool = False

    @property
    def content_ug(self) -> float:
        """µg in the bag (« contenu de la poche »): dose × (hours + overfill) / 24."""
        return self.ug

    @property
    def delivered_ug(self) -> float:
        """µg the patient receives from it: dose × hours infused / 24 (no overfill)."""
        return round(self.dose_ug_per_day * self.hours / 24, 2)


@dataclass(frozen=True, slots=True)
class Premedication:
    """Premedication before a cycle start, a step-up or a restart (SmPC 4.2, per indication)."""

    at: datetime
    event: datetime
    reason: PremedicationReason
    cycle: int
    drug: str
    dose: str = ""

    @property
    def text(self) -> str:
        """Drug and dose as printed: « dexaméthasone 20 mg IV »."""
        return f"{self.drug} {self.dose}".strip()


@dataclass(frozen=True, slots=True)
class Interruption:
    """An interruption of the infusion and what it implies (SmPC 4.2)."""

    cycle: int
    stop: datetime
    restart: datetime
    same_cycle: bool
    needs_premedication: bool
    needs_supervision: bool
    reason: str = "technical"  # technical, crs:3, neuro:3, seizure, other:3 (SmPC 4.2)
    restart_dose_ug_per_day: float | None = None  # None: the dose in force at the stop
    premedication_dose: str = ""  # "": the indication's usual premedication
    # The resume as asked (``restart`` is when it really happens), the decision to restart
    # (the restart bag is prepared after it; None: at the stop) and, when the resume moved,
    # why, in French (`hadcoord.planning.opening`).
    requested_restart: datetime | None = None
    decided_at: datetime | None = None
    restart_note: str = ""

    @property
    def decision(self) -> datetime:
        """When the restart was decided (the stop unless a later decision was given)."""
        return self.decided_at or self.stop


@dataclass(frozen=True, slots=True)
class Plan:
    """The whole treatment calendar of one patient."""

    request: PlanRequest
    cycles: tuple[Cycle, ...]
    stays: tuple[Stay, ...]
    infusions: tuple[InfusionPeriod, ...]
    bags: tuple[Bag, ...]
    day_hospital_visits: tuple[datetime, ...]
    home_checks: tuple[date, ...]
    premedications: tuple[Premedication, ...]
    interruptions: tuple[Interruption, ...] = ()
