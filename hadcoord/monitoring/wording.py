"""The French wording of grades, reasons and actions (one catalogue for the monitoring area)."""

from __future__ import annotations

from hadcoord.monitoring.check import Consciousness, OxygenSupport, Seizure, VenousAccess
from hadcoord.monitoring.crs import CrsGrading
from hadcoord.monitoring.icans import IcansGrading

LEVEL_LABELS = {"red": "ROUGE", "orange": "ORANGE", "green": "VERT"}

# Issue 7: red = call now (first recourse and IUCT-O haematology), orange = within 24 h.
ACTIONS = {
    "red": "appeler maintenant le premier recours (hôpital le plus proche) "
    "et l'hématologie de l'IUCT-O",
    "orange": "avis de l'équipe médicale dans les 24 heures",
    "green": "pas d'alerte : poursuivre la surveillance quotidienne",
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


def crs_details(crs: CrsGrading, systolic_bp: int, systolic_below: int) -> str:
    """What a CRS grade rests on, in French."""
    parts = ["fièvre"]
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
