"""A patient's pathway in FHIR: Patient, CarePlan, Appointment, MedicationRequest, Task.

The Patient carries the reference only (no name, birth date nor address).

The CarePlan's activities are the hospital stays and the daily home checks (in detail), the
day-hospital bag changes (``Appointment``), the bags (``MedicationRequest``: dose, content,
rate) and the coordination tasks (``Task``). Ids are stable across rebuilds: the patient's id,
then the event's kind, cycle and rank in the cycle (as the iCalendar export's UIDs).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC

from hadcoord.exports.fhir.common import (
    LOCAL_PATIENT,
    Resource,
    instant,
    internal_identifier,
    local_concept,
    quantity,
    reference,
)
from hadcoord.planning.model import Bag, Plan, Stay
from hadcoord.planning.protocol import Protocol
from hadcoord.store import Pathway, Patient, Task
from hadcoord.vocabulary import PathwayState, TaskStatus
from hadcoord.wording import labels
from hadcoord.wording.formats import quantity as french_quantity

DRUG = "blinatumomab"
# Task.status (FHIR task-status) of each stored status; an abandoned option's task is cancelled.
TASK_STATUS = {TaskStatus.TODO.value: "requested", TaskStatus.DONE.value: "completed",
               "not_applicable": "cancelled"}


@dataclass(frozen=True, slots=True)
class CareRecord:
    """What a patient's care plan is built from (loaded and access-checked by the caller)."""

    patient: Patient
    pathway: Pathway
    plan: Plan | None
    protocol: Protocol
    now: dt.datetime  # aware: what is past, running or to come


def patient_resource(patient: Patient) -> Resource:
    """The patient by reference only: no name, birth date nor address."""
    had = patient.pathway.had_establishment_id if patient.pathway else None
    return {"resourceType": "Patient", "id": str(patient.id),
            "identifier": [internal_identifier(LOCAL_PATIENT, patient.reference)],
            "active": True,
            **({"managingOrganization": reference("Organization", had)} if had else {})}


def _subject(patient: Patient) -> Resource:
    return reference("Patient", patient.id, patient.reference)


def _progress(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> str:
    """CarePlan activity status of what runs from ``start`` to ``end`` at ``now``."""
    if end <= now:
        return "completed"
    return "in-progress" if start <= now else "scheduled"


# CarePlan.status of each pathway state (issue 14): not in force until the HAD takes the
# patient; on hold when every option was refused; ended as completed.
CAREPLAN_STATUS = {
    PathwayState.OPTIONS_PROPOSED: "draft", PathwayState.REQUEST_SENT: "draft",
    PathwayState.ANSWER_ACCEPTED: "draft", PathwayState.ANSWER_REFUSED: "on-hold",
    PathwayState.HAD_CONFIRMED: "active", PathwayState.AT_HOME: "active",
    PathwayState.IN_CYCLE: "active", PathwayState.ENDED: "completed",
}


def careplan_status(record: CareRecord) -> str:
    """The pathway state's CarePlan status (``draft`` while no calendar is planned)."""
    if record.plan is None:
        return "draft"
    return CAREPLAN_STATUS.get(record.pathway.state, "unknown")


def _ranked(plan_items: Sequence[tuple[int, object]], prefix: str) -> Iterator[str]:
    seen: Counter[int] = Counter()
    for cycle, _item in plan_items:
        seen[cycle] += 1
        yield f"{prefix}-c{cycle}-{seen[cycle]}"


def appointment_ids(record: CareRecord) -> list[str]:
    """The Appointment id of each day-hospital visit, in plan order."""
    plan = record.plan
    if plan is None:
        return []
    bags = {bag.start: bag for bag in plan.bags}
    visits = [(bags[moment].cycle, moment) for moment in plan.day_hospital_visits]
    return [f"{record.patient.id}-{key}" for key in _ranked(visits, "hdj")]


def bag_ids(record: CareRecord) -> list[str]:
    """The MedicationRequest id of each bag, in plan order."""
    bags = record.plan.bags if record.plan else ()
    return [f"{record.patient.id}-{key}" for key in _ranked([(b.cycle, b) for b in bags],
                                                            "poche")]


def _stay_activity(stay: Stay, record: CareRecord) -> Resource:
    reason = labels.STAY_REASON[stay.reason]
    return {"detail": {
        "kind": "ServiceRequest",
        "code": local_concept("activite", "sejour",
                              f"Hospitalisation – cycle {stay.cycle} ({reason})"),
        "status": _progress(stay.admission, stay.discharge, record.now),
        "scheduledPeriod": {"start": instant(stay.admission), "end": instant(stay.discharge)},
        "location": {"display": record.protocol.calendar.ward_location}}}


def _checks_activity(record: CareRecord, observations: Sequence[str]) -> Resource | None:
    plan = record.plan
    if plan is None or not plan.home_checks:
        return None
    first, last = plan.home_checks[0], plan.home_checks[-1]
    start = dt.datetime.combine(first, dt.time(), tzinfo=record.now.tzinfo)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=record.now.tzinfo)
    return {
        **({"outcomeReference": [reference("Observation", ident) for ident in observations]}
           if observations else {}),
        "detail": {
            "kind": "ServiceRequest",
            "code": local_concept("activite", "surveillance-quotidienne",
                                  "Surveillance quotidienne HAD (constantes, voie veineuse, "
                                  "pompe, test d'écriture)"),
            "status": _progress(start, end, record.now),
            "scheduledTiming": {"event": [day.isoformat() for day in plan.home_checks]},
            "location": {"display": record.protocol.calendar.home_location}}}


def careplan(record: CareRecord, observations: Sequence[str] = ()) -> Resource:
    """The pathway as a CarePlan; ``observations`` are the ids of the recorded checks'."""
    plan, patient = record.plan, record.patient
    activities: list[Resource] = [_stay_activity(stay, record) for stay in (
        plan.stays if plan else ())]
    activities += [{"reference": reference("Appointment", i)} for i in appointment_ids(record)]
    activities += [{"reference": reference("MedicationRequest", i)} for i in bag_ids(record)]
    if (checks := _checks_activity(record, observations)) is not None:
        activities.append(checks)
    activities += [{"reference": reference("Task", task.id)} for task in record.pathway.tasks]
    period = ({"period": {"start": instant(plan.stays[0].admission),
                          "end": instant(plan.cycles[-1].infusion_end)}} if plan else {})
    return {
        "resourceType": "CarePlan", "id": str(patient.id),
        "identifier": [internal_identifier(LOCAL_PATIENT, f"{patient.reference}/parcours")],
        "status": careplan_status(record), "intent": "plan",
        "category": [local_concept("parcours", "had-blinatumomab",
                                   "Parcours blinatumomab en HAD")],
        "title": f"Parcours blinatumomab en HAD — {patient.reference}",
        "description": (f"{record.pathway.cycles} cycle(s), changements de poche le "
                        f"{labels.CHANGE_DAYS.get(record.pathway.change_days, '')}".strip()),
        "subject": _subject(patient), **period, "activity": activities,
    }


def appointments(record: CareRecord) -> list[Resource]:
    """One booked Appointment per day-hospital bag change."""
    plan = record.plan
    if plan is None:
        return []
    bags = {bag.start: (bag, ident) for bag, ident in zip(plan.bags, bag_ids(record),
                                                          strict=True)}
    visit = dt.timedelta(minutes=record.protocol.visit_minutes)
    found = []
    for ident, moment in zip(appointment_ids(record), plan.day_hospital_visits, strict=True):
        bag, bag_id = bags[moment]
        end = (moment.astimezone(UTC) + visit).astimezone(moment.tzinfo)
        found.append({
            "resourceType": "Appointment", "id": ident, "status": "booked",
            "serviceType": [local_concept("activite", "changement-poche",
                                          "Hôpital de jour – changement de poche")],
            "description": f"Hôpital de jour – changement de poche (cycle {bag.cycle})",
            "start": instant(moment), "end": instant(end),
            "minutesDuration": record.protocol.visit_minutes,
            "supportingInformation": [reference("MedicationRequest", bag_id)],
            "participant": [
                {"actor": _subject(record.patient), "status": "accepted"},
                {"actor": {"display": record.protocol.calendar.day_hospital_location},
                 "status": "accepted"}]})
    return found


def _bag_status(bag: Bag, now: dt.datetime) -> str:
    if bag.stopped_early:
        return "stopped"
    return "completed" if bag.end <= now else "active"


def medication_request(bag: Bag, ident: str, record: CareRecord) -> Resource:
    """One bag: daily dose, content (µg in the bag's volume), rate, the hours it runs."""
    period = {"start": instant(bag.start), "end": instant(bag.end)}
    place = labels.PLACE[bag.hung_at]
    return {
        "resourceType": "MedicationRequest", "id": ident,
        "contained": [{"resourceType": "Medication", "id": "poche", "code": {"text": DRUG},
                       "ingredient": [{"itemCodeableConcept": {"text": DRUG}, "strength": {
                           "numerator": quantity(bag.content_ug, "µg", "ug"),
                           "denominator": quantity(bag.ml, "mL")}}]}],
        "status": _bag_status(bag, record.now), "intent": "plan",
        "medicationReference": {"reference": "#poche", "display": DRUG},
        "subject": _subject(record.patient),
        "basedOn": [reference("CarePlan", record.patient.id)],
        "dosageInstruction": [{
            "text": (f"Poche de {bag.hours} h (+{bag.overfill_hours} h de surremplissage), "
                     f"{french_quantity(bag.dose_ug_per_day, 'µg/j')} à "
                     f"{french_quantity(bag.rate_ml_per_h, 'mL/h')}, posée en {place}. "
                     "Ne jamais rincer la ligne."),
            "timing": {"repeat": {"boundsPeriod": period}},
            "route": {"text": "voie intraveineuse, perfusion continue"},
            "doseAndRate": [
                {"type": {"text": "dose journalière"}, "rateRatio": {
                    "numerator": quantity(bag.dose_ug_per_day, "µg", "ug"),
                    "denominator": quantity(1, "j", "d")}},
                {"type": {"text": "débit"}, "rateQuantity": quantity(bag.rate_ml_per_h,
                                                                     "mL/h")}]}],
        "dispenseRequest": {
            "validityPeriod": period, "quantity": quantity(bag.ml, "mL"),
            "expectedSupplyDuration": quantity(bag.hours, "h")},
        "note": [{"text": f"Contenu de la poche {french_quantity(bag.content_ug, 'µg')} (dose "
                          f"délivrée {french_quantity(bag.delivered_ug, 'µg')}), préparée le "
                          f"{bag.prepared_on:%d/%m/%Y}."}],
    }


def medication_requests(record: CareRecord) -> list[Resource]:
    """One MedicationRequest per bag of the plan."""
    bags = record.plan.bags if record.plan else ()
    return [medication_request(bag, ident, record)
            for bag, ident in zip(bags, bag_ids(record), strict=True)]


def task_resource(task: Task, record: CareRecord) -> Resource:
    """A coordination task (admission request, derogation letter, training…)."""
    return {
        "resourceType": "Task", "id": str(task.id),
        "basedOn": [reference("CarePlan", record.patient.id)],
        "status": TASK_STATUS.get(str(task.status), "requested"), "intent": "plan",
        "code": local_concept("tache", task.kind, task.title),
        "description": task.title, "for": _subject(record.patient),
        # A task waiting for an answer has no due date of its own yet (issue 14).
        **({} if task.waits_for else {
            "restriction": {"period": {"end": task.due_date.isoformat()}}}),
        "owner": {"display": task.owner},
    }


def tasks(record: CareRecord) -> list[Resource]:
    """The pathway's coordination tasks."""
    return [task_resource(task, record) for task in record.pathway.tasks]
