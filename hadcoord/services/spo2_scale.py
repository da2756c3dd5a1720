"""The patient's NEWS2 SpO₂ scale, set from a prescription (issue 12).

NEWS2 (Royal College of Physicians, 2017, chart 1 and its note): scale 2 is used only for a
patient with hypercapnic respiratory failure whose target saturation of 88–92 % was prescribed
by a competent clinical decision-maker and recorded in the notes; every other patient is
scored on scale 1. Scoring a patient on scale 2 without that prescription under-scores a
falling SpO₂, so the change names its prescription and is audited old → new.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hadcoord.errors import HadcoordError
from hadcoord.services import audit
from hadcoord.store import Patient, User

SCALE_LABELS = {
    1: "Échelle 1 — cible habituelle (SpO₂ ≥ 96 %)",
    2: "Échelle 2 — cible prescrite de 88 à 92 % (insuffisance respiratoire hypercapnique)",
}
PRESCRIPTION_MAX = 300


class Spo2ScaleError(HadcoordError, ValueError):
    """A refused scale change; ``field`` names the form field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def set_spo2_scale(session: Session, patient: Patient, scale: int | None, prescription: str,
                   user: User) -> bool:
    """Set the patient's SpO₂ scale (checked first, audited); False when unchanged.

    Raises ``Spo2ScaleError`` (nothing changed) for a scale other than 1 or 2, or without the
    prescription (prescriber and date) that fixes it.
    """
    if scale not in SCALE_LABELS:
        raise Spo2ScaleError("Choisissez l'échelle 1 ou l'échelle 2.", "scale")
    prescription = prescription.strip()
    if not prescription:
        raise Spo2ScaleError("Indiquez la prescription qui fixe la cible (médecin, date).",
                             "prescription")
    if len(prescription) > PRESCRIPTION_MAX:
        raise Spo2ScaleError(f"La prescription ne peut pas dépasser {PRESCRIPTION_MAX} "
                             "caractères.", "prescription")
    old = patient.spo2_scale or 1
    if old == scale:
        return False
    patient.spo2_scale = scale
    audit.record(session, user, "update", patient_id=patient.id, target="échelle SpO2 NEWS2",
                 detail=f"échelle SpO2 : « {old} » → « {scale} » ; prescription : "
                        f"{prescription}")
    return True
