"""Is an HAD ready to take a blinatumomab patient: staff training and infusion pump."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from hadcoord.coverage.model import Establishment


class Training(StrEnum):
    """Whether the HAD's staff must be trained before taking the patient."""

    NEEDED = "needed"
    NOT_NEEDED = "not_needed"
    TO_CHECK = "to_check"


class PumpReadiness(StrEnum):
    """Whether the HAD has the infusion pump."""

    EQUIPPED = "equipped"
    TO_PROVIDE = "to_provide"


@dataclass(frozen=True, slots=True)
class Readiness:
    """What must be done before the HAD takes the patient, with the reasons in French."""

    training: Training
    training_reason: str
    pump: PumpReadiness
    pump_reason: str


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _training(establishment: Establishment, day: dt.date, months: int) -> tuple[Training, str]:
    # Thesis l. 6066-6075: train staff of HADs that never treated a blinatumomab patient, and of
    # those with none for more than a year (the year is config [coverage]).
    blina = establishment.blinatumomab
    if blina.patients == 0:
        return Training.NEEDED, "aucun patient sous blinatumomab pris en charge : former l'équipe"
    if blina.last_patient is not None:
        if add_months(blina.last_patient, months) < day:
            return Training.NEEDED, (f"dernier patient le {blina.last_patient:%d/%m/%Y}, il y a "
                                     f"plus de {months} mois : refaire la formation")
        return Training.NOT_NEEDED, f"dernier patient le {blina.last_patient:%d/%m/%Y}"
    if add_months(blina.as_of, months) < day:
        return Training.NEEDED, (f"{blina.patients} patient(s) pris en charge, aucun connu depuis "
                                 f"le {blina.as_of:%d/%m/%Y} (plus de {months} mois) : refaire "
                                 "la formation")
    return Training.TO_CHECK, (f"{blina.patients} patient(s) pris en charge au "
                               f"{blina.as_of:%d/%m/%Y}, date du dernier inconnue : vérifier la "
                               "formation")


def readiness(establishment: Establishment, day: dt.date, training_months: int) -> Readiness:
    """Training and pump status of ``establishment`` for a patient starting on ``day``."""
    training, training_reason = _training(establishment, day, training_months)
    # Thesis l. 5950-5957: every HAD taking a patient must have the Micrel Mini Rythmic NP+.
    if establishment.micrel_pump:
        pump, pump_reason = PumpReadiness.EQUIPPED, "équipée de la pompe Micrel Mini Rythmic NP+"
    else:
        known = "non équipée" if establishment.micrel_pump is False else "équipement non connu"
        pump = PumpReadiness.TO_PROVIDE
        pump_reason = f"pompe Micrel Mini Rythmic NP+ à prévoir ({known})"
    return Readiness(training=training, training_reason=training_reason, pump=pump,
                     pump_reason=pump_reason)
