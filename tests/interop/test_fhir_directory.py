"""The directory side in FHIR: HADs, territories, communes and hospitals (no patient data)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
import shapely
from click.testing import CliRunner
from fhir.resources.R4B.healthcareservice import HealthcareService
from flask import Flask
from flask.testing import FlaskClient
from pydantic import ValidationError

from hadcoord.cli import main
from hadcoord.config import Settings
from hadcoord.coverage.catalogue import Catalogue, default_catalogue
from hadcoord.exports.fhir.common import BOUNDARY_EXTENSION, FINESS, INSEE_COMMUNES
from hadcoord.exports.fhir.directory import Directory, directory, with_boundary
from hadcoord.maps.geometry import map_geometry
from tests.interop.fhir_validation import VALIDATED, validate, validate_all
from tests.support.web import ClientAs

MONTAUBAN = "82121"


@pytest.fixture(scope="module")
def catalogue(project_settings: Settings) -> Catalogue:
    return default_catalogue(project_settings.reference)


@pytest.fixture(scope="module")
def resources(catalogue: Catalogue) -> Directory:
    return directory(catalogue)


def _outline(location: dict[str, Any]) -> Any:
    [extension] = [e for e in location["extension"] if e["url"] == BOUNDARY_EXTENSION]
    attachment = extension["valueAttachment"]
    assert attachment["contentType"] == "application/geo+json"
    return shapely.geometry.shape(json.loads(base64.b64decode(attachment["data"])))


def test_every_directory_resource_validates(resources: Directory) -> None:
    count = validate_all(resources.all())
    print(f"\nFHIR directory: {count} resources validated, by type {dict(VALIDATED)}")
    assert {kind: len(found) for kind, found in resources.by_type().items()} == {
        "Organization": 14 + len(default_hospitals(resources)), "HealthcareService": 14,
        "Location": len(resources.locations)}


def default_hospitals(resources: Directory) -> list[dict[str, Any]]:
    return [r for r in resources.organizations if r["id"].startswith("hopital-")]


def test_a_resource_with_an_unknown_element_is_refused() -> None:
    """The validator is not lenient: the directory test above can fail."""
    with pytest.raises(ValidationError):
        HealthcareService.model_validate({"resourceType": "HealthcareService",
                                          "coverageZone": []})


def test_no_finess_number_is_made_up(resources: Directory) -> None:
    """The reference data gives no FINESS number: only internal identifiers (FR Core INTRN)."""
    for resource in resources.all():
        for identifier in resource.get("identifier", []):
            assert identifier["system"] != FINESS
            if identifier["system"] != INSEE_COMMUNES:
                assert identifier["type"]["coding"][0]["code"] == "INTRN"


def test_service_has_its_authorisations_and_communes(catalogue: Catalogue,
                                                     resources: Directory) -> None:
    services = {s["id"]: s for s in resources.services}
    for establishment in catalogue.establishments:
        service = services[establishment.id]
        assert service["providedBy"]["reference"] == f"Organization/{establishment.id}"
        assert service["type"][0]["text"] == "Hospitalisation à domicile (HAD)"
        areas = [a["reference"] for a in service["coverageArea"]]
        assert areas[0] == f"Location/territoire-{establishment.id}"
        assert {a.removeprefix("Location/commune-") for a in areas[1:]} == establishment.territory
        periods = service.get("extension", [])
        assert len(periods) == len(establishment.chemotherapy)
        for extension, period in zip(periods, establishment.chemotherapy, strict=True):
            parts = {p["url"]: p for p in extension["extension"]}
            assert parts["basis"]["valueCoding"]["code"] == period.basis.value
            dates = parts.get("period", {}).get("valuePeriod", {})
            assert dates.get("start") == (period.start.isoformat() if period.start else None)
            assert dates.get("end") == (period.end.isoformat() if period.end else None)


def test_commune_location_is_identified_by_insee_code(resources: Directory) -> None:
    [montauban] = [r for r in resources.locations if r["id"] == f"commune-{MONTAUBAN}"]
    assert montauban["identifier"] == [{"use": "official", "system": INSEE_COMMUNES,
                                        "value": MONTAUBAN}]
    assert montauban["name"] == "Montauban"
    assert montauban["address"]["postalCode"] == "82000"
    assert "extension" not in montauban  # the outline only when asked


def test_outlines_when_asked(catalogue: Catalogue, resources: Directory,
                             project_settings: Settings) -> None:
    maps = project_settings.maps
    geometry = map_geometry(catalogue.reference, maps.simplify_tolerance_m,
                            maps.coordinate_decimals)
    commune = catalogue.reference.by_code[MONTAUBAN]
    [plain] = [r for r in resources.locations if r["id"] == f"commune-{MONTAUBAN}"]
    outlined = with_boundary(plain, catalogue, geometry)
    validate(outlined)
    assert _outline(outlined).contains(shapely.Point(commune.lon, commune.lat))
    territory = with_boundary({"id": "territoire-had-ch-montauban"}, catalogue, geometry)
    validate(territory)
    assert _outline(territory).contains(shapely.Point(commune.lon, commune.lat))


def test_cli_export_writes_ndjson_per_type(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["fhir", "export", "--out", str(tmp_path / "ars")])
    assert result.exit_code == 0, result.output
    assert "Location.ndjson : 3 305 ressources" in result.output.replace("\u202f", " ")
    lines = {path.name: path.read_text(encoding="utf-8").splitlines()
             for path in (tmp_path / "ars").iterdir()}
    assert set(lines) == {"Organization.ndjson", "HealthcareService.ndjson", "Location.ndjson"}
    for name, rows in lines.items():
        resources = [json.loads(row) for row in rows]
        assert {r["resourceType"] for r in resources} == {name.removesuffix(".ndjson")}
        validate_all(resources)


def test_cli_export_into_a_file_is_refused_in_french(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "fichier"
    target.write_text("x")
    result = runner.invoke(main, ["fhir", "export", "--out", str(target)])
    assert result.exit_code == 2
    assert "impossible d'écrire dans" in result.output


# --- the endpoints --------------------------------------------------------------------------

def _fhir(client: FlaskClient, path: str, status: int = 200) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/fhir+json"
    body: dict[str, Any] = json.loads(response.get_data(as_text=True))
    validate(body)
    return body


@pytest.mark.parametrize("role", ["coordinator", "ars", "admin"])
def test_healthcare_services_searchset(client_as: ClientAs, role: str) -> None:
    bundle = _fhir(client_as(role), "/fhir/HealthcareService")
    assert bundle["type"] == "searchset"
    assert bundle["total"] == 14
    assert bundle["entry"][0]["fullUrl"].startswith("http://localhost/fhir/HealthcareService/")


def test_includes_organisation_and_areas(client_as: ClientAs) -> None:
    bundle = _fhir(client_as("ars"), "/fhir/HealthcareService?_id=had-ch-montauban"
                   "&_include=HealthcareService:organization"
                   "&_include=HealthcareService:coverage-area")
    modes = [(e["resource"]["resourceType"], e["search"]["mode"]) for e in bundle["entry"]]
    assert modes[0] == ("HealthcareService", "match")
    assert ("Organization", "include") in modes
    assert ("Location", "include") in modes
    assert bundle["total"] == 1


def test_location_by_insee_identifier(client_as: ClientAs) -> None:
    client = client_as("ars")
    for token in (f"{INSEE_COMMUNES}|{MONTAUBAN}", MONTAUBAN):
        bundle = _fhir(client, f"/fhir/Location?identifier={token}")
        assert [e["resource"]["id"] for e in bundle["entry"]] == [f"commune-{MONTAUBAN}"]
    assert _fhir(client, "/fhir/Location?identifier=urn:autre|82121")["total"] == 0
    outlined = _fhir(client, f"/fhir/Location?identifier={MONTAUBAN}&boundary=true")
    assert _outline(outlined["entry"][0]["resource"]).area > 0
    every = _fhir(client, "/fhir/Location?boundary=true", 400)
    assert "50 lieux au plus" in every["issue"][0]["diagnostics"]


def test_read_and_errors_are_operation_outcomes(client_as: ClientAs, app: Flask) -> None:
    ars = client_as("ars")
    assert _fhir(ars, "/fhir/Organization/had-ch-montauban")["name"] == "HAD du CH de Montauban"
    missing = _fhir(ars, "/fhir/HealthcareService/had-inconnue", 404)
    assert missing["resourceType"] == "OperationOutcome"
    assert "introuvable" in missing["issue"][0]["diagnostics"]
    bad = _fhir(ars, "/fhir/Location?boundary=oui", 400)
    assert "« boundary »" in bad["issue"][0]["diagnostics"]
    assert _fhir(ars, "/fhir/HealthcareService?_include=Patient:x", 400)["issue"][0][
        "code"] == "invalid"
    assert _fhir(app.test_client(), "/fhir/HealthcareService", 401)["issue"][0]["code"] == "login"


@pytest.mark.parametrize("role", ["pharmacist", "had_nurse"])
def test_directory_refused_to_other_roles(client_as: ClientAs, role: str) -> None:
    refused = _fhir(client_as(role), "/fhir/HealthcareService", 403)
    assert refused["issue"][0]["code"] == "forbidden"


HUMAN_TEXT = {"text", "display", "name", "description", "valueString", "diagnostics", "title"}
INTERNAL = re.compile(r"thèse|\(l\. \d|l\. \d{4}|tableau \d", re.IGNORECASE)


def human_texts(node: Any) -> list[str]:
    """Every human-readable string of a resource (not its ids, references nor codes)."""
    if isinstance(node, list):
        return [text for item in node for text in human_texts(item)]
    if not isinstance(node, dict):
        return []
    found = [v for k, v in node.items() if k in HUMAN_TEXT and isinstance(v, str)]
    return found + [t for k, v in node.items() if k not in HUMAN_TEXT for t in human_texts(v)]


def test_no_internal_reference_in_what_a_person_reads(catalogue: Catalogue,
                                                      resources: Directory) -> None:
    """Names, displays and texts: no thesis line, no establishment identifier."""
    ids = re.compile("|".join(re.escape(ident) for ident in catalogue.by_id))
    texts = [text for resource in resources.all() for text in human_texts(resource)]
    assert any("Chimiothérapie à domicile autorisée" in text for text in texts)
    assert [t for t in texts if INTERNAL.search(t) or ids.search(t)] == []


@pytest.mark.parametrize("role", ["pharmacist", "ars"])
def test_capability_statement(client_as: ClientAs, role: str) -> None:
    statement = _fhir(client_as(role), "/fhir/metadata")
    assert statement["fhirVersion"] == "4.0.1"
    kinds = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(kinds) == {"HealthcareService", "Location", "Organization", "Patient",
                          "CarePlan"}
    assert {p["name"] for p in kinds["Location"]["searchParam"]} == {
        "_id", "identifier", "boundary"}


def test_service_form_is_the_public_nos_code_for_home_hospitalisation(
        resources: Directory) -> None:
    """The Annuaire Santé HealthcareService profile binds ``characteristic`` to the NOS
    TRE_R276-FormeActivite; code 05 is « Hospitalisation à domicile (au domicile du patient) »;
    the service type has no public code in our sources: it says it is local."""
    nos = "https://mos.esante.gouv.fr/NOS/TRE_R276-FormeActivite/FHIR/TRE-R276-FormeActivite"
    for service in resources.services:
        forms = [c for concept in service["characteristic"] for c in concept.get("coding", [])
                 if c["system"] == nos]
        assert forms == [{"system": nos, "code": "05",
                          "display": "Hospitalisation à domicile (au domicile du patient)"}]
        assert service["type"][0]["coding"][0]["system"].startswith("urn:hadcoord:code:")
        assert "code local" in service["type"][0]["coding"][0]["display"]
