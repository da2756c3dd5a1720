"""What every FHIR builder shares: code systems, identifiers, references, dates, bundles.

The resources are plain JSON-ready dicts in FHIR R4 form (checked in the tests with
``fhir.resources``' R4B models, whose JSON for the resources used here is R4's). Identifiers
follow the conventions of the ANS « Annuaire Santé » and FR Core profiles: the type of an
organisation identifier comes from FR Core's v2-0203 code system (``FINEG`` for a FINESS
number, ``INTRN`` for an internal one); a FINESS number is given only when the reference data
gives one (none does today), never made up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

Resource = dict[str, Any]

FHIR_JSON = "application/fhir+json"
# FR Core identifier types (ValueSet fr-core-vs-organization-identifier-type).
IDENTIFIER_TYPES = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
FINESS = "http://finess.sante.gouv.fr"
# INSEE commune codes: the NOS code system of communes (TRE_R13), as FR Core's address uses it.
INSEE_COMMUNES = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM"
INSEE_ADDRESS_EXTENSION = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
BOUNDARY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/location-boundary-geojson"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"
ROLE_CODE = "http://terminology.hl7.org/v3-RoleCode"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
# hadcoord's own namespaces (internal identifiers and codes that no public system defines).
LOCAL = "urn:hadcoord"
LOCAL_ESTABLISHMENT = f"{LOCAL}:etablissement"
LOCAL_HOSPITAL = f"{LOCAL}:hopital"
LOCAL_PATIENT = f"{LOCAL}:patient"
LOCAL_CODES = f"{LOCAL}:code"
CHEMOTHERAPY_EXTENSION = f"{LOCAL}:extension:autorisation-chimiotherapie"


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    """A Coding (display only when given)."""
    return {"system": system, "code": code, **({"display": display} if display else {})}


def concept(text: str, *codings: dict[str, str]) -> dict[str, Any]:
    """A CodeableConcept with its text and codings."""
    return {**({"coding": list(codings)} if codings else {}), "text": text}


def local_concept(kind: str, code: str, text: str) -> dict[str, Any]:
    """A CodeableConcept in one of hadcoord's own code systems (``urn:hadcoord:code:<kind>``)."""
    return concept(text, coding(f"{LOCAL_CODES}:{kind}", code, text))


def internal_identifier(system: str, value: str) -> dict[str, Any]:
    """An internal identifier (FR Core type ``INTRN``)."""
    return {"use": "usual", "type": concept("Identifiant interne", coding(
        IDENTIFIER_TYPES, "INTRN", "Identifiant interne")), "system": system, "value": value}


def finess_identifier(number: str) -> dict[str, Any]:
    """A FINESS number of a geographic entity (FR Core type ``FINEG``)."""
    return {"use": "official", "type": concept("FINESS d'entité géographique", coding(
        IDENTIFIER_TYPES, "FINEG", "FINESS d'entité géographique")), "system": FINESS,
        "value": number}


def reference(resource_type: str, ident: str | int, display: str | None = None) -> Resource:
    """A relative Reference ``Type/id``."""
    return {"reference": f"{resource_type}/{ident}", **({"display": display} if display else {})}


def instant(moment: dt.datetime) -> str:
    """An aware datetime as a FHIR instant (seconds, with its offset)."""
    if moment.tzinfo is None:
        msg = "FHIR instants need an aware datetime"
        raise ValueError(msg)
    return moment.isoformat(timespec="seconds")


def quantity(value: float, unit: str, code: str | None = None) -> Resource:
    """A UCUM Quantity (``code`` defaults to the printed unit)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": code or unit}


def searchset(resources: Iterable[Resource], base: str = "",
              included: Iterable[Resource] = ()) -> Resource:
    """A searchset Bundle: ``resources`` as matches, ``included`` as includes.

    ``base`` (the server's FHIR base URL, ending with a slash) gives every entry its
    ``fullUrl``; without it the entries have none.
    """
    entries = [_entry(resource, base, "match") for resource in resources]
    total = len(entries)
    entries += [_entry(resource, base, "include") for resource in included]
    return {"resourceType": "Bundle", "type": "searchset", "total": total, "entry": entries}


def _entry(resource: Resource, base: str, mode: str) -> Resource:
    url = {"fullUrl": f"{base}{resource['resourceType']}/{resource['id']}"} if base else {}
    return {**url, "resource": resource, "search": {"mode": mode}}


def operation_outcome(message: str, code: str = "processing",
                      severity: str = "error") -> Resource:
    """An OperationOutcome with one issue (``code`` from the FHIR issue-type value set)."""
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": message}]}


def capability_statement(day: str, resources: dict[str, list[str]],
                         operations: dict[str, str]) -> Resource:
    """The server's CapabilityStatement: read-only, JSON, these types and search parameters.

    ``resources`` maps a type to its search parameters (empty: read only); ``operations`` an
    operation name to the canonical of its definition.
    """
    return {
        "resourceType": "CapabilityStatement", "status": "active", "date": day,
        "kind": "instance", "fhirVersion": "4.0.1", "format": [FHIR_JSON],
        "software": {"name": "hadcoord"},
        "implementation": {"description": "hadcoord — annuaire des HAD et dossiers patients "
                                          "(lecture seule)"},
        "rest": [{"mode": "server", "resource": [{
            "type": kind,
            "interaction": [{"code": "read"}, *([{"code": "search-type"}] if params else [])],
            **({"searchParam": [{"name": name, "type": "token" if name != "boundary"
                                 else "special"} for name in params]} if params else {}),
            **({"operation": [{"name": name, "definition": url}
                              for name, url in operations.items()]}
               if kind == "Patient" else {}),
        } for kind, params in resources.items()]}],
    }
