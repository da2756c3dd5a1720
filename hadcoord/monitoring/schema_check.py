"""The JSON Schema of a daily check (shipped in the package) and its errors in French."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from hadcoord.monitoring.errors import InvalidCheckError

SCHEMA_FILE = "daily_check.schema.json"

_TYPE_NAMES = {
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "true ou false",
    "string": "du texte",
    "object": "un objet JSON",
    "array": "une liste",
    "null": "null",
}


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a daily check, as shipped in the package."""
    text = (
        resources.files("hadcoord.monitoring")
        .joinpath("schema", SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """The compiled (Rust) validator: answers valid/invalid in microseconds (issue 12 bench)."""
    return jsonschema_rs.validator_for(load_schema())


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def field_path(parts: Iterable[Any]) -> str:
    """Dotted JSON path of a field (``pump.volume_left_ml``; list items as ``[0]``)."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _describe(error: ValidationError) -> list[tuple[str, str]]:
    """(field path, French message) pairs of one schema violation."""
    path = list(error.absolute_path)
    rule, value = error.validator, error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    if rule == "required" and isinstance(value, dict):
        # jsonschema raises one error per missing field, named only in its English message.
        missing = [name for name in expected if name not in value]
        named = [name for name in missing if error.message.startswith(f"{name!r} ")]
        return [(field_path([*path, (named or missing)[0]]), "champ obligatoire manquant")]
    if rule == "additionalProperties" and isinstance(value, dict):
        known = schema.get("properties", {})
        extra = sorted(name for name in value if name not in known)
        return [(field_path([*path, name]), "champ inconnu") for name in extra]
    if rule == "type":
        message = f"doit être {_TYPE_NAMES.get(str(expected), str(expected))}"
    elif rule == "enum":
        choices = ", ".join(f"« {choice} »" for choice in expected)
        message = f"valeur non reconnue ; valeurs possibles : {choices}"
    elif rule == "minimum":
        message = f"doit être supérieur ou égal à {expected}"
    elif rule == "maximum":
        message = f"doit être inférieur ou égal à {expected}"
    elif rule == "minLength":
        message = "ne doit pas être vide"
    elif rule == "maxLength":
        message = f"trop long (au plus {expected} caractères)"
    else:
        message = f"valeur non conforme au schéma (règle « {rule} »)"
    return [(field_path(path), f"{message} (reçu : {json.dumps(value, ensure_ascii=False)})")]


def validate_against_schema(document: object) -> None:
    """Check a decoded JSON document against the schema.

    Raises
    ------
    InvalidCheckError
        Naming every offending field (dotted JSON path) in French; ``field`` is the first one.
    """
    # The fast path decides; only an invalid document walks the pure-Python validator, whose
    # errors carry what the French messages need (path, rule, expected value).
    if _fast_validator().is_valid(document):
        return
    errors = list(_validator().iter_errors(document))
    if not errors:  # both validators implement draft 2020-12: they agree (tested)
        return
    described = sorted({pair for error in errors for pair in _describe(error)})
    lines = [
        f"champ « {path} » : {text}" if path else f"document : {text}" for path, text in described
    ]
    msg = lines[0] if len(lines) == 1 else "saisie invalide :\n  - " + "\n  - ".join(lines)
    raise InvalidCheckError(msg, field=described[0][0] or None)
