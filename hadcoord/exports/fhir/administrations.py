"""Bags really running at home, as FHIR ``MedicationAdministration`` (issue 17).

hadcoord does not record the moment a nurse hangs a bag; what it holds is each daily check,
where the HAD nurse states whether the pump is running. A bag is exported as administered only
when at least one check saw the pump running during the bag's planned hours — the evidence is
named in the resource's note and ``supportingInformation`` — never merely because the calendar
says the bag should be up. Its hours are the plan's (said so in the note).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hadcoord import clock
from hadcoord.exports.fhir.care import DRUG, CareRecord, bag_ids
from hadcoord.exports.fhir.common import Resource, instant, quantity, reference
from hadcoord.planning.model import Bag
from hadcoord.wording.formats import quantity as french_quantity


def _status(bag: Bag, now: dt.datetime) -> str:
    if bag.stopped_early:
        return "stopped"
    return "completed" if bag.end <= now else "in-progress"


def _seen_during(bag: Bag, pump_seen: Sequence[tuple[str, dt.datetime]],
                 now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    # Half-open hours: a check at the very minute of a change belongs to the new bag.
    return [(ident, at) for ident, at in pump_seen if bag.start <= at < bag.end and at <= now]


def medication_administration(bag: Bag, ident: str, record: CareRecord,
                              evidence: Sequence[tuple[str, dt.datetime]]) -> Resource:
    """One bag running at home: planned hours, rate, dose, the checks that saw it running."""
    period = {"start": instant(bag.start)}
    if bag.end <= record.now:
        period["end"] = instant(bag.end)
    seen = ", ".join(f"{clock.to_local(at):%d/%m/%Y à %H:%M}" for _i, at in evidence)
    return {
        "resourceType": "MedicationAdministration", "id": f"{ident}-administration",
        "contained": [{"resourceType": "Medication", "id": "poche", "code": {"text": DRUG}}],
        "status": _status(bag, record.now),
        "medicationReference": {"reference": "#poche", "display": DRUG},
        "subject": reference("Patient", record.patient.id, record.patient.reference),
        "request": reference("MedicationRequest", ident),
        "effectivePeriod": period,
        "supportingInformation": [reference("Observation", i) for i, _at in evidence],
        "dosage": {
            "text": (f"{french_quantity(bag.dose_ug_per_day, 'µg/j')} à "
                     f"{french_quantity(bag.rate_ml_per_h, 'mL/h')}"),
            "route": {"text": "voie intraveineuse, perfusion continue"},
            "rateQuantity": quantity(bag.rate_ml_per_h, "mL/h")},
        "note": [{"text": (f"Pompe vue en marche lors de {len(evidence)} relevé(s) à domicile "
                           f"({seen}). Heures de pose et de fin d'après le calendrier : "
                           "hadcoord n'enregistre pas l'heure réelle de pose.")}],
    }


def medication_administrations(record: CareRecord,
                               pump_seen: Sequence[tuple[str, dt.datetime]]
                               ) -> list[Resource]:
    """The bags a check saw running, in plan order.

    ``pump_seen``: the triage Observation id and the time of each check with the pump running.
    """
    bags = record.plan.bags if record.plan else ()
    found = []
    for bag, ident in zip(bags, bag_ids(record), strict=True):
        evidence = _seen_during(bag, pump_seen, record.now)
        if evidence:
            found.append(medication_administration(bag, ident, record, evidence))
    return found
