"""Is an HAD ready to take a blinatumomab patient: staff training and infusion pump."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from hadcoord.coverage.model import Establishment


@dataclass(frozen=True, slots=True)
class Readiness:
    """What must be done before the HAD takes the patient.

    ``training`` is ``needed``, ``not_needed`` or ``to_check``; ``pump`` is ``equipped`` or
    ``to_provide``.
    """

    training: str
    training_reason: str
    pump: str
    pump_reason: str


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _training(establishment: Establishment, day: dt.date, months: int) -> tuple[str, str]:
    # Thesis l. 6066-6075: train staff of HADs that never treated a blinatumomab patient, and of
    # those with none for more than a year (the year is config [coverage]).
    blina = establishment.blinatumomab
    if blina.patients == 0:
        return "needed", "aucun patient sous blinatumomab pris en charge : former l'équipe"
    if blina.last_patient is not None:
        if add_months(blina.last_patient, months) < day:
            return "needed", (f"dernier patient le {blina.last_patient:%d/%m/%Y}, il y a plus de "
                              f"{months} mois : refaire la formation")
        return "not_needed", f"dernier patient le {blina.last_patient:%d/%m/%Y}"
    if add_months(blina.as_of, months) < day:
        return "needed", (f"{blina.patients} patient(s) pris en charge, aucun connu depuis le "
                          f"{blina.as_of:%d/%m/%Y} (plus de {months} mois) : refaire la formation")
    return "to_check", (f"{blina.patients} patient(s) pris en charge au {blina.as_of:%d/%m/%Y}, "
                        "date du dernier inconnue : vérifier la formation")


def readiness(establishment: Establishment, day: dt.date, training_months: int) -> Readiness:
    """Training and pump status of ``establishment`` for a patient starting on ``day``."""
    training, training_reason = _training(establishment, day, training_months)
    # Thesis l. 5950-5957: every HAD taking a patient must have the Micrel Mini Rythmic NP+.
    if establishment.micrel_pump:
        pump, pump_reason = "equipped", "équipée de la pompe Micrel Mini Rythmic NP+"
    else:
        known = "non équipée" if establishment.micrel_pump is False else "équipement non connu"
        pump, pump_reason = "to_provide", f"pompe Micrel Mini Rythmic NP+ à prévoir ({known})"
    return Readiness(training=training, training_reason=training_reason, pump=pump,
                     pump_reason=pump_reason)
