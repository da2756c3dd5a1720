"""FHIR R4 read-only endpoints (``application/fhir+json``): the directory, then patients.

The directory (HADs, territories, communes, hospitals: no patient) opens to the roles of the
coverage pages; a patient's record to the coordinator and the patient's HAD nurses, each read
audited like the pages'. Searches answer a searchset ``Bundle``; errors an
``OperationOutcome``. Search parameters: ``_id``, ``identifier`` (``[system|]value``),
``boundary=true`` for the outlines (location-boundary-geojson), ``_include`` on
HealthcareService (organization, coverage-area).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from flask import Blueprint, Response, abort, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from hadcoord.clock import now, today
from hadcoord.coverage.catalogue import Catalogue
from hadcoord.exports.fhir.care import patient_resource
from hadcoord.exports.fhir.common import (
    FHIR_JSON,
    Resource,
    capability_statement,
    operation_outcome,
    searchset,
)
from hadcoord.exports.fhir.directory import Directory, cached_directory, with_boundary
from hadcoord.maps.geometry import map_geometry
from hadcoord.planning import Protocol
from hadcoord.services import day_hospitals
from hadcoord.services.directory import directory
from hadcoord.services.fhir_records import care_record, careplan_of, everything
from hadcoord.store import Patient, Role
from hadcoord.web.access import allow
from hadcoord.web.context import engine, map_options, protocol
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.errors import MESSAGES, UNAVAILABLE, unavailable_response
from hadcoord.web.patients import load_patient

blueprint = Blueprint("fhir", __name__, url_prefix="/fhir")
DIRECTORY_READERS = (Role.COORDINATOR, Role.ARS, Role.ADMIN)
# The patient side: the roles of the patient pages (another HAD's patient answers 404).
PATIENT_READERS = (Role.COORDINATOR, Role.HAD_NURSE)
# FHIR issue types (http://hl7.org/fhir/issue-type) of the HTTP errors this API answers.
ISSUE_TYPES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found",
               405: "not-supported", 413: "too-costly", 429: "throttled"}
MAX_OUTLINES = 50  # outlines are heavy: a search asking for them names its places
INCLUDES = {"HealthcareService:organization", "HealthcareService:coverage-area"}


def fhir_response(resource: Resource, status: int = 200) -> Response:
    """``resource`` as ``application/fhir+json``."""
    return Response(json.dumps(resource, ensure_ascii=False), status=status, mimetype=FHIR_JSON)


@blueprint.errorhandler(HTTPException)
def _outcome(error: HTTPException) -> Response:
    """Every error of this API as an OperationOutcome, in French."""
    status = error.code or 500
    described = error.description if error.description != type(error).description else None
    message = described or MESSAGES.get(status, f"Erreur {status}.")
    response = fhir_response(operation_outcome(message, ISSUE_TYPES.get(status, "exception")),
                             status)
    if status == 405 and error.get_response().headers.get("Allow"):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


@blueprint.errorhandler(SQLAlchemyError)
def _unavailable(error: SQLAlchemyError) -> Response:
    """A database fault: the app's 503 (rolled back, logged, Retry-After) as an OperationOutcome."""
    response = unavailable_response(error)
    response.set_data(json.dumps(operation_outcome(UNAVAILABLE, "transient"),
                                 ensure_ascii=False))
    response.mimetype = FHIR_JSON
    return response


def _catalogue() -> Catalogue:
    return engine().catalogue


def _directory() -> Directory:
    return cached_directory(_catalogue())


def _flag(name: str) -> bool:
    value = request.args.get(name, "false").strip().lower()
    if value not in ("true", "false"):
        abort(400, f"Paramètre « {name} » invalide : « true » ou « false » attendu.")
    return value == "true"


def _token_matches(resource: Resource, token: str) -> bool:
    """Whether one of ``resource``'s identifiers matches ``[system|]value``."""
    system, _, value = token.rpartition("|") if "|" in token else (None, "", token)
    return any(identifier.get("value") == value
               and (system is None or identifier.get("system", "") == system)
               for identifier in resource.get("identifier", []))


def _search(resources: Iterable[Resource]) -> list[Resource]:
    """The resources that ``_id`` and ``identifier`` (each a comma-separated list) keep."""
    found = list(resources)
    if ids := request.args.get("_id", "").strip():
        wanted = {ident.strip() for ident in ids.split(",")}
        found = [r for r in found if r["id"] in wanted]
    if tokens := request.args.get("identifier", "").strip():
        options = [token.strip() for token in tokens.split(",") if token.strip()]
        found = [r for r in found if any(_token_matches(r, token) for token in options)]
    return found


def _one(resources: Sequence[Resource], ident: str, kind: str) -> Resource:
    for resource in resources:
        if resource["id"] == ident:
            return resource
    abort(404, f"{kind} « {ident[:64]} » introuvable.")


def _base() -> str:
    return request.url_root + "fhir/"


def _locations(found: list[Resource]) -> list[Resource]:
    """``found`` with their outlines when ``boundary=true``."""
    if not _flag("boundary"):
        return found
    if len(found) > MAX_OUTLINES:
        abort(400, f"boundary=true : {MAX_OUTLINES} lieux au plus ({len(found)} trouvés), "
                   "précisez « identifier » ou « _id ».")
    options = map_options()
    catalogue = _catalogue()
    geometry = map_geometry(catalogue.reference, options.simplify_tolerance_m,
                            options.coordinate_decimals)
    return [with_boundary(location, catalogue, geometry) for location in found]


def _includes(services: list[Resource]) -> list[Resource]:
    asked = set(request.args.getlist("_include"))
    if unknown := asked - INCLUDES:
        abort(400, f"_include « {sorted(unknown)[0][:60]} » non pris en charge "
                   f"(possibles : {', '.join(sorted(INCLUDES))}).")
    wanted: list[str] = []
    for service in services:
        if "HealthcareService:organization" in asked:
            wanted.append(service["providedBy"]["reference"])
        if "HealthcareService:coverage-area" in asked:
            wanted += [area["reference"] for area in service["coverageArea"]]
    index = {f"{r['resourceType']}/{r['id']}": r for r in _directory().all()}
    return [index[key] for key in dict.fromkeys(wanted) if key in index]


def _read(kind: str, pick: Callable[[Directory], Sequence[Resource]]) -> Callable[[str], Response]:
    def view(ident: str) -> Response:
        resource = _one(pick(_directory()), ident, kind)
        if kind == "Location":
            resource = _locations([resource])[0]
        return fhir_response(resource)
    return view


@blueprint.get("/HealthcareService")
@allow(*DIRECTORY_READERS)
def healthcare_services() -> Response:
    """The HADs' home-hospitalisation services (``_include`` their organisations, areas)."""
    found = _search(_directory().services)
    return fhir_response(searchset(found, _base(), _includes(found)))


@blueprint.get("/Location")
@allow(*DIRECTORY_READERS)
def locations() -> Response:
    """Territories, communes (``identifier=<INSEE system>|<code>``) and hospital sites."""
    return fhir_response(searchset(_locations(_search(_directory().locations)), _base()))


@blueprint.get("/Organization")
@allow(*DIRECTORY_READERS)
def organizations() -> Response:
    """The HADs and the first-recourse hospitals."""
    return fhir_response(searchset(_search(_directory().organizations), _base()))


for _kind, _pick in (("HealthcareService", lambda d: d.services),
                     ("Location", lambda d: d.locations),
                     ("Organization", lambda d: d.organizations)):
    blueprint.add_url_rule(f"/{_kind}/<string(maxlength=64):ident>",
                           endpoint=f"read_{_kind}",
                           view_func=allow(*DIRECTORY_READERS)(_read(_kind, _pick)),
                           methods=["GET"])


def _named_protocol(patient: Patient) -> Protocol:
    """The protocol whose calendar names the pathway's day hospital (issue 14)."""
    contacts = directory(db_session(), app_settings().reference.territories_dir)
    return day_hospitals.protocol_for(patient.pathway, contacts, protocol())


@blueprint.get("/Patient/<int:patient_id>")
@allow(*PATIENT_READERS)
def patient(patient_id: int) -> Response:
    """The patient by reference only (the read is audited)."""
    return fhir_response(patient_resource(load_patient(patient_id)))


@blueprint.get("/CarePlan/<int:patient_id>")
@allow(*PATIENT_READERS)
def care_plan(patient_id: int) -> Response:
    """The patient's pathway as a CarePlan (its id is the patient's; the read is audited)."""
    patient = load_patient(patient_id)
    record = care_record(patient, _named_protocol(patient), now())
    if record is None:
        abort(404, "Ce patient n'a pas encore de parcours.")
    return fhir_response(careplan_of(db_session(), record))


@blueprint.get("/Patient/<int:patient_id>/$everything")
@allow(*PATIENT_READERS)
def patient_everything(patient_id: int) -> Response:
    """Everything of the patient's record as a searchset Bundle (the read is audited)."""
    patient = load_patient(patient_id)
    resources = everything(db_session(), patient, current_user.record,
                           _named_protocol(patient), now())
    return fhir_response(searchset(resources, _base()))


@blueprint.get("/metadata")
@allow(*Role)
def metadata() -> Response:
    """What this FHIR server offers (CapabilityStatement)."""
    return fhir_response(capability_statement(today().isoformat(), {
        "HealthcareService": ["_id", "identifier", "_include"],
        "Location": ["_id", "identifier", "boundary"],
        "Organization": ["_id", "identifier"],
        "Patient": [], "CarePlan": [],
    }, {"everything": "http://hl7.org/fhir/OperationDefinition/Patient-everything"}))
