"""Settings of the blinatumomab protocol (owned by the planning domain; see config.toml).

Every value a centre may set differently lives here, with the default of IUCT-Oncopole as the
thesis describes it (thèse, résultats « B. Parcours de soins ») or of the SmPC (BLINCYTO, 4.2).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Self

from pydantic import Field, field_validator, model_validator

from hadcoord.config._base import FrozenSection

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DoseStep(FrozenSection):
    """From infusion day ``from_day`` (1-based) of the first cycle, ``ug_per_day`` µg/day."""

    from_day: int = Field(ge=1, le=28)
    ug_per_day: float = Field(gt=0, le=100)


class IndicationSettings(FrozenSection):
    """Dosing, stays and cycle count of one indication (SmPC 4.2; thèse, partie 1 VI.C)."""

    label: str
    max_cycles: int = Field(ge=1, le=20)
    # Minimum hospital stay in days, cycle by cycle; the last value holds for later cycles.
    stay_days: tuple[int, ...] = Field(min_length=1)
    # Doses of cycle 1 (a step-up starts a new bag, in hospital); later cycles: one dose.
    cycle1_doses: tuple[DoseStep, ...] = Field(min_length=1)
    later_dose_ug_per_day: float = Field(gt=0, le=100)
    # Premedication of this indication (SmPC 4.2, adults): drug and dose as printed on the plan
    # (default: the R/R adult premedication, dexamethasone 20 mg IV).
    premedication_drug: str = Field(default="dexaméthasone", min_length=1)
    premedication_dose: str = Field(default="20 mg IV", min_length=1)
    # Also before the dose step-up and a restart after ≥ restart_after_hours (R/R: SmPC 4.2).
    premedicate_step_up_and_restart: bool = True

    @field_validator("stay_days")
    @classmethod
    def _positive_stays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(days < 1 for days in value):
            msg = "chaque durée de séjour doit être d'au moins 1 jour"
            raise ValueError(msg)
        return value

    @field_validator("cycle1_doses")
    @classmethod
    def _ordered_doses(cls, value: tuple[DoseStep, ...]) -> tuple[DoseStep, ...]:
        days = [step.from_day for step in value]
        if days[0] != 1 or days != sorted(set(days)):
            msg = "les paliers de dose doivent commencer au jour 1, dans l'ordre, sans doublon"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _step_ups_in_hospital(self) -> Self:
        # A dose change starts a new bag in hospital (thèse, discussion V.B: CRS within 8 days).
        last_step = self.cycle1_doses[-1].from_day
        if last_step > 1 and (last_step - 1) >= self.stay_days[0]:
            msg = (f"le séjour du cycle 1 ({self.stay_days[0]} j) doit couvrir le changement "
                   f"de dose du jour {last_step}")
            raise ValueError(msg)
        return self


def _rr() -> IndicationSettings:
    # SmPC 4.2 / thèse, partie 1 VI.C: 9 µg/day days 1–7, 28 from day 8; stay 9 days then 2 days;
    # 2 induction + 3 consolidation cycles. Premedication (SmPC 4.2, R/R adults): dexamethasone
    # 20 mg IV 1 h before each cycle, before a step dose (cycle 1 day 8) and when restarting
    # after an interruption of 4 h or more.
    return IndicationSettings(
        label="LAL B en rechute ou réfractaire", max_cycles=5, stay_days=(9, 2),
        cycle1_doses=(DoseStep(from_day=1, ug_per_day=9), DoseStep(from_day=8, ug_per_day=28)),
        later_dose_ug_per_day=28, premedication_drug="dexaméthasone",
        premedication_dose="20 mg IV")


def _mrd() -> IndicationSettings:
    # SmPC 4.2 (MRD-positive): 28 µg/day from day 1; stay 3 days then 2; up to 4 cycles.
    # Premedication (SmPC 4.2, MRD-positive adults): prednisone 100 mg IV or equivalent (e.g.
    # dexamethasone 16 mg) 1 h before each cycle. The SmPC names no step-up (there is none) and
    # no restart premedication for this indication; the restart after ≥ 4 h keeps its
    # supervision (SmPC 4.2, every indication): a centre may add it with
    # premedicate_step_up_and_restart = true.
    return IndicationSettings(
        label="LAL B avec maladie résiduelle (MRD+)", max_cycles=4, stay_days=(3, 2),
        cycle1_doses=(DoseStep(from_day=1, ug_per_day=28),), later_dose_ug_per_day=28,
        premedication_drug="prednisone",
        premedication_dose="100 mg IV ou équivalent, p. ex. dexaméthasone 16 mg",
        premedicate_step_up_and_restart=False)


class PremedicationSettings(FrozenSection):
    """When premedication is given (SmPC 4.2; thèse, partie 1 VI.C); the drug is per indication."""

    lead_minutes: int = Field(default=60, ge=0, le=24 * 60)
    at_cycle_start: bool = True
    at_step_up: bool = True
    # A restart after an interruption of at least this many hours needs premedication and
    # supervision or a hospital stay (SmPC 4.2).
    restart_after_hours: int = Field(default=4, ge=1, le=7 * 24)


class InterruptionSettings(FrozenSection):
    """What happens after an interruption (SmPC 4.2)."""

    # Up to this many days the same cycle goes on until 28 infusion days; beyond, a new cycle.
    same_cycle_max_days: int = Field(default=7, ge=1, le=28)
    # A supervised restart at home (interruption ≥ restart_after_hours) is done in hospital for
    # this long. The SmPC gives no duration ("supervision or hospitalisation"): a centre choice.
    restart_stay_hours: int = Field(default=24, ge=1, le=7 * 24)


class ToxicitySettings(FrozenSection):
    """Dose modification after toxicity (SmPC 4.2 table; see `hadcoord.planning.toxicity`)."""

    # CRS 3, neurological 3, other grade 3: restart at 9 µg/day, 28 µg/day after 7 days.
    restart_ug_per_day: float = Field(default=9, gt=0, le=100)
    escalated_ug_per_day: float = Field(default=28, gt=0, le=100)
    escalate_after_days: int = Field(default=7, ge=1, le=28)
    # Neurological grade 3: at least 3 days at grade ≤ 1 before the restart; stop if it took
    # more than 7 days to resolve. Other clinically relevant grade 3: also at least 3 days at
    # grade ≤ 1 first (PMC4994468 Table 1 « Toxicity Management », drawn from the label:
    # https://pmc.ncbi.nlm.nih.gov/articles/PMC4994468/table/T1); stop if more than 14 days.
    neuro_grade1_days: int = Field(default=3, ge=0, le=28)
    neuro_max_resolution_days: int = Field(default=7, ge=1, le=60)
    other_grade1_days: int = Field(default=3, ge=0, le=28)
    other_max_resolution_days: int = Field(default=14, ge=1, le=60)
    # Restart premedication after a neurological event (SmPC 4.2: dexamethasone 24 mg, then
    # reduced over 4 days).
    neuro_premedication_dose: str = Field(default="24 mg IV, puis décroissance sur 4 jours",
                                          min_length=1)
    # The escalation is a dose step, in hospital: a stay from the premedication for this long.
    # The SmPC gives no duration: a centre choice.
    step_up_stay_hours: int = Field(default=24, ge=1, le=7 * 24)


class CalendarSettings(FrozenSection):
    """What the iCalendar export says where, and its reminder (``hadcoord.exports.ics``)."""

    day_hospital_location: str = Field(default="Hôpital de jour d'hématologie, IUCT-Oncopole",
                                       min_length=1)
    ward_location: str = Field(default="Service d'hématologie, IUCT-Oncopole", min_length=1)
    home_location: str = Field(default="Domicile du patient (HAD)", min_length=1)
    # VALARM before each day-hospital visit and premedication, in minutes (0: none).
    reminder_minutes: int = Field(default=60, ge=0, le=24 * 60)


class BodySurfaceSettings(FrozenSection):
    """Dosing by body surface area under ``threshold_kg`` (SmPC 4.2; Mosteller BSA)."""

    threshold_kg: float = Field(default=45, gt=0, le=200)
    # [fixed µg/day, µg/m²/day]: 9 µg/day → 5 µg/m²/day, 28 µg/day → 15 µg/m²/day, never
    # above the fixed dose.
    dose_per_m2: tuple[tuple[float, float], ...] = ((9, 5), (28, 15))


class ProtocolSettings(FrozenSection):
    """The blinatumomab protocol as a centre configures it."""

    # SmPC 4.2: 28 days of continuous infusion then 14 days off.
    infusion_days: int = Field(default=28, ge=1, le=60)
    break_days: int = Field(default=14, ge=0, le=60)
    # Thèse, partie 1 VI.D.3: diluted solution stable 96 h at ≤ 27 °C → no bag lasts longer.
    bag_stability_hours: int = Field(default=96, ge=24, le=240)
    # Thèse, partie 1 VI.D.4: bags for 1 to 4 days of treatment.
    usual_bag_hours: tuple[int, ...] = (24, 48, 72, 96)
    # No bag made of leftover hours: none shorter than this unless a start time, a closure or
    # an interruption forces it. SmPC 4.2 counts the infusion in days (« 28 days of continuous
    # infusion ») and the thesis prepares bags for 1 to 4 days (partie 1 VI.D.4): 24 h.
    min_bag_hours: int = Field(default=24, ge=1, le=240)
    # Thèse, résultats B.1: bags shorter than 4 days carry 4 extra hours; a 4-day bag cannot.
    # The overfill never takes the content beyond the stability: overfill = min(overfill_hours,
    # stability − bag hours − hours between preparation and hanging).
    overfill_hours: int = Field(default=4, ge=0, le=24)
    overfill_below_hours: int = Field(default=96, ge=1, le=240)
    # One flow rate for every bag whatever its length or dose (thèse, résultats B.1). 2.5 mL/h
    # is the SmPC rate of the 96 h bag (240 mL); at this rate a 95 h bag + 4 h overfill is
    # 247.5 mL and still fits in the 250 mL NaCl 0.9 % bag (thèse, partie 1 VI.D.4), while a 96 h
    # bag + 4 h would reach 250 mL — which is why the 4-day bag cannot be overfilled.
    flow_rate_ml_per_h: float = Field(default=2.5, gt=0, le=50)
    bag_volume_ml: float = Field(default=250, gt=0, le=1000)
    # Thèse, résultats B.1: a 3-day and a 4-day bag alternate so that changes fall on fixed days.
    change_day_pairs: dict[str, tuple[str, str]] = Field(
        default_factory=lambda: {"mon-thu": ("mon", "thu"), "tue-fri": ("tue", "fri")})
    # Pharmacy (PUI/UPCO) production hours and the day-hospital appointment for a bag change.
    # The thesis says "pendant les horaires de production de la PUI" without the hours.
    production_start: time = time(8, 30)
    production_end: time = time(16, 30)
    day_hospital_appointment: time = time(10, 0)
    # Latest day-hospital slot of a production day, used only when a bag hung at the usual
    # appointment would run past the 96 h stability (thèse, partie 1 VI.D.3: 96 h at ≤ 27 °C,
    # counted from the preparation): when the clocks go back (last Sunday of October) four days
    # last 97 real hours, e.g. Friday 10:00 → Tuesday 10:00 over Toussaint 2027 and 2032. The
    # change is then booked at the first whole hour that works (Friday 11:00) and the PUI
    # prepares that bag just in time. Equal to the appointment: no late slot at all.
    latest_appointment: time = time(12, 0)
    day_hospital_visit_minutes: int = Field(default=60, ge=5, le=12 * 60)
    # Hours a restart after an interruption can be hung (issue 13; the thesis and the SmPC give
    # no hours: set the centre's own). The day hospital, open on weekdays that are not public
    # holidays, hangs a restart at a whole hour from its opening with the visit ended by its
    # closing; the ward schedules a restart (and the admission or discharge of a restart or
    # step-up stay) from ward_restart_from, premedication included, until ward_restart_until.
    day_hospital_opening: time = time(8, 30)
    day_hospital_closing: time = time(16, 30)
    ward_restart_from: time = time(8)
    ward_restart_until: time = time(20)
    premedication: PremedicationSettings = PremedicationSettings()
    interruption: InterruptionSettings = InterruptionSettings()
    toxicity: ToxicitySettings = ToxicitySettings()
    calendar: CalendarSettings = CalendarSettings()
    body_surface: BodySurfaceSettings = BodySurfaceSettings()
    indications: dict[str, IndicationSettings] = Field(
        default_factory=lambda: {"rr": _rr(), "mrd": _mrd()})

    @field_validator("change_day_pairs")
    @classmethod
    def _known_weekdays(cls, value: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        for name, days in value.items():
            for day in days:
                if day not in WEEKDAYS:
                    msg = (f"paire « {name} » : jour inconnu « {day} » "
                           f"(attendus : {', '.join(WEEKDAYS)})")
                    raise ValueError(msg)
                if WEEKDAYS.index(day) >= 5:
                    msg = f"paire « {name} » : la PUI ne produit pas le week-end (« {day} »)"
                    raise ValueError(msg)
            if days[0] == days[1]:
                msg = f"paire « {name} » : les deux jours doivent être différents"
                raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        problems = [*self._time_problems(), *self._bag_problems()]
        if problems:
            raise ValueError(problems[0])
        return self

    def _time_problems(self) -> list[str]:
        problems = []
        if not self.production_start < self.production_end:
            problems.append("production_start doit précéder production_end")
        appointment = self.day_hospital_appointment
        if appointment.minute or appointment.second:
            problems.append("day_hospital_appointment doit être une heure pleine (ex. 10:00)")
        if not self.production_start <= appointment <= self.production_end:
            problems.append("le rendez-vous d'HDJ doit tomber pendant la production de la PUI")
        latest = self.latest_appointment
        if latest.minute or latest.second:
            problems.append("latest_appointment doit être une heure pleine (ex. 12:00)")
        if not self.production_start <= latest <= self.production_end:
            problems.append("latest_appointment (rendez-vous d'HDJ le plus tardif) doit tomber "
                            "pendant la production de la PUI")
        if latest < appointment:
            problems.append("latest_appointment ne peut pas précéder le rendez-vous d'HDJ "
                            "habituel (day_hospital_appointment)")
        return [*problems, *self._opening_problems()]

    def _opening_problems(self) -> list[str]:
        problems = []
        opening, closing = self.day_hospital_opening, self.day_hospital_closing
        visit_end = (datetime.combine(date.min, self.latest_appointment)
                     + timedelta(minutes=self.day_hospital_visit_minutes)).time()
        if not opening <= self.day_hospital_appointment or not visit_end <= closing:
            problems.append("les rendez-vous d'HDJ (day_hospital_appointment à "
                            "latest_appointment, visite comprise) doivent tomber pendant "
                            "l'ouverture de l'HDJ (day_hospital_opening à "
                            "day_hospital_closing)")
        if not self.ward_restart_from < self.ward_restart_until:
            problems.append("ward_restart_from doit précéder ward_restart_until")
        return problems

    def _bag_problems(self) -> list[str]:
        problems = []
        limit = self.bag_stability_hours
        if self.min_bag_hours > limit:
            problems.append(f"min_bag_hours : au plus la stabilité de {limit} h")
        if not self.usual_bag_hours or any(not 0 < h <= limit for h in self.usual_bag_hours):
            problems.append(f"usual_bag_hours : durées entre 1 et {limit} h attendues")
        longest_filled = max(h + (self.overfill_hours if h < self.overfill_below_hours else 0)
                             for h in range(1, limit + 1))
        if self.flow_rate_ml_per_h * longest_filled > self.bag_volume_ml:
            problems.append(
                f"débit {self.flow_rate_ml_per_h} mL/h : une poche de {longest_filled} h "
                f"(surremplissage compris) dépasse {self.bag_volume_ml} mL")
        for name, (first, second) in self.change_day_pairs.items():
            gap = (WEEKDAYS.index(second) - WEEKDAYS.index(first)) % 7
            if max(gap, 7 - gap) * 24 > limit:
                problems.append(f"paire « {name} » : un intervalle entre deux changements "
                                f"dépasse la stabilité de {limit} h")
        if not self.indications:
            problems.append("au moins une indication est requise")
        return problems
