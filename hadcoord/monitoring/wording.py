"""The French sentences of grades, reasons and actions (the labels are in hadcoord.wording)."""

from __future__ import annotations

from hadcoord.monitoring.check import Consciousness, VenousAccess
from hadcoord.monitoring.crs import CrsGrading
from hadcoord.monitoring.icans import IcansGrading
from hadcoord.wording import formats, labels  # labels: read at call time (circular import)

# Issue 7: red = call now (first recourse and IUCT-O haematology), orange = within 24 h.
ACTIONS = {
    "red": "appeler maintenant le premier recours (hôpital le plus proche) "
    "et l'hématologie de l'IUCT-O",
    "orange": "avis de l'équipe médicale dans les 24 heures",
    "green": "pas d'alerte : poursuivre la surveillance quotidienne",
}


def fr_number(value: float, decimals: int = 1) -> str:
    """A number the French way: decimal comma, no useless trailing zero (``38,5``, ``90``)."""
    return formats.decimal(value, decimals)


def line_signs(line: VenousAccess) -> str:
    """The local signs present at the venous access, in French (``rougeur, chaleur``)."""
    return ", ".join(text for name, text in labels.LINE_SIGN.items() if getattr(line, name))


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
        parts.append(labels.CONSCIOUSNESS[neuro])
    if icans.seizure_grade:
        parts.append("crise convulsive")
    return " ; ".join(parts)
