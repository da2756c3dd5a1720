"""The French sentences of grades, reasons and actions (the labels are in hadcoord.wording)."""

from __future__ import annotations

from collections.abc import Iterable

from hadcoord.monitoring.check import Consciousness, DailyCheck, NeuroSign, VenousAccess
from hadcoord.monitoring.crs import CrsGrading
from hadcoord.monitoring.icans import IcansGrading
from hadcoord.monitoring.news2 import News2Score
from hadcoord.wording import formats, labels  # labels: read at call time (circular import)

# Issue 7: red = call now (first recourse and IUCT-O haematology), orange = within 24 h.
ACTIONS = {
    "red": "appeler maintenant le premier recours (hôpital le plus proche) "
    "et l'hématologie de l'IUCT-O",
    "orange": "avis de l'équipe médicale dans les 24 heures",
    "green": "pas d'alerte : poursuivre la surveillance quotidienne",
}

# RCP 2017 NEWS2, chart 2 ("urgence vitale" = emergency response: the SAMU, 15, at home).
EMERGENCY_ACTION = "urgence vitale : appeler le 15"


def fr_number(value: float, decimals: int = 1) -> str:
    """A number the French way: decimal comma, no useless trailing zero (``38,5``, ``90``)."""
    return formats.decimal(value, decimals)


def line_signs(line: VenousAccess) -> str:
    """The local signs present at the venous access, in French (``rougeur, chaleur``)."""
    return ", ".join(text for name, text in labels.LINE_SIGN.items() if getattr(line, name))


def neuro_signs(signs: Iterable[NeuroSign]) -> str:
    """The neurological signs, in French, in the order of the list (``tremblement, ...``)."""
    return ", ".join(text for sign, text in labels.NEURO_SIGN.items() if sign in set(signs))


def news2_details(check: DailyCheck, news2: News2Score) -> str:
    """The NEWS2 parameters that score, with their value and sub-score, in French."""
    vitals = check.vitals
    values = {
        "respiration_rate": f"fréquence respiratoire {vitals.respiratory_rate}/min",
        "spo2": f"SpO2 {fr_number(vitals.spo2)} % (échelle {check.spo2_scale})",
        "air_or_oxygen": "sous oxygène",
        "systolic_bp": f"PAS {vitals.systolic_bp} mmHg",
        "pulse": f"fréquence cardiaque {vitals.heart_rate}/min",
        "consciousness": "conscience altérée ou confusion nouvelle",
        "temperature": f"température {fr_number(vitals.temperature_c)} °C",
    }
    parts = [f"{values[name]} ({points})" for name, points in news2.parameters.items() if points]
    return " ; ".join(parts)


def crs_details(crs: CrsGrading, systolic_bp: int, systolic_below: int) -> str:
    """What a CRS grade rests on, in French."""
    masked = ("fièvre possiblement masquée par un traitement (corticoïdes, tocilizumab ou "
              "antipyrétique dans les 24 h, note de l'ASTCT 2019)")
    parts = [masked if crs.fever_masked else "fièvre"]
    if crs.hypotension_grade >= 3:
        parts.append("vasopresseur(s)")
    elif crs.hypotension:
        parts.append(f"hypotension (PAS {systolic_bp} mmHg < {systolic_below})")
    if crs.hypoxia_grade:
        parts.append("oxygénothérapie")
    return " et ".join(parts) if len(parts) > 1 else "fièvre seule"


def icans_details(icans: IcansGrading, ice_score: int | None, neuro: Consciousness) -> str:
    """What an ICANS grade rests on, in French."""
    parts = []
    if icans.ice_grade:
        parts.append(f"score ICE {ice_score}/10")
    if icans.consciousness_grade:
        parts.append(labels.CONSCIOUSNESS[neuro])
    if icans.seizure_grade:
        parts.append("crise convulsive")
    return " ; ".join(parts)
