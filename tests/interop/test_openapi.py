"""The OpenAPI 3.1 contract of /api: every route described, every described route real."""

from __future__ import annotations

import re

import schemathesis
from flask import Flask
from jsonschema import Draft202012Validator
from schemathesis.core.result import Ok

from hadcoord.services.checks import SERVER_FIELDS
from tests.support.web import ClientAs

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _app_operations(app: Flask) -> set[tuple[str, str]]:
    """(METHOD, /api path in OpenAPI form) of every JSON route of the app."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule)
            found |= {(method, path) for method in (rule.methods or set()) & METHODS}
    return found


def _described(document: dict[str, object]) -> set[tuple[str, str]]:
    paths = document["paths"]
    assert isinstance(paths, dict)
    return {(method.upper(), path) for path, item in paths.items() for method in item}


def test_every_api_route_is_described_and_exists(app: Flask, client_as: ClientAs) -> None:
    response = client_as("ars").get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert _described(document) == _app_operations(app)


def test_the_document_loads_and_its_schemas_are_valid(client_as: ClientAs) -> None:
    document = client_as("coordinator").get("/api/openapi.json").get_json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()
                  if isinstance(result, Ok)]
    assert len(operations) == len(_described(document))
    for component in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(component)


def test_errors_and_authentication_are_described(client_as: ClientAs) -> None:
    document = client_as("coordinator").get("/api/openapi.json").get_json()
    post = document["paths"]["/api/patients/{patient_id}/checks"]["post"]
    assert {"200", "201", "400", "401", "403", "404", "409", "413", "429"} <= set(
        post["responses"])
    assert "`field`" in post["responses"]["400"]["description"]
    assert "Retry-After" in post["responses"]["429"]["headers"]
    assert document["security"] == [{"sessionCookie": []}]
    assert document["components"]["securitySchemes"]["sessionCookie"]["in"] == "cookie"
    assert "CSRF" in document["info"]["description"]


def test_check_body_leaves_out_the_server_fields(client_as: ClientAs) -> None:
    body = client_as("had_nurse").get("/api/openapi.json").get_json()["components"][
        "schemas"]["DailyCheck"]
    assert "recorded_by" not in body["properties"]
    pump = body["properties"]["pump"]
    for field in SERVER_FIELDS:
        if field.startswith("pump."):
            name = field.removeprefix("pump.")
            assert name not in pump["properties"]
            assert name not in pump["required"]
    assert "volume_left_ml" in pump["required"]


def test_the_document_needs_a_sign_in(app: Flask) -> None:
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 401
    assert response.get_json() == {"error": "authentification requise"}
