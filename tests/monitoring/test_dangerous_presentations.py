"""The dangerous home presentations a clinical audit found triaged green or orange (issue 12).

Each row of the issue's table is one named test: red with a French reason (or refused).
"""

from __future__ import annotations

from typing import Any

import pytest

from hadcoord.monitoring import InvalidCheckError, TriageLevel, parse_check, triage
from hadcoord.monitoring.triage import TriageResult
from tests.monitoring.conftest import CheckDict, MakeCheck

ICE_NORMAL = {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1}


def red(make_check: MakeCheck, **changes: Any) -> TriageResult:
    """The triage of the normal check with ``changes``, asserted red, French action."""
    result = triage(make_check(**changes))
    assert result.level is TriageLevel.RED, result.reasons
    assert result.action.startswith(("appeler maintenant", "urgence vitale"))
    return result


def codes(result: TriageResult) -> list[str]:
    return [reason.code for reason in result.reasons]


@pytest.mark.parametrize("heart_rate", [150, 35])
def test_tachycardia_or_bradycardia_is_red(make_check: MakeCheck, heart_rate: int) -> None:
    result = red(make_check, heart_rate=heart_rate)
    assert result.news2.parameters["pulse"] == 3
    assert f"fréquence cardiaque {heart_rate}/min (3)" in result.reasons[0].message


def test_respiratory_rate_32_is_red(make_check: MakeCheck) -> None:
    result = red(make_check, respiratory_rate=32)
    assert result.news2.parameters["respiration_rate"] == 3
    assert codes(result) == ["news2"]
    assert "fréquence respiratoire 32/min (3)" in result.reasons[0].message


def test_hypothermia_with_tachycardia_is_red(make_check: MakeCheck) -> None:
    # Sepsis without fever in a neutropenic patient.
    result = red(make_check, temperature_c=35.0, heart_rate=115)
    assert (result.news2.parameters["temperature"], result.news2.parameters["pulse"]) == (3, 2)
    assert "température 35 °C (3)" in result.reasons[0].message


def test_systolic_220_is_red(make_check: MakeCheck) -> None:
    result = red(make_check, systolic_bp=220, diastolic_bp=120)
    assert result.news2.parameters["systolic_bp"] == 3


def test_cushing_triad_is_red_and_emergency(make_check: MakeCheck) -> None:
    # 210/110, HR 42, RR 8: raised intracranial pressure, an ICANS grade-4 sign.
    result = red(make_check, systolic_bp=210, diastolic_bp=110, heart_rate=42,
                 respiratory_rate=8)
    assert result.news2.parameters["respiration_rate"] == 3
    assert result.news2.score == 4
    assert codes(result)[0] == "news2"


@pytest.mark.parametrize("programmed", [25.0, 0.0])
def test_pump_rate_different_from_the_prescription_is_red(make_check: MakeCheck,
                                                         programmed: float) -> None:
    result = red(make_check, pump={"programmed_rate_ml_h": programmed})
    assert codes(result) == ["pump_rate"]
    message = result.reasons[0].message
    assert message.startswith("Débit programmé différent de la prescription")
    assert "pour 2,5 mL/h prescrits" in message


def test_pump_rate_within_tolerance_is_not_an_alert(make_check: MakeCheck) -> None:
    assert triage(make_check(pump={"programmed_rate_ml_h": 2.6})).level is TriageLevel.GREEN
    assert triage(make_check(pump={"programmed_rate_ml_h": 2.7})).level is TriageLevel.RED


@pytest.mark.parametrize(("signs", "sign_text"), [
    (["confusion"], "confusion"),
    (["speech_difficulty"], "trouble de la parole"),
    (["motor_weakness"], "déficit moteur"),
    (["tremor", "headache", "balance_problem", "visual_disturbance"],
     "tremblement, céphalées, trouble de l'équilibre, trouble visuel"),
])
def test_structured_neurological_signs_are_red_and_ask_ice(
        make_check: MakeCheck, signs: list[str], sign_text: str) -> None:
    result = red(make_check, neuro_signs=signs)
    assert "neuro_signs" in codes(result)
    assert any(f"Signes neurologiques : {sign_text}" in r.message for r in result.reasons)
    assert result.ask_ice_items
    assert not triage(make_check(neuro_signs=signs, ice_items=ICE_NORMAL)).ask_ice_items


def test_confusion_scores_3_in_news2(make_check: MakeCheck) -> None:
    result = red(make_check, neuro_signs=["confusion"])
    assert result.news2.parameters["consciousness"] == 3


@pytest.mark.parametrize("changes", [
    {"systolic_bp": 60, "diastolic_bp": 35},
    {"spo2": 85},
    {"vasopressors": 1},
    {"vasopressin": True},
], ids=["systolic-60", "spo2-85-air", "vasopressor", "vasopressin"])
def test_afebrile_shock_or_hypoxia_is_red_call_now(make_check: MakeCheck,
                                                   changes: dict[str, Any]) -> None:
    result = red(make_check, **changes)
    assert "24 heures" not in result.action


def test_masked_fever_grades_crs_on_hypotension_and_hypoxia(make_check: MakeCheck) -> None:
    changes = {"systolic_bp": 82, "diastolic_bp": 50, "oxygen": "low_flow"}
    unmasked = triage(make_check(**changes))
    assert unmasked.crs.grade == 0
    result = red(make_check, fever_masking_treatment=True, **changes)
    assert result.crs.grade == 2
    assert result.crs.fever_masked
    crs = next(r for r in result.reasons if r.code == "crs")
    assert "fièvre possiblement masquée" in crs.message
    assert "hypotension (PAS 82 mmHg < 90)" in crs.message


def test_masked_fever_without_hypotension_or_hypoxia_is_no_crs(make_check: MakeCheck) -> None:
    assert triage(make_check(fever_masking_treatment=True)).crs.grade == 0


@pytest.mark.parametrize("changes", [
    {"writing_test": "altered"},
    {"writing_test": "unable"},
    {"writing_test": "altered", "ice_score": 10},
])
def test_writing_test_without_ice_items_is_red_and_asks(make_check: MakeCheck,
                                                        changes: dict[str, Any]) -> None:
    result = red(make_check, **changes)
    assert codes(result) == ["writing_test"]
    assert result.ask_ice_items
    assert "faire le score ICE item par item" in result.reasons[0].message


def test_volume_left_above_the_prepared_volume_is_refused(check_dict: CheckDict) -> None:
    document = check_dict(pump={"volume_left_ml": 1500.0, "bag_volume_ml": 250.0,
                                "expected_volume_left_ml": 120.0})
    with pytest.raises(InvalidCheckError) as error:
        parse_check(document)
    assert error.value.field == "pump.volume_left_ml"
    assert "1500 mL restants dans une poche préparée à 250 mL : valeur impossible" in str(
        error.value)


def test_news2_7_puts_the_emergency_call_first(make_check: MakeCheck) -> None:
    result = red(make_check, respiratory_rate=26, spo2=91, heart_rate=95)
    assert result.news2.score == 7
    assert result.emergency
    assert result.action.startswith("urgence vitale : appeler le 15, puis appeler maintenant")
    assert result.reasons[0].code == "news2_emergency"
    assert result.reasons[0].message.startswith("Urgence vitale : appeler le 15 — Score NEWS2 7")


def test_news2_5_without_a_single_3_is_red(make_check: MakeCheck) -> None:
    result = red(make_check, respiratory_rate=22, heart_rate=115, temperature_c=36.0)
    assert (result.news2.score, result.news2.max_parameter) == (5, 2)
    assert not result.emergency


def test_low_news2_is_shown_but_not_an_alert(make_check: MakeCheck) -> None:
    result = triage(make_check(heart_rate=95))
    assert result.level is TriageLevel.GREEN
    assert [o.code for o in result.observations] == ["news2"]
    assert result.news2.risk.value == "low"


def test_json_output_has_news2(make_check: MakeCheck) -> None:
    data = triage(make_check(respiratory_rate=32)).to_dict()
    assert data["news2"]["score"] == 3
    assert data["news2"]["risk"] == "low_medium"
    assert data["news2"]["parameters"]["respiration_rate"] == 3
    assert set(data["news2"]["parameters"]) == {
        "respiration_rate", "spo2", "air_or_oxygen", "systolic_bp", "pulse", "consciousness",
        "temperature"}
