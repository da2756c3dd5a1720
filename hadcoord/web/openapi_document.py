"""The OpenAPI 3.1 contract of the JSON API (``/api/…``), built from the code's own schemas.

The check body is the shipped JSON Schema (``monitoring/schema/daily_check.schema.json``)
without the fields the server computes (``services.checks.SERVER_FIELDS``); the bounds are the
app's ``[security]`` section. ``tests/interop/test_openapi.py`` fails when a route of the app
is not described or a described route does not exist. The FHIR endpoints (``/fhir``) have
their own contract, FHIR's, and are left out.
"""

from __future__ import annotations

import copy
from typing import Any

from hadcoord.config.security import SecuritySettings
from hadcoord.monitoring import load_schema
from hadcoord.services.checks import SERVER_FIELDS

Schema = dict[str, Any]
JSON = "application/json"
ERROR = {"$ref": "#/components/schemas/Error"}
# The error answers every operation may give, and when (the descriptions are the contract).
COMMON_ERRORS = {
    "400": "Paramètre invalide ou trop long (`error` le nomme).",
    "401": "Non connecté ou session expirée.",
    "403": "Rôle non autorisé, ou mot de passe à changer d'abord.",
    "429": "Trop de requêtes (`[security].api_requests_per_minute` par utilisateur et par "
           "minute) : réessayer après `Retry-After` secondes.",
    "503": "Base de données indisponible : réessayer après `Retry-After` secondes.",
}
PATIENT_ERRORS = {"404": "Patient inexistant, ou patient d'une autre HAD (même réponse)."}


def check_body_schema() -> Schema:
    """The daily-check JSON Schema as the API takes it (server-computed fields removed)."""
    schema = copy.deepcopy(load_schema())
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    for field in SERVER_FIELDS:
        *parents, name = field.split(".")
        node = schema
        for parent in parents:
            node = node["properties"][parent]
        node["properties"].pop(name, None)
        if name in node.get("required", []):
            node["required"] = [item for item in node["required"] if item != name]
    return schema


def _error(description: str) -> Schema:
    response: Schema = {"description": description,
                        "content": {JSON: {"schema": ERROR}}}
    if "`Retry-After`" in description:
        response["headers"] = {"Retry-After": {"required": True, "description": "Secondes.",
                                               "schema": {"type": "string"}}}
    return response


def _ok(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _operation(summary: str, responses: dict[str, Schema], *, errors: dict[str, str],
               parameters: list[Schema] | None = None, **extra: Any) -> Schema:
    answers = {**responses, **{code: _error(text) for code, text in
                               {**COMMON_ERRORS, **errors}.items()}}
    return {"summary": summary, **({"parameters": parameters} if parameters else {}),
            **extra, "responses": dict(sorted(answers.items()))}


def _query(name: str, description: str, schema: Schema) -> Schema:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


PATIENT_ID = {"name": "patient_id", "in": "path", "required": True,
              "description": "Identifiant du patient.",
              "schema": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647}}


def _communes(bounds: SecuritySettings) -> Schema:
    text = {"type": "string", "maxLength": bounds.max_query_chars}
    return {"get": _operation(
        "Recherche de communes d'Occitanie (« Tou » → Toulouse en premier).",
        {"200": _ok("Communes trouvées (liste vide si aucune).",
                    {"type": "array", "items": {"$ref": "#/components/schemas/Commune"}})},
        errors={}, parameters=[
            _query("q", "Nom, code INSEE ou code postal, même partiel.", text),
            _query("code", "Un code INSEE exact (ancien code redirigé).",
                   {"type": "string", "maxLength": bounds.max_field_chars}),
            _query("department", "Code du département (Occitanie).",
                   {"type": "string", "maxLength": bounds.max_field_chars}),
            _query("limit", "Nombre de réponses (1 à 50).",
                   {"type": "integer", "minimum": 1, "maximum": 50})])}


def _match(bounds: SecuritySettings) -> Schema:
    text = {"type": "string", "maxLength": bounds.max_query_chars}
    field = {"type": "string", "maxLength": bounds.max_field_chars}
    return {"get": _operation(
        "Quelle HAD peut prendre un patient de cette commune (même JSON que "
        "`hadcoord match --json`).",
        {"200": _ok("Couverture, options et recours.", {"$ref": "#/components/schemas/Match"}),
         "300": _ok("Plusieurs communes : `candidates`, chacune avec son `url` par code.",
                    {"$ref": "#/components/schemas/Candidates"}),
         "404": _ok("Commune inconnue : `suggestions`.",
                    {"$ref": "#/components/schemas/Suggestions"})},
        errors={}, parameters=[
            _query("code", "Code INSEE exact (ce qu'un programme envoie).", field),
            _query("q", "Ce qu'une personne a tapé : nom, code INSEE ou postal.", text),
            _query("commune", "Ancien nom de `q`.", text),
            _query("date", "AAAA-MM-JJ (défaut : aujourd'hui).", field),
            _query("scenario", "Identifiant d'un scénario (territories/scenarios).", field)])}


def _plan() -> Schema:
    return {"get": _operation(
        "Le calendrier du patient (mêmes clés que `hadcoord plan --json`).",
        {"200": _ok("Le plan.", {"$ref": "#/components/schemas/Plan"})},
        errors={"404": "Patient inexistant, d'une autre HAD, ou calendrier pas encore "
                       "planifié."}, parameters=[PATIENT_ID])}


def _checks() -> Schema:
    record = {"$ref": "#/components/schemas/CheckRecord"}
    return {
        "get": _operation("Les derniers relevés quotidiens du patient (lecture tracée).",
                          {"200": _ok("Relevés, du plus récent au plus ancien.",
                                      {"type": "array", "items": record})},
                          errors=PATIENT_ERRORS, parameters=[PATIENT_ID]),
        "post": _operation(
            "Enregistrer un relevé quotidien (infirmière de l'HAD du patient) : gradé et trié.",
            {"201": _ok("Relevé enregistré, avec son triage.", record),
             "200": _ok("Même `Idempotency-Key` : le premier relevé, rien de plus.", record)},
            errors={**PATIENT_ERRORS,
                    "400": "Relevé invalide : `field` nomme le champ en cause (chemin JSON "
                           "pointé), rien n'est enregistré.",
                    "409": "Relevé déjà enregistré par un autre envoi.",
                    "413": "Corps trop volumineux (`[security].max_body_bytes`)."},
            parameters=[PATIENT_ID, {
                "name": "Idempotency-Key", "in": "header", "required": False,
                "description": "Clé d'envoi (64 caractères au plus), propre à l'infirmière et "
                               "au patient : un second envoi n'enregistre rien.",
                "schema": {"type": "string", "maxLength": 64}}],
            requestBody={"required": True, "content": {JSON: {
                "schema": {"$ref": "#/components/schemas/DailyCheck"}}}})}


def _pathway() -> Schema:
    return {"get": _operation(
        "L'état du parcours et sa chronologie (coordinatrice).",
        {"200": _ok("État, option engagée, demandes, tâches, chronologie.",
                    {"$ref": "#/components/schemas/Pathway"})},
        errors={"404": "Patient inexistant ou sans parcours."}, parameters=[PATIENT_ID])}


def _openapi() -> Schema:
    return {"get": _operation("Ce document.", {"200": _ok("Le contrat OpenAPI 3.1.",
                                                          {"type": "object"})}, errors={})}


def _object(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """An object with these properties, all required but ``optional``; others allowed."""
    return {"type": "object", "properties": properties,
            "required": [name for name in properties if name not in optional]}


STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number",
                                                           "boolean"))
STRINGS = {"type": "array", "items": STRING}


def _nullable(kind: str) -> Schema:
    return {"type": [kind, "null"]}


def _schemas() -> dict[str, Schema]:
    commune: dict[str, Schema] = {"code": STRING, "name": STRING, "department": STRING,
                                  "population": INTEGER,
                                  "postal_codes": STRINGS}
    return {
        "Error": _object({"error": STRING, "field": _nullable("string"),
                          "retry_after": INTEGER}, ("field", "retry_after")),
        "Commune": _object({**commune, "label": STRING, "matched_by": STRING}, ("matched_by",)),
        "Candidates": _object({"error": STRING, "candidates": {"type": "array", "items": _object(
            {**commune, "label": STRING, "url": STRING})}}),
        "Suggestions": _object({"error": STRING, "suggestions": STRINGS}),
        "Match": _object({
            "commune": _object({"code": STRING, "name": STRING, "department": STRING,
                                "population": INTEGER}),
            "date": {"type": "string", "format": "date"}, "scenario": _nullable("string"),
            "status": STRING, "message": STRING,
            "covering": {"type": "array", "items": _object(
                {"id": STRING, "name": STRING, "chemo_authorised": BOOLEAN})},
            "options": {"type": "array", "items": {"type": "object"}},
            "not_proposed": {"type": "array", "items": {"type": "object"}},
            "first_recourse": {"type": ["object", "null"]},
            "second_recourse": {"type": "object"}}),
        "Plan": _object({name: {"type": "array", "items": item} for name, item in (
            ("cycles", {"type": "object"}), ("stays", {"type": "object"}),
            ("bags", _object({"cycle": INTEGER, "start": STRING, "end": STRING,
                              "dose_ug_per_day": NUMBER, "content_ug": NUMBER,
                              "delivered_ug": NUMBER, "ml": NUMBER, "rate_ml_per_h": NUMBER})),
            ("day_hospital_visits", STRING), ("home_checks", STRING),
            ("premedications", {"type": "object"}), ("interruptions", {"type": "object"}))}),
        "CheckRecord": _object({
            "id": INTEGER, "patient_id": INTEGER, "recorded_at": STRING, "recorded_by": STRING,
            "check_day": STRING, "triage": {"enum": ["green", "orange", "red"]},
            "action": STRING, "emergency": BOOLEAN, "ask_ice_items": BOOLEAN,
            "news2": _object({"score": _nullable("integer"), "risk": _nullable("string")}),
            "alert_id": _nullable("integer"), "prescribed_rate_ml_h": _nullable("number"),
            "programmed_rate_ml_h": _nullable("number"), "bag_volume_ml": _nullable("number"),
            "crs_grade": INTEGER, "icans_grade": INTEGER, "fever_grade": INTEGER,
            "expected_volume_left_ml": NUMBER, "volume_left_ml": NUMBER,
            "pump_deviation_ml": NUMBER, "reasons": STRINGS, "reason_codes": STRINGS,
            "observations": STRINGS}),
        "Pathway": _object({
            "state": STRING, "state_label": STRING, "current_cycle": _nullable("integer"),
            "option": _object({"kind": STRING, "name": STRING}),
            "pending_request": _nullable("string"), "next_request": _nullable("string"),
            "tasks": {"type": "array", "items": {"type": "object"}},
            "timeline": {"type": "array", "items": {"type": "object"}}}),
        "DailyCheck": check_body_schema(),
    }


def paths(bounds: SecuritySettings) -> dict[str, Schema]:
    """Every JSON route under /api, in OpenAPI path form (``{patient_id}``)."""
    return {
        "/api/communes": _communes(bounds),
        "/api/match": _match(bounds),
        "/api/patients/{patient_id}/plan": _plan(),
        "/api/patients/{patient_id}/checks": _checks(),
        "/api/patients/{patient_id}/pathway": _pathway(),
        "/api/openapi.json": _openapi(),
    }


DESCRIPTION = """API JSON de hadcoord, avec la même connexion et les mêmes rôles que les pages.

Authentification : le cookie de session (`session`, ou `__Host-session` derrière HTTPS) posé
par la connexion au formulaire `/login` (jeton CSRF du formulaire, second facteur selon le
rôle). Les lectures (GET) ne demandent pas de jeton CSRF ; l'envoi d'un relevé (POST) non plus,
car il exige un corps `application/json`, qu'un formulaire d'un autre site ne peut pas envoyer
(et le cookie est SameSite=Lax). Erreurs en français dans `error` ; `field` nomme le champ en
cause d'un relevé refusé. Paramètres, champs, corps et profondeur JSON sont bornés (400/413).
"""


def openapi_document(bounds: SecuritySettings) -> Schema:
    """The OpenAPI 3.1 document of the JSON API under the app's ``[security]`` bounds."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "hadcoord — API JSON", "version": "1", "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "security": [{"sessionCookie": []}],
        "paths": paths(bounds),
        "components": {
            "securitySchemes": {"sessionCookie": {
                "type": "apiKey", "in": "cookie", "name": "session",
                "description": "Cookie de session de la connexion au formulaire `/login` "
                               "(`__Host-session` quand `[web].https = true`)."}},
            "schemas": _schemas()},
    }
