"""Read a daily check from JSON text or a decoded dict, with French errors naming the field."""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any, NoReturn

from hadcoord.monitoring.check import (
    Consciousness,
    DailyCheck,
    IceItems,
    NeuroCheck,
    NeuroSign,
    OxygenSupport,
    PumpReading,
    Seizure,
    Support,
    VenousAccess,
    VitalSigns,
    WritingTest,
)
from hadcoord.monitoring.errors import InvalidCheckError
from hadcoord.monitoring.schema_check import field_path, validate_against_schema
from hadcoord.monitoring.wording import fr_number


def _reject_constant(name: str) -> NoReturn:
    msg = f"JSON invalide : la valeur « {name} » n'est pas un nombre accepté"
    raise InvalidCheckError(msg)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            msg = f"JSON invalide : champ « {key} » présent deux fois"
            raise InvalidCheckError(msg, field=key)
        result[key] = value
    return result


def parse_check_json(text: str) -> DailyCheck:
    """Parse and validate a daily check written as JSON.

    Raises
    ------
    InvalidCheckError
        Malformed JSON (with line and column), NaN/Infinity, a duplicated key, or any error of
        `parse_check`.
    """
    if not text.strip():
        msg = "document vide : un objet JSON est attendu"
        raise InvalidCheckError(msg)
    try:
        document = json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates
        )
    except json.JSONDecodeError as error:
        msg = f"JSON mal formé (ligne {error.lineno}, colonne {error.colno})"
        raise InvalidCheckError(msg) from None
    return parse_check(document)


def _fail(field: str, text: str) -> NoReturn:
    msg = f"champ « {field} » : {text}"
    raise InvalidCheckError(msg, field=field)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _check_finite(value: object, path: list[str]) -> None:
    """Reject NaN and infinities, which JSON Schema bounds let through."""
    if isinstance(value, float) and not math.isfinite(value):
        _fail(field_path(path), "doit être un nombre fini")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_finite(item, [*path, str(key)])


def _neuro(raw: dict[str, Any]) -> NeuroCheck:
    items = None
    if "ice_items" in raw:
        items = IceItems(**{name: int(value) for name, value in raw["ice_items"].items()})
    score: int | None = raw.get("ice_score")
    if items is not None and score is not None and items.total != score:
        _fail("ice_score", f"{score} ne correspond pas à la somme des items ICE ({items.total})")
    if score is None and items is not None:
        score = items.total
    return NeuroCheck(
        writing_test=WritingTest(raw["writing_test"]),
        consciousness=Consciousness(raw["consciousness"]),
        seizure=Seizure(raw["seizure"]),
        ice_score=None if score is None else int(score),
        ice_items=items,
        neuro_signs=frozenset(NeuroSign(sign) for sign in raw.get("neuro_signs", [])),
    )


def _check_bag_volume(pump: dict[str, Any]) -> None:
    """More left in the bag than was prepared in it is impossible: refused, never graded."""
    prepared = pump.get("bag_volume_ml")
    if prepared is not None and pump["volume_left_ml"] > prepared:
        text = (f"{fr_number(pump['volume_left_ml'])} mL restants dans une poche préparée à "
                f"{fr_number(prepared)} mL : valeur impossible, relisez la poche")
        _fail("pump.volume_left_ml", text)


def _recorded_at(raw: dict[str, Any]) -> datetime | None:
    if "recorded_at" not in raw:
        return None
    try:
        return datetime.fromisoformat(raw["recorded_at"])
    except ValueError:
        _fail("recorded_at", "date et heure attendues au format ISO 8601 (2025-03-14T09:30)")


def parse_check(document: object) -> DailyCheck:
    """Validate a decoded JSON document against the schema and build the `DailyCheck`.

    Raises
    ------
    InvalidCheckError
        The document breaks the schema, the diastolic pressure is not below the systolic one,
        the ICE score disagrees with its items, more is left in the bag than was prepared in it,
        or the date is not ISO 8601.
    """
    _check_finite(document, [])
    validate_against_schema(document)
    assert isinstance(document, dict)  # the schema requires an object
    raw: dict[str, Any] = document
    if raw["diastolic_bp"] >= raw["systolic_bp"]:
        _fail("diastolic_bp", "doit être inférieure à la pression systolique")
    vitals = VitalSigns(
        temperature_c=float(raw["temperature_c"]),
        heart_rate=int(raw["heart_rate"]),
        systolic_bp=int(raw["systolic_bp"]),
        diastolic_bp=int(raw["diastolic_bp"]),
        spo2=float(raw["spo2"]),
        respiratory_rate=int(raw["respiratory_rate"]),
        hours_above_40_c=_optional_float(raw.get("hours_above_40_c")),
    )
    support = Support(
        oxygen=OxygenSupport(raw["oxygen"]),
        vasopressors=int(raw["vasopressors"]),
        vasopressin=bool(raw.get("vasopressin", False)),
    )
    pump = raw["pump"]
    _check_bag_volume(pump)
    return DailyCheck(
        vitals=vitals,
        support=support,
        line=VenousAccess(**raw["line"]),
        pump=PumpReading(
            running=pump["running"],
            alarm=pump["alarm"],
            volume_left_ml=float(pump["volume_left_ml"]),
            expected_volume_left_ml=float(pump["expected_volume_left_ml"]),
            programmed_rate_ml_h=float(pump["programmed_rate_ml_h"]),
            prescribed_rate_ml_h=_optional_float(pump.get("prescribed_rate_ml_h")),
            bag_volume_ml=_optional_float(pump.get("bag_volume_ml")),
            battery_changed=pump.get("battery_changed"),
        ),
        neuro=_neuro(raw),
        fever_masking_treatment=bool(raw.get("fever_masking_treatment", False)),
        spo2_scale=int(raw.get("spo2_scale", 1)),
        free_text=raw.get("free_text"),
        recorded_by=raw.get("recorded_by"),
        recorded_at=_recorded_at(raw),
    )
