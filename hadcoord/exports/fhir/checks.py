"""Daily home checks and open alerts in FHIR: Observations (vital signs, NEWS2, triage), Flag.

Vital signs are coded in LOINC with UCUM units; an open alert is an active Flag.

Codes: FHIR R4 vital-signs profiles (LOINC 8310-5 body temperature, 8867-4 heart rate, 9279-1
respiratory rate, 85354-9 blood pressure panel with 8480-6 systolic and 8462-4 diastolic,
2708-6 oxygen saturation with 59408-5 by pulse oximetry); NEWS2 total score: SNOMED CT
1104051000000101 as the UK Core early-warning profiles use it (RCP 2017). The triage level has
no public code: hadcoord's own code system for the value, with the HL7 v3 ObservationInterpretation
code beside it as ``interpretation`` (green N, orange A, red AA).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hadcoord import clock
from hadcoord.exports.fhir.common import (
    FLAG_CATEGORY,
    LOINC,
    OBSERVATION_CATEGORY,
    SNOMED,
    Resource,
    coding,
    concept,
    instant,
    local_concept,
    quantity,
    reference,
)
from hadcoord.monitoring.levels import TriageLevel
from hadcoord.services.check_records import level_label, record_action
from hadcoord.store import DailyCheckRecord, Patient
from hadcoord.store.checks import Alert

VITAL_SIGNS = [concept("Signes vitaux", coding(OBSERVATION_CATEGORY, "vital-signs",
                                                "Vital Signs"))]
SURVEY = [concept("Score", coding(OBSERVATION_CATEGORY, "survey", "Survey"))]
NEWS2 = concept("Score NEWS2", coding(SNOMED, "1104051000000101", "Royal College of "
                                      "Physicians NEWS2 (National Early Warning Score 2) "
                                      "total score"))
TRIAGE = local_concept("observation", "triage", "Niveau de triage du relevé quotidien")
FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail"


def check_prefix(record: DailyCheckRecord) -> str:
    """The id prefix of a check's Observations."""
    return f"releve-{record.id}"


def _observation(record: DailyCheckRecord, suffix: str, code: Resource,
                 category: list[Resource], patient: Patient, **values: object) -> Resource:
    return {"resourceType": "Observation", "id": f"{check_prefix(record)}-{suffix}",
            "status": "final", "category": category, "code": code,
            "subject": reference("Patient", patient.id, patient.reference),
            "effectiveDateTime": instant(clock.to_local(record.recorded_at)), **values}


def _loinc(text: str, *codes: tuple[str, str]) -> Resource:
    return concept(text, *(coding(LOINC, code, display) for code, display in codes))


def vital_signs(record: DailyCheckRecord, patient: Patient) -> list[Resource]:
    """The check's vital signs, one Observation each (blood pressure as a panel)."""
    found = [
        _observation(record, "temperature", _loinc("Température", ("8310-5", "Body "
                     "temperature")), VITAL_SIGNS, patient,
                     valueQuantity=quantity(record.temperature_c, "°C", "Cel")),
        _observation(record, "frequence-cardiaque", _loinc("Fréquence cardiaque", (
                     "8867-4", "Heart rate")), VITAL_SIGNS, patient,
                     valueQuantity=quantity(record.heart_rate, "/min")),
        _observation(record, "pression-arterielle", _loinc("Pression artérielle", (
                     "85354-9", "Blood pressure panel with all children optional")),
                     VITAL_SIGNS, patient, component=[
                         {"code": _loinc("Systolique", ("8480-6", "Systolic blood pressure")),
                          "valueQuantity": quantity(record.systolic_bp, "mmHg", "mm[Hg]")},
                         {"code": _loinc("Diastolique", ("8462-4",
                                                         "Diastolic blood pressure")),
                          "valueQuantity": quantity(record.diastolic_bp, "mmHg",
                                                    "mm[Hg]")}]),
        _observation(record, "spo2", _loinc("SpO₂", ("2708-6", "Oxygen saturation in "
                     "Arterial blood"), ("59408-5", "Oxygen saturation in Arterial blood by "
                                                    "Pulse oximetry")), VITAL_SIGNS, patient,
                     valueQuantity=quantity(record.spo2, "%")),
    ]
    if record.respiratory_rate is not None:  # None: recorded before it was asked
        found.insert(2, _observation(record, "frequence-respiratoire", _loinc(
            "Fréquence respiratoire", ("9279-1", "Respiratory rate")), VITAL_SIGNS, patient,
            valueQuantity=quantity(record.respiratory_rate, "/min")))
    return found


def _derived(resources: Iterable[Resource]) -> list[Resource]:
    return [reference("Observation", r["id"]) for r in resources]


# HL7 v3 ObservationInterpretation, the R4 observation-interpretation value set's code system:
# N « Normal », A « Abnormal », AA « Critical abnormal ». Source:
# https://terminology.hl7.org/CodeSystem-v3-ObservationInterpretation.html (value sets
# ObservationInterpretationNormalityAbnormal and …NormalityCriticallyAbnormal).
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
TRIAGE_INTERPRETATION = {"green": ("N", "Normal"), "orange": ("A", "Abnormal"),
                         "red": ("AA", "Critical abnormal")}


def _triage_interpretation(level: str) -> list[Resource]:
    code, display = TRIAGE_INTERPRETATION[level]
    return [concept(level_label(level), coding(INTERPRETATION, code, display))]


def check_observations(record: DailyCheckRecord, patient: Patient) -> list[Resource]:
    """Vital signs, the NEWS2 score (when graded) and the triage level of one check."""
    vitals = vital_signs(record, patient)
    scores: list[Resource] = []
    if record.news2_score is not None:
        risk = {"interpretation": [{"text": f"risque {record.news2_risk}"}]} if (
            record.news2_risk) else {}
        scores.append(_observation(
            record, "news2", NEWS2, SURVEY, patient,
            valueQuantity={"value": record.news2_score, "system": "http://unitsofmeasure.org",
                           "code": "{score}"}, **risk, derivedFrom=_derived(vitals)))
    level = record.triage.value
    triage = _observation(
        record, "triage", TRIAGE, SURVEY, patient,
        valueCodeableConcept=local_concept("triage", level, level_label(level)),
        interpretation=_triage_interpretation(level),
        note=[{"text": record_action(record)}], derivedFrom=_derived([*vitals, *scores]))
    return [*vitals, *scores, triage]


def alert_flag(alert: Alert, patient: Patient, observations: Sequence[str] = ()) -> Resource:
    """An open alert as an active Flag, pointing at its check's triage when it is included."""
    detail = f"releve-{alert.check_id}-triage"
    extension = ([{"url": FLAG_DETAIL, "valueReference": reference("Observation", detail)}]
                 if alert.check_id is not None and detail in observations else [])
    return {"resourceType": "Flag", "id": f"alerte-{alert.id}",
            **({"extension": extension} if extension else {}),
            "status": "active",
            "category": [concept("Clinique", coding(FLAG_CATEGORY, "clinical", "Clinical"))],
            "code": local_concept("alerte", f"{alert.kind}-{alert.level}",
                                  f"Alerte {level_label(alert.level)} : {alert.message}"),
            "subject": reference("Patient", patient.id, patient.reference),
            "period": {"start": instant(clock.to_local(alert.created_at))}}


def alert_issue(alert: Alert, patient: Patient, observations: Sequence[str] = ()) -> Resource:
    """An open alert as a DetectedIssue.

    Its severity (red high, orange moderate) and the check's triage Observation it rests on.
    """
    detail = f"releve-{alert.check_id}-triage"
    implicated = ([reference("Observation", detail)]
                  if alert.check_id is not None and detail in observations else [])
    return {"resourceType": "DetectedIssue", "id": f"alerte-{alert.id}-constat",
            "status": "preliminary",
            "code": local_concept("alerte", f"{alert.kind}-{alert.level}",
                                  f"Alerte {level_label(alert.level)}"),
            "severity": "high" if alert.level == TriageLevel.RED else "moderate",
            "patient": reference("Patient", patient.id, patient.reference),
            "identifiedDateTime": instant(clock.to_local(alert.created_at)),
            **({"implicated": implicated} if implicated else {}),
            "detail": f"{alert.message} — alerte ouverte, non acquittée."}
