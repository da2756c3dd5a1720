"""The blinatumomab protocol as plain values, adapted from the `[protocol]` settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from hadcoord.config.protocol import WEEKDAYS, ProtocolSettings
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.stability import overfill_within
from hadcoord.planning.toxicity import ToxicityRules

DoseSchedule = tuple[tuple[int, float], ...]  # (hours of infusion into the cycle, µg/day)
DEFAULT_TOXICITY = ToxicityRules()


@dataclass(frozen=True, slots=True)
class CalendarExport:
    """Locations and reminder of the iCalendar export (`[protocol.calendar]`)."""

    day_hospital_location: str = "Hôpital de jour d'hématologie, IUCT-Oncopole"
    ward_location: str = "Service d'hématologie, IUCT-Oncopole"
    home_location: str = "Domicile du patient (HAD)"
    reminder_minutes: int = 60


DEFAULT_CALENDAR = CalendarExport()


@dataclass(frozen=True, slots=True)
class Indication:
    """Dosing, minimum stays and cycle count of one indication (SmPC 4.2)."""

    code: str
    label: str
    max_cycles: int
    stay_days: tuple[int, ...]
    cycle1_doses: DoseSchedule
    later_dose: float
    premedication_drug: str = "dexaméthasone"
    premedication_dose: str = "20 mg IV"
    premedicate_step_up_and_restart: bool = True

    def stay_days_for(self, cycle: int) -> int:
        """Minimum stay of cycle ``cycle`` in days (the last configured value repeats)."""
        return self.stay_days[min(cycle, len(self.stay_days)) - 1]

    def doses_for(self, cycle: int) -> DoseSchedule:
        """Dose steps of cycle ``cycle``: (infusion hours into the cycle, µg/day)."""
        return self.cycle1_doses if cycle == 1 else ((0, self.later_dose),)


@dataclass(frozen=True, slots=True)
class Protocol:
    """Every protocol value the planner uses (see `hadcoord.config.protocol` for sources)."""

    infusion_hours: int
    break_hours: int
    stability_hours: int
    usual_hours: frozenset[int]
    min_bag_hours: int
    overfill_hours: int
    overfill_below_hours: int
    rate_ml_per_h: float
    bag_volume_ml: float
    change_pairs: tuple[tuple[str, tuple[int, int]], ...]
    production_start: time
    production_end: time
    appointment: time
    latest_appointment: time
    visit_minutes: int
    premedication_lead_minutes: int
    premedicate_cycle_start: bool
    premedicate_step_up: bool
    restart_premedication_hours: int
    same_cycle_max_hours: int
    restart_stay_hours: int
    indications: tuple[Indication, ...]
    toxicity: ToxicityRules = DEFAULT_TOXICITY
    step_up_stay_hours: int = 24
    calendar: CalendarExport = DEFAULT_CALENDAR
    bsa_threshold_kg: float = 45.0
    dose_per_m2: tuple[tuple[float, float], ...] = ((9.0, 5.0), (28.0, 15.0))
    # When a restart can be hung (`hadcoord.planning.opening`; `[protocol]` settings).
    day_hospital_opening: time = time(8, 30)
    day_hospital_closing: time = time(16, 30)
    ward_restart_from: time = time(8)
    ward_restart_until: time = time(20)

    def indication(self, code: str) -> Indication:
        """The indication ``code``; a `PlanningError` in French if unknown."""
        for indication in self.indications:
            if indication.code == code:
                return indication
        known = ", ".join(i.code for i in self.indications)
        msg = f"Indication inconnue « {code} » : indications possibles : {known}."
        raise PlanningError(msg)

    def change_pair(self, name: str) -> tuple[int, int]:
        """Weekday numbers (Monday = 0) of the change-day pair ``name``."""
        for known_name, days in self.change_pairs:
            if known_name == name:
                return days
        known = ", ".join(n for n, _ in self.change_pairs)
        msg = f"Paire de jours de changement inconnue « {name} » : paires possibles : {known}."
        raise PlanningError(msg)

    def overfill_for(self, hours: int, waiting: int = 0) -> int:
        """Overfill hours of a bag of ``hours`` hung ``waiting`` hours after its preparation.

        Thèse, résultats B.1: 4 h below 96 h; never beyond the stability
        (`hadcoord.planning.stability.overfill_within`).
        """
        configured = self.overfill_hours if hours < self.overfill_below_hours else 0
        return overfill_within(configured, self.stability_hours, hours, waiting)


def protocol_from_settings(settings: ProtocolSettings) -> Protocol:
    """Adapt the validated `[protocol]` settings to the planner's plain values."""
    indications = tuple(
        Indication(code=code, label=item.label, max_cycles=item.max_cycles,
                   stay_days=item.stay_days,
                   cycle1_doses=tuple(((s.from_day - 1) * 24, s.ug_per_day)
                                      for s in item.cycle1_doses),
                   later_dose=item.later_dose_ug_per_day,
                   premedication_drug=item.premedication_drug,
                   premedication_dose=item.premedication_dose,
                   premedicate_step_up_and_restart=item.premedicate_step_up_and_restart)
        for code, item in settings.indications.items())
    pairs = tuple((name, (WEEKDAYS.index(a), WEEKDAYS.index(b)))
                  for name, (a, b) in settings.change_day_pairs.items())
    premedication, interruption = settings.premedication, settings.interruption
    return Protocol(
        infusion_hours=settings.infusion_days * 24, break_hours=settings.break_days * 24,
        stability_hours=settings.bag_stability_hours,
        usual_hours=frozenset(settings.usual_bag_hours),
        min_bag_hours=settings.min_bag_hours,
        overfill_hours=settings.overfill_hours,
        overfill_below_hours=settings.overfill_below_hours,
        rate_ml_per_h=settings.flow_rate_ml_per_h, bag_volume_ml=settings.bag_volume_ml,
        change_pairs=pairs, production_start=settings.production_start,
        production_end=settings.production_end, appointment=settings.day_hospital_appointment,
        latest_appointment=settings.latest_appointment,
        visit_minutes=settings.day_hospital_visit_minutes,
        premedication_lead_minutes=premedication.lead_minutes,
        premedicate_cycle_start=premedication.at_cycle_start,
        premedicate_step_up=premedication.at_step_up,
        restart_premedication_hours=premedication.restart_after_hours,
        same_cycle_max_hours=interruption.same_cycle_max_days * 24,
        restart_stay_hours=interruption.restart_stay_hours,
        indications=indications, toxicity=_toxicity(settings),
        step_up_stay_hours=settings.toxicity.step_up_stay_hours,
        calendar=CalendarExport(**settings.calendar.model_dump()),
        bsa_threshold_kg=settings.body_surface.threshold_kg,
        dose_per_m2=tuple((float(a), float(b)) for a, b in settings.body_surface.dose_per_m2),
        day_hospital_opening=settings.day_hospital_opening,
        day_hospital_closing=settings.day_hospital_closing,
        ward_restart_from=settings.ward_restart_from,
        ward_restart_until=settings.ward_restart_until)


def _toxicity(settings: ProtocolSettings) -> ToxicityRules:
    toxicity = settings.toxicity
    return ToxicityRules(
        restart_dose=toxicity.restart_ug_per_day, escalated_dose=toxicity.escalated_ug_per_day,
        escalate_after_hours=toxicity.escalate_after_days * 24,
        neuro_grade1_hours=toxicity.neuro_grade1_days * 24,
        neuro_max_resolution_hours=toxicity.neuro_max_resolution_days * 24,
        other_grade1_hours=toxicity.other_grade1_days * 24,
        other_max_resolution_hours=toxicity.other_max_resolution_days * 24,
        neuro_premedication_dose=toxicity.neuro_premedication_dose)


def default_protocol() -> Protocol:
    """The protocol with the built-in defaults (no config file read)."""
    return protocol_from_settings(ProtocolSettings())
