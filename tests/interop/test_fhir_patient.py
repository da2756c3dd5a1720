"""The patient side in FHIR: $everything, CarePlan, Patient — valid, faithful, audited, closed.

Round trip: the plan and the recorded checks → the bundle → the same dates, doses, rates and
values. Roles: the coordinator and the patient's HAD nurses only (another HAD's patient is a
404 like a missing one); the ARS, the pharmacist and the admin are refused (403).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hadcoord.monitoring import parse_check, triage
from hadcoord.services.check_records import record_values
from hadcoord.store import AuditEvent, DailyCheckRecord, Patient, Task
from hadcoord.vocabulary import PathwayState
from hadcoord.web import fhir
from tests.interop.fhir_validation import VALIDATED, validate, validate_all
from tests.monitoring.conftest import NORMAL as NORMAL_CHECK
from tests.support.checks import MakeDocument, plan_of
from tests.support.web import ClientAs, Sessions


def _get(client: FlaskClient, path: str, status: int = 200) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    assert response.mimetype == "application/fhir+json"
    body: dict[str, Any] = json.loads(response.get_data(as_text=True))
    validate(body)
    return body


def _by_type(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


@pytest.fixture
def recorded(sessions: Sessions, client_as: ClientAs, patients: dict[str, int],
             check_doc: MakeDocument) -> dict[str, Any]:
    """Patient ``mine`` with one coordination task and one red check (fever: an open alert)."""
    with sessions() as session:
        patient = session.get(Patient, patients["mine"])
        assert patient is not None
        assert patient.pathway is not None
        session.add(Task(pathway=patient.pathway, kind="admission_request",
                         title="Demande d'admission en HAD", owner="IDEC",
                         due_date=dt.date(2026, 12, 4)))
        session.commit()
    document = check_doc(temperature_c=38.4)
    response = client_as("had_nurse").post(f"/api/patients/{patients['mine']}/checks",
                                           json=document)
    assert response.status_code == 201, response.get_json()
    return {"document": document, "check": response.get_json()}


@pytest.mark.parametrize("role", ["coordinator", "had_nurse"])
def test_everything_validates(client_as: ClientAs, patients: dict[str, int],
                              recorded: dict[str, Any], role: str) -> None:
    bundle = _get(client_as(role), f"/fhir/Patient/{patients['mine']}/$everything")
    assert bundle["type"] == "searchset"
    count = validate_all(e["resource"] for e in bundle["entry"])
    print(f"\nFHIR $everything: {count} resources validated ({dict(VALIDATED)})")
    kinds = {kind: len(found) for kind, found in _by_type(bundle).items()}
    assert kinds["Patient"] == kinds["CarePlan"] == kinds["Task"] == kinds["Flag"] == 1
    assert kinds["DetectedIssue"] == kinds["MedicationAdministration"] == 1
    assert kinds["Appointment"] > 0
    assert kinds["MedicationRequest"] > 0
    assert kinds["Observation"] == 7  # 5 vital signs, NEWS2, triage
    assert bundle["total"] == len(bundle["entry"]) == sum(kinds.values())


def test_round_trip_dates_doses_checks(sessions: Sessions, client_as: ClientAs,
                                       patients: dict[str, int],
                                       recorded: dict[str, Any]) -> None:
    plan = plan_of(sessions, patients["mine"])
    found = _by_type(_get(client_as("coordinator"),
                          f"/fhir/Patient/{patients['mine']}/$everything"))
    starts = [dt.datetime.fromisoformat(a["start"]) for a in found["Appointment"]]
    assert starts == list(plan.day_hospital_visits)
    bags = found["MedicationRequest"]
    assert len(bags) == len(plan.bags)
    for resource, bag in zip(bags, plan.bags, strict=True):
        dosage = resource["dosageInstruction"][0]
        bounds = dosage["timing"]["repeat"]["boundsPeriod"]
        assert (dt.datetime.fromisoformat(bounds["start"]),
                dt.datetime.fromisoformat(bounds["end"])) == (bag.start, bag.end)
        dose, rate = dosage["doseAndRate"]
        assert dose["rateRatio"]["numerator"]["value"] == bag.dose_ug_per_day
        assert rate["rateQuantity"] == {"value": bag.rate_ml_per_h, "unit": "mL/h",
                                        "system": "http://unitsofmeasure.org", "code": "mL/h"}
        strength = resource["contained"][0]["ingredient"][0]["strength"]
        assert (strength["numerator"]["value"], strength["denominator"]["value"]) == (
            bag.content_ug, bag.ml)
    [careplan] = found["CarePlan"]
    stays = [a["detail"]["scheduledPeriod"] for a in careplan["activity"]
             if a.get("detail", {}).get("code", {}).get("coding", [{}])[0].get("code") == "sejour"]
    assert [(dt.datetime.fromisoformat(s["start"]), dt.datetime.fromisoformat(s["end"]))
            for s in stays] == [(s.admission, s.discharge) for s in plan.stays]
    [checks] = [a for a in careplan["activity"] if "scheduledTiming" in a.get("detail", {})]
    assert checks["detail"]["scheduledTiming"]["event"] == [d.isoformat()
                                                            for d in plan.home_checks]
    assert checks["outcomeReference"] == [
        {"reference": f"Observation/releve-{recorded['check']['id']}-triage"}]
    _assert_observations(found["Observation"], recorded)


def _assert_observations(observations: list[dict[str, Any]], recorded: dict[str, Any]) -> None:
    document, check = recorded["document"], recorded["check"]
    by_code = {o["code"]["coding"][0]["code"]: o for o in observations}
    assert by_code["8310-5"]["valueQuantity"]["value"] == document["temperature_c"]
    assert by_code["8310-5"]["valueQuantity"]["code"] == "Cel"
    assert by_code["8867-4"]["valueQuantity"]["value"] == document["heart_rate"]
    assert by_code["9279-1"]["valueQuantity"]["value"] == document["respiratory_rate"]
    systolic, diastolic = by_code["85354-9"]["component"]
    assert (systolic["code"]["coding"][0]["code"], systolic["valueQuantity"]["value"]) == (
        "8480-6", document["systolic_bp"])
    assert (diastolic["code"]["coding"][0]["code"], diastolic["valueQuantity"]["value"]) == (
        "8462-4", document["diastolic_bp"])
    assert by_code["2708-6"]["valueQuantity"]["value"] == document["spo2"]
    assert by_code["1104051000000101"]["valueQuantity"]["value"] == check["news2"]["score"]
    assert by_code["triage"]["valueCodeableConcept"]["coding"][0]["code"] == "red"
    # Public code beside the local level: HL7 v3 ObservationInterpretation AA (red).
    assert by_code["triage"]["interpretation"][0]["coding"] == [{
        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
        "code": "AA", "display": "Critical abnormal"}]
    moment = dt.datetime.fromisoformat(by_code["8310-5"]["effectiveDateTime"])
    assert moment == dt.datetime.fromisoformat(document["recorded_at"])


def test_open_alert_is_a_flag_pointing_at_its_check(client_as: ClientAs,
                                                    patients: dict[str, int],
                                                    recorded: dict[str, Any]) -> None:
    found = _by_type(_get(client_as("coordinator"),
                          f"/fhir/Patient/{patients['mine']}/$everything"))
    [flag] = found["Flag"]
    assert flag["status"] == "active"
    assert flag["extension"][0]["valueReference"]["reference"] == (
        f"Observation/releve-{recorded['check']['id']}-triage")
    assert flag["code"]["text"].startswith("Alerte ROUGE")


def test_open_alert_is_also_a_detected_issue(client_as: ClientAs, patients: dict[str, int],
                                            recorded: dict[str, Any]) -> None:
    found = _by_type(_get(client_as("coordinator"),
                          f"/fhir/Patient/{patients['mine']}/$everything"))
    [issue] = found["DetectedIssue"]
    assert issue["severity"] == "high"  # a red alert
    assert issue["status"] == "preliminary"
    assert issue["implicated"] == [
        {"reference": f"Observation/releve-{recorded['check']['id']}-triage"}]
    assert issue["patient"]["reference"] == f"Patient/{patients['mine']}"
    assert "non acquittée" in issue["detail"]


def test_only_a_bag_a_check_saw_running_is_administered(
        sessions: Sessions, client_as: ClientAs, patients: dict[str, int],
        recorded: dict[str, Any]) -> None:
    """The red check saw the pump running: one bag (the one up then), nothing more."""
    plan = plan_of(sessions, patients["mine"])
    at = dt.datetime.fromisoformat(recorded["document"]["recorded_at"])
    [bag] = [bag for bag in plan.bags if bag.start <= at < bag.end]
    found = _by_type(_get(client_as("coordinator"),
                          f"/fhir/Patient/{patients['mine']}/$everything"))
    [given] = found["MedicationAdministration"]
    assert dt.datetime.fromisoformat(given["effectivePeriod"]["start"]) == bag.start
    assert given["status"] == "in-progress"
    assert given["request"]["reference"].startswith("MedicationRequest/")
    assert given["supportingInformation"] == [
        {"reference": f"Observation/releve-{recorded['check']['id']}-triage"}]
    assert given["dosage"]["rateQuantity"]["value"] == bag.rate_ml_per_h
    assert "n'enregistre pas l'heure réelle de pose" in given["note"][0]["text"]


def test_a_stopped_pump_administers_nothing(client_as: ClientAs, patients: dict[str, int],
                                            check_doc: MakeDocument) -> None:
    document = check_doc(pump={"running": False})
    response = client_as("had_nurse").post(f"/api/patients/{patients['mine']}/checks",
                                           json=document)
    assert response.status_code == 201, response.get_json()
    found = _by_type(_get(client_as("coordinator"),
                          f"/fhir/Patient/{patients['mine']}/$everything"))
    assert "MedicationAdministration" not in found


def test_patient_carries_its_reference_only(client_as: ClientAs,
                                            patients: dict[str, int]) -> None:
    patient = _get(client_as("coordinator"), f"/fhir/Patient/{patients['mine']}")
    assert patient["identifier"][0]["value"] == "P-MINE01"
    assert not {"name", "birthDate", "address", "telecom", "gender"} & set(patient)
    assert patient["managingOrganization"] == {"reference": "Organization/had-ch-cahors"}


def test_careplan_read_and_missing(client_as: ClientAs, sessions: Sessions,
                                   patients: dict[str, int]) -> None:
    nurse = client_as("had_nurse")
    careplan = _get(nurse, f"/fhir/CarePlan/{patients['mine']}")
    assert (careplan["status"], careplan["intent"]) == ("draft", "plan")  # options proposed
    with sessions() as session:
        patient = session.get(Patient, patients["mine"])
        assert patient is not None
        assert patient.pathway is not None
        patient.pathway.state = PathwayState.AT_HOME
        session.commit()
    careplan = _get(nurse, f"/fhir/CarePlan/{patients['mine']}")
    assert (careplan["status"], careplan["intent"]) == ("active", "plan")
    assert careplan["subject"]["reference"] == f"Patient/{patients['mine']}"
    missing = _get(nurse, "/fhir/CarePlan/999999", 404)
    assert missing["issue"][0]["code"] == "not-found"


def test_reads_are_audited(sessions: Sessions, client_as: ClientAs,
                           patients: dict[str, int]) -> None:
    client = client_as("coordinator")
    _get(client, f"/fhir/Patient/{patients['mine']}/$everything")
    _get(client, f"/fhir/CarePlan/{patients['mine']}")
    with sessions() as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.patient_id == patients["mine"], AuditEvent.action == "read")).all()
    targets = [event.target for event in events]
    assert f"/fhir/Patient/{patients['mine']}/$everything" in targets
    assert "dossier FHIR" in targets
    assert f"/fhir/CarePlan/{patients['mine']}" in targets


PATIENT_PATHS = ["/fhir/Patient/{id}", "/fhir/CarePlan/{id}", "/fhir/Patient/{id}/$everything"]


@pytest.mark.parametrize("role", ["ars", "pharmacist", "admin"])
@pytest.mark.parametrize("path", PATIENT_PATHS)
def test_patient_side_refused_to_other_roles(client_as: ClientAs, patients: dict[str, int],
                                             role: str, path: str) -> None:
    refused = _get(client_as(role), path.format(id=patients["mine"]), 403)
    assert refused["issue"][0]["code"] == "forbidden"


@pytest.mark.parametrize("path", PATIENT_PATHS)
def test_another_had_patient_is_not_found(client_as: ClientAs, app: Flask,
                                          patients: dict[str, int], path: str) -> None:
    nurse = client_as("had_nurse")
    assert _get(nurse, path.format(id=patients["other"]), 404)["issue"][0]["diagnostics"] == (
        "Ce patient n'existe pas.")
    assert _get(app.test_client(), path.format(id=patients["other"]), 401)["issue"][0][
        "code"] == "login"


def test_a_database_fault_is_a_503_operation_outcome(client_as: ClientAs,
                                                     patients: dict[str, int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> list[dict[str, Any]]:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    monkeypatch.setattr(fhir, "everything", broken)
    response = client_as("coordinator").get(f"/fhir/Patient/{patients['mine']}/$everything")
    assert response.status_code == 503
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Retry-After"]
    outcome = json.loads(response.get_data(as_text=True))
    validate(outcome)
    assert outcome["issue"][0]["code"] == "transient"
    assert outcome["issue"][0]["diagnostics"].startswith("La base de données ne répond pas")


def test_everything_carries_every_check_not_the_latest_60(sessions: Sessions,
                                                          client_as: ClientAs,
                                                          patients: dict[str, int]) -> None:
    check = parse_check(NORMAL_CHECK)
    values = record_values(check, triage(check))
    start = dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    with sessions() as session:
        for hour in range(61):
            at = start + dt.timedelta(hours=hour)
            session.add(DailyCheckRecord(patient_id=patients["mine"], recorded_at=at,
                                         recorded_by="had_nurse@example.fr",
                                         check_day=at.date(), **values))
        session.commit()
    found = _by_type(_get(client_as("coordinator"),
                          f"/fhir/Patient/{patients['mine']}/$everything"))
    triage_ids = [o["id"] for o in found["Observation"] if o["id"].endswith("-triage")]
    assert len(triage_ids) == 61
