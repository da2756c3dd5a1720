"""Dosing by body surface area for patients under 45 kg (SmPC 4.2).

BLINCYTO SmPC 4.2, recommended dose by patient weight: patients ≥ 45 kg receive a fixed dose;
below 45 kg « the dose is calculated using the patient's body surface area (BSA) »: cycle 1
5 µg/m²/day (not to exceed 9 µg/day) on days 1–7, then 15 µg/m²/day (not to exceed 28 µg/day);
later cycles 15 µg/m²/day (not to exceed 28 µg/day) — table as quoted by MIMS Hong Kong
(BLINCYTO dosage) and J Hematol Oncol 2019;12:15, table 1. The body surface area is Mosteller's:
√(height cm × weight kg / 3600). The SmPC table caps each step at the fixed dose.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import PlanRequest
from hadcoord.planning.protocol import DoseSchedule, Indication, Protocol


def mosteller(height_cm: float, weight_kg: float) -> float:
    """Body surface area in m², rounded to 0.01 (Mosteller 1987)."""
    return round(math.sqrt(height_cm * weight_kg / 3600), 2)


def surface_of(request: PlanRequest, protocol: Protocol) -> float | None:
    """The patient's BSA when the SmPC doses by body surface area, else None.

    Raises
    ------
    PlanningError
        Weight under the threshold without a height, or an implausible value.
    """
    weight, height = request.weight_kg, request.height_cm
    if weight is None or weight >= protocol.bsa_threshold_kg:
        return None
    if not 1 <= weight <= 500:
        msg = f"Poids « {weight:g} » kg invalide : entre 1 et 500 kg.".replace(".", ",")
        raise PlanningError(msg)
    if height is None:
        msg = (f"Taille requise : un patient de moins de {protocol.bsa_threshold_kg:g} kg est "
               f"dosé selon sa surface corporelle (RCP 4.2).")
        raise PlanningError(msg)
    if not 30 <= height <= 250:
        msg = f"Taille « {height:g} » cm invalide : entre 30 et 250 cm.".replace(".", ",")
        raise PlanningError(msg)
    return mosteller(height, weight)


def _scaled(dose: float, surface: float, per_m2: dict[float, float]) -> float:
    """The BSA dose replacing the fixed ``dose``, capped at it (SmPC 4.2)."""
    rate = per_m2.get(dose)
    if rate is None:
        msg = f"Pas de dose par m² configurée pour la dose fixe de {dose:g} µg/j.".replace(
            ".", ",")
        raise PlanningError(msg)
    return min(dose, round(rate * surface, 2))


def _scaled_schedule(doses: DoseSchedule, surface: float,
                     per_m2: dict[float, float]) -> DoseSchedule:
    return tuple((hour, _scaled(dose, surface, per_m2)) for hour, dose in doses)


def _scaled_indication(indication: Indication, surface: float,
                       per_m2: dict[float, float]) -> Indication:
    return replace(indication,
                   cycle1_doses=_scaled_schedule(indication.cycle1_doses, surface, per_m2),
                   later_dose=_scaled(indication.later_dose, surface, per_m2))


@lru_cache(maxsize=256)
def _for_surface(protocol: Protocol, surface: float) -> Protocol:
    per_m2 = dict(protocol.dose_per_m2)
    toxicity = replace(protocol.toxicity,
                       restart_dose=_scaled(protocol.toxicity.restart_dose, surface, per_m2),
                       escalated_dose=_scaled(protocol.toxicity.escalated_dose, surface,
                                              per_m2))
    return replace(protocol, toxicity=toxicity, indications=tuple(
        _scaled_indication(i, surface, per_m2) for i in protocol.indications))


def protocol_for(request: PlanRequest, protocol: Protocol) -> Protocol:
    """``protocol`` with every dose of the patient: fixed doses, or by BSA under 45 kg."""
    surface = surface_of(request, protocol)
    return protocol if surface is None else _for_surface(protocol, surface)
