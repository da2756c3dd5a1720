"""Reading a check: schema validation and French errors naming the offending field."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hadcoord.errors import HadcoordError
from hadcoord.monitoring import (
    Consciousness,
    InvalidCheckError,
    OxygenSupport,
    load_schema,
    parse_check,
    parse_check_json,
)

CheckDict = Callable[..., dict[str, Any]]
DATA = Path(__file__).parent / "data"


def test_full_example_is_read(check_dict: CheckDict) -> None:
    check = parse_check_json((DATA / "green.json").read_text(encoding="utf-8"))
    assert check.vitals.temperature_c == 36.8
    assert check.vitals.respiratory_rate == 16
    assert check.support.oxygen is OxygenSupport.NONE
    assert check.neuro.consciousness is Consciousness.ALERT
    assert check.pump.programmed_rate_ml_h == 10.0
    assert check.pump.battery_changed is True
    assert check.line.dressing_intact is True
    assert check.recorded_by == "IDE HAD Montauban"
    assert check.recorded_at == datetime.fromisoformat("2025-03-14T09:30:00+01:00")


def test_ice_items_give_the_score(check_dict: CheckDict) -> None:
    items = {"orientation": 3, "naming": 3, "commands": 1, "writing": 0, "attention": 1}
    check = parse_check(check_dict(ice_items=items))
    assert check.neuro.ice_score == 8
    assert check.neuro.ice_items is not None


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"temperature_c": None}, "temperature_c", "champ obligatoire manquant"),
        ({"pump": {"volume_left_ml": -5}}, "pump.volume_left_ml", "supérieur ou égal à 0"),
        ({"temperature_c": "38,5"}, "temperature_c", 'doit être un nombre (reçu : "38,5")'),
        ({"heart_rate": 80.5}, "heart_rate", "doit être un nombre entier"),
        ({"oxygen": "masque"}, "oxygen", "valeurs possibles : « none », « low_flow »"),
        ({"consciousness": "confused"}, "consciousness", "valeur non reconnue"),
        ({"temperature_c": 385}, "temperature_c", "inférieur ou égal à 45"),
        ({"ice_score": 11}, "ice_score", "inférieur ou égal à 10"),
        ({"line": {"redness": "oui"}}, "line.redness", "true ou false"),
        ({"spO2": 97}, "spO2", "champ inconnu"),
        ({"pump": {"flow": 3}}, "pump.flow", "champ inconnu"),
        ({"line": "ok"}, "line", "doit être un objet JSON"),
        ({"recorded_by": ""}, "recorded_by", "ne doit pas être vide"),
        ({"diastolic_bp": 130}, "diastolic_bp", "inférieure à la pression systolique"),
        (
            {
                "ice_score": 9,
                "ice_items": {
                    "orientation": 4,
                    "naming": 3,
                    "commands": 1,
                    "writing": 1,
                    "attention": 1,
                },
            },
            "ice_score",
            "ne correspond pas à la somme des items ICE (10)",
        ),
        (
            {
                "ice_items": {
                    "orientation": 5,
                    "naming": 3,
                    "commands": 1,
                    "writing": 1,
                    "attention": 1,
                }
            },
            "ice_items.orientation",
            "inférieur ou égal à 4",
        ),
        ({"recorded_at": "14/03/2025"}, "recorded_at", "ISO 8601"),
        ({"temperature_c": float("nan")}, "temperature_c", "nombre fini"),
    ],
)
def test_bad_field_is_named_in_french(
    check_dict: CheckDict, changes: dict[str, Any], field: str, text: str
) -> None:
    with pytest.raises(InvalidCheckError) as caught:
        parse_check(check_dict(**changes))
    assert caught.value.field == field
    assert f"champ « {field} »" in str(caught.value)
    assert text in str(caught.value)


def test_every_error_is_listed(check_dict: CheckDict) -> None:
    document = check_dict(heart_rate=None, spo2=120, pump={"running": "yes"})
    with pytest.raises(InvalidCheckError) as caught:
        parse_check(document)
    message = str(caught.value)
    assert message.startswith("saisie invalide :")
    for field in ("heart_rate", "spo2", "pump.running"):
        assert f"champ « {field} »" in message
    assert caught.value.field == "heart_rate"


def test_document_must_be_an_object() -> None:
    with pytest.raises(InvalidCheckError, match="document : doit être un objet JSON"):
        parse_check([1, 2])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"temperature_c": 37.0,\n "heart_rate": 80\n}x', "JSON mal formé (ligne 3, colonne 2)"),
        ("  \n", "document vide"),
        ('{"temperature_c": NaN}', "« NaN » n'est pas un nombre accepté"),
        ('{"spo2": 97, "spo2": 98}', "champ « spo2 » présent deux fois"),
    ],
)
def test_malformed_json(text: str, message: str) -> None:
    with pytest.raises(InvalidCheckError, match=re.escape(message)):
        parse_check_json(text)


def test_error_is_a_domain_error() -> None:
    assert issubclass(InvalidCheckError, HadcoordError)
    assert issubclass(InvalidCheckError, ValueError)


def test_examples_follow_the_shipped_schema() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    example = json.loads((DATA / "green.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) <= set(example)
    assert set(example) <= set(schema["properties"])
