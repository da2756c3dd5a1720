"""The French wording of grades, reasons and actions (one catalogue for the monitoring area)."""

from __future__ import annotations

from collections.abc import Iterable

from hadcoord.monitoring.check import (
    Consciousness,
    DailyCheck,
    NeuroSign,
    OxygenSupport,
    Seizure,
    VenousAccess,
)
from hadcoord.monitoring.crs import CrsGrading
from hadcoord.monitoring.icans import IcansGrading
from hadcoord.monitoring.news2 import News2Risk, News2Score

LEVEL_LABELS = {"red": "ROUGE", "orange": "ORANGE", "green": "VERT"}

# Issue 7: red = call now (first recourse and IUCT-O haematology), orange = within 24 h.
ACTIONS = {
    "red": "appeler maintenant le premier recours (hôpital le plus proche) "
    "et l'hématologie de l'IUCT-O",
    "orange": "avis de l'équipe médicale dans les 24 heures",
    "green": "pas d'alerte : poursuivre la surveillance quotidienne",
}

# RCP 2017 NEWS2, chart 2 ("urgence vitale" = emergency response: the SAMU, 15, at home).
EMERGENCY_ACTION = "urgence vitale : appeler le 15"

NEWS2_RISK_LABELS = {
    News2Risk.LOW: "faible",
    News2Risk.LOW_MEDIUM: "faible à moyen, un paramètre à 3",
    News2Risk.MEDIUM: "moyen",
    News2Risk.HIGH: "élevé",
}

NEURO_SIGN_LABELS = {
    NeuroSign.TREMOR: "tremblement",
    NeuroSign.SPEECH_DIFFICULTY: "trouble de la parole",
    NeuroSign.CONFUSION: "confusion",
    NeuroSign.MOTOR_WEAKNESS: "déficit moteur",
    NeuroSign.HEADACHE: "céphalées",
    NeuroSign.BALANCE_PROBLEM: "trouble de l'équilibre",
    NeuroSign.VISUAL_DISTURBANCE: "trouble visuel",
}

OXYGEN_LABELS = {
    OxygenSupport.NONE: "sans oxygène",
    OxygenSupport.LOW_FLOW: "oxygène à bas débit (≤ 6 L/min)",
    OxygenSupport.HIGH_FLOW: "oxygène à haut débit ou au masque",
    OxygenSupport.POSITIVE_PRESSURE: "ventilation en pression positive",
}

CONSCIOUSNESS_LABELS = {
    Consciousness.ALERT: "éveillé",
    Consciousness.DROWSY: "somnolent, s'éveille spontanément",
    Consciousness.VOICE: "ne s'éveille qu'à la voix",
    Consciousness.TOUCH: "ne s'éveille qu'au stimulus tactile",
    Consciousness.VIGOROUS: "ne s'éveille qu'à des stimuli vigoureux ou répétés",
    Consciousness.UNAROUSABLE: "aréactif",
}

SEIZURE_LABELS = {
    Seizure.NONE: "aucune crise",
    Seizure.BRIEF: "Crise convulsive résolutive",
    Seizure.PROLONGED: "Crise convulsive prolongée (> 5 min) ou répétée",
}

LINE_SIGN_LABELS = {
    "redness": "rougeur",
    "heat": "chaleur",
    "swelling": "gonflement",
    "discharge": "écoulement",
}


def fr_number(value: float, decimals: int = 1) -> str:
    """A number the French way: decimal comma, no useless trailing zero (``38,5``, ``90``)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", ",").replace("-", "−")


def line_signs(line: VenousAccess) -> str:
    """The local signs present at the venous access, in French (``rougeur, chaleur``)."""
    return ", ".join(text for name, text in LINE_SIGN_LABELS.items() if getattr(line, name))


def neuro_signs(signs: Iterable[NeuroSign]) -> str:
    """The neurological signs, in French, in the order of the list (``tremblement, ...``)."""
    return ", ".join(text for sign, text in NEURO_SIGN_LABELS.items() if sign in set(signs))


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
        parts.append(CONSCIOUSNESS_LABELS[neuro])
    if icans.seizure_grade:
        parts.append("crise convulsive")
    return " ; ".join(parts)
