"""A patient's record as FHIR resources: the pathway, its checks and open alerts (no Flask).

The caller has checked that the user may read the patient (``services.patients.read_patient``,
which audits the read); this module audits what the FHIR answer carried.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from hadcoord.exports.fhir.administrations import medication_administrations
from hadcoord.exports.fhir.care import (
    CareRecord,
    appointments,
    careplan,
    medication_requests,
    patient_resource,
    tasks,
)
from hadcoord.exports.fhir.checks import alert_flag, alert_issue, check_observations, check_prefix
from hadcoord.exports.fhir.common import Resource
from hadcoord.planning import PlanningError, Protocol
from hadcoord.services import audit
from hadcoord.services.alerts import open_alerts
from hadcoord.services.calendars import plan_for
from hadcoord.services.checks import checks_of
from hadcoord.store import Patient, User


def care_record(patient: Patient, protocol: Protocol, now: dt.datetime) -> CareRecord | None:
    """The pathway and its plan (None without a pathway; a refused calendar has no plan)."""
    if patient.pathway is None:
        return None
    try:
        plan = plan_for(patient.pathway, protocol)
    except PlanningError:
        plan = None
    return CareRecord(patient, patient.pathway, plan, protocol, now)


# Every check of a pathway ([protocol] max_cycles ≤ 20 cycles of 28 days: 560), not the
# pages' latest 60.
MAX_CHECKS = 1000


def _observations(session: Session, patient: Patient) -> list[Resource]:
    checks = checks_of(session, patient.id, limit=MAX_CHECKS)  # newest first
    return [obs for record in reversed(checks) for obs in check_observations(record, patient)]


def _pump_seen(session: Session, patient: Patient) -> list[tuple[str, dt.datetime]]:
    """(triage Observation id, time) of each check that saw the pump running, oldest first."""
    checks = checks_of(session, patient.id, limit=MAX_CHECKS)
    return [(f"{check_prefix(c)}-triage", c.recorded_at) for c in reversed(checks)
            if c.pump_running]


def careplan_of(session: Session, record: CareRecord) -> Resource:
    """The CarePlan, its daily-check activity pointing at the recorded checks' triage."""
    observations = _observations(session, record.patient)
    return careplan(record, _triage_ids(observations))


def _triage_ids(observations: list[Resource]) -> list[str]:
    return [str(o["id"]) for o in observations if str(o["id"]).endswith("-triage")]


def everything(session: Session, patient: Patient, user: User, protocol: Protocol,
               now: dt.datetime) -> list[Resource]:
    """Every resource of the patient's record (the read of its checks and alerts is audited).

    Patient, CarePlan, Appointment, MedicationRequest, MedicationAdministration (bags a
    check saw running), Task, Observation, Flag and DetectedIssue (open alerts).
    """
    resources = [patient_resource(patient)]
    record = care_record(patient, protocol, now)
    observations = _observations(session, patient)
    triage = _triage_ids(observations)
    if record is not None:
        resources += [careplan(record, triage), *appointments(record),
                      *medication_requests(record),
                      *medication_administrations(record, _pump_seen(session, patient)),
                      *tasks(record)]
    alerts = open_alerts(session, [patient.id])
    resources += [*observations, *(alert_flag(alert, patient, triage) for alert in alerts),
                  *(alert_issue(alert, patient, triage) for alert in alerts)]
    audit.record(session, user, "read", patient_id=patient.id, target="dossier FHIR",
                 detail=f"{len(resources)} ressources, {len(triage)} relevé(s), "
                        f"{len(alerts)} alerte(s) ouverte(s)")
    return resources
