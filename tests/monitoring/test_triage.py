"""Triage of a daily check per issue 7's conservative defaults, and their settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.monitoring import DailyCheck, TriageLevel, triage

MakeCheck = Callable[..., DailyCheck]
NO_SIGNS = {"redness": False, "heat": False, "swelling": False, "discharge": False}


def codes(check: DailyCheck, settings: MonitoringSettings | None = None) -> list[str]:
    return [reason.code for reason in triage(check, settings).reasons]


def test_normal_check_is_green(make_check: MakeCheck) -> None:
    result = triage(make_check())
    assert result.level is TriageLevel.GREEN
    assert (result.crs.grade, result.icans.grade, result.fever_grade) == (0, 0, 0)
    assert result.reasons == ()
    assert not result.ask_ice_items


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"temperature_c": 38.0}, "fever"),
        ({"temperature_c": 38.0}, "crs"),
        ({"ice_score": 9}, "icans"),
        ({"consciousness": "drowsy"}, "icans"),
        ({"seizure": "brief"}, "seizure"),
        ({"seizure": "prolonged"}, "seizure"),
        ({"pump": {"running": False}}, "pump_stopped"),
        ({"pump": {"volume_left_ml": 100.0}}, "over_infusion"),
        ({"temperature_c": 38.2, "line": {"redness": True}}, "line_signs_with_fever"),
        # Issue 12: an altered or impossible writing test without ICE items is red (was orange).
        ({"writing_test": "altered"}, "writing_test"),
        ({"writing_test": "altered", "ice_score": 10}, "writing_test"),
        ({"writing_test": "unable"}, "writing_test"),
    ],
)
def test_red_rules(make_check: MakeCheck, changes: dict[str, Any], code: str) -> None:
    result = triage(make_check(**changes))
    assert result.level is TriageLevel.RED
    assert code in [reason.code for reason in result.reasons]
    assert "IUCT-O" in result.action


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"line": {"redness": True}}, "line_signs"),
        ({"line": {"heat": True}}, "line_signs"),
        ({"line": {"swelling": True}}, "line_signs"),
        ({"line": {"discharge": True}}, "line_signs"),
        ({"pump": {"volume_left_ml": 140.0}}, "under_infusion"),
        ({"writing_test": "altered", "ice_items": {"orientation": 4, "naming": 3,
                                                   "commands": 1, "writing": 1,
                                                   "attention": 1}}, "writing_test"),
    ],
)
def test_orange_rules(make_check: MakeCheck, changes: dict[str, Any], code: str) -> None:
    result = triage(make_check(**changes))
    assert result.level is TriageLevel.ORANGE
    assert [reason.code for reason in result.reasons] == [code]
    assert "24 heures" in result.action


def test_temperature_just_below_38_is_not_red(make_check: MakeCheck) -> None:
    assert triage(make_check(temperature_c=37.9)).level is TriageLevel.GREEN


def test_fever_reason_is_in_plain_french(make_check: MakeCheck) -> None:
    messages = [reason.message for reason in triage(make_check(temperature_c=38.4)).reasons]
    assert messages[0] == "Température 38,4 °C (≥ 38 °C) : infection ou SRC possible"
    assert "grade 1 (ASTCT 2019) : fièvre seule" in messages[1]


def test_crs_reason_names_the_hypotension(make_check: MakeCheck) -> None:
    result = triage(make_check(temperature_c=38.6, systolic_bp=86, diastolic_bp=50))
    assert result.crs.grade == 2
    assert any("PAS 86 mmHg < 90" in reason.message for reason in result.reasons)


def test_over_infusion_reason_gives_the_figures(make_check: MakeCheck) -> None:
    result = triage(make_check(pump={"volume_left_ml": 60, "expected_volume_left_ml": 100}))
    (reason,) = result.reasons
    assert reason.message.startswith("Volume restant 60 mL pour 100 mL attendus (écart −40 mL")
    assert "surdosage" in reason.message


def test_writing_test_with_abnormal_ice_is_red_and_does_not_ask(make_check: MakeCheck) -> None:
    result = triage(make_check(writing_test="altered", ice_score=8))
    assert result.level is TriageLevel.RED
    assert not result.ask_ice_items
    assert codes(make_check(writing_test="altered", ice_score=8)) == ["icans"]


@pytest.mark.parametrize(
    ("changes", "ask"),
    [
        ({"writing_test": "altered"}, True),
        ({"writing_test": "altered", "ice_score": 10}, True),
        ({"writing_test": "unable"}, True),
        ({"writing_test": "normal"}, False),
        (
            {
                "writing_test": "altered",
                "ice_items": {
                    "orientation": 4,
                    "naming": 3,
                    "commands": 1,
                    "writing": 1,
                    "attention": 1,
                },
            },
            False,
        ),
    ],
)
def test_ask_for_ice_items(make_check: MakeCheck, changes: dict[str, Any], ask: bool) -> None:
    assert triage(make_check(**changes)).ask_ice_items is ask


def test_reasons_are_most_urgent_first(make_check: MakeCheck) -> None:
    check = make_check(line={"redness": True}, pump={"running": False})
    assert codes(check) == ["pump_stopped", "line_signs"]


def test_afebrile_instability_is_orange_by_default(make_check: MakeCheck) -> None:
    # Conservative local default: hypotension or hypoxia without fever is not green; issue 12:
    # systolic 75 and SpO2 88 % score 3 each in NEWS2 (RCP 2017), which makes them red.
    check = make_check(systolic_bp=75, diastolic_bp=40, spo2=88)
    result = triage(check)
    assert result.level is TriageLevel.RED
    reason = next(r for r in result.reasons if r.code == "afebrile_instability")
    assert reason.level is TriageLevel.ORANGE
    assert reason.message == "Sans fièvre : PAS 75 mmHg (< 90) ; SpO2 88 % (< 92 %)"
    oxygen = make_check(oxygen="low_flow")
    assert triage(oxygen).level is TriageLevel.ORANGE
    assert triage(oxygen, MonitoringSettings(afebrile_instability_triage="red")).level is (
        TriageLevel.RED)
    lowered = triage(oxygen, MonitoringSettings(afebrile_instability_triage="green"))
    assert lowered.level is TriageLevel.GREEN
    assert [o.code for o in lowered.observations] == ["news2", "afebrile_instability"]


def test_pump_alarm_is_orange_by_default_and_dressing_an_observation(
    make_check: MakeCheck,
) -> None:
    result = triage(make_check(pump={"alarm": True}, line={"dressing_intact": False}))
    assert result.level is TriageLevel.ORANGE
    assert [r.code for r in result.reasons] == ["pump_alarm"]
    assert [o.code for o in result.observations] == ["dressing"]
    settings = MonitoringSettings(pump_alarm_triage="green")
    assert triage(make_check(pump={"alarm": True}), settings).level is TriageLevel.GREEN
    assert triage(make_check(line={"dressing_intact": False})).level is TriageLevel.GREEN


@pytest.mark.parametrize(
    ("settings", "changes", "level"),
    [
        (
            MonitoringSettings(red_temperature_min_c=38.5, crs_fever_min_c=38.5),
            {"temperature_c": 38.2},
            TriageLevel.GREEN,
        ),
        (
            MonitoringSettings(hypotension_systolic_below_mmhg=100),
            {"temperature_c": 38.2, "systolic_bp": 95},
            TriageLevel.RED,
        ),
        (MonitoringSettings(red_min_icans_grade=2), {"ice_score": 8}, TriageLevel.GREEN),
        (
            MonitoringSettings(pump_tolerance_ml=30.0),
            {"pump": {"volume_left_ml": 95.0}},
            TriageLevel.GREEN,
        ),
        (
            MonitoringSettings(over_infusion_triage="orange"),
            {"pump": {"volume_left_ml": 95.0}},
            TriageLevel.ORANGE,
        ),
        (
            MonitoringSettings(under_infusion_triage="red"),
            {"pump": {"volume_left_ml": 150.0}},
            TriageLevel.RED,
        ),
    ],
)
def test_thresholds_come_from_settings(
    make_check: MakeCheck,
    settings: MonitoringSettings,
    changes: dict[str, Any],
    level: TriageLevel,
) -> None:
    assert triage(make_check(**changes), settings).level is level


def test_seizure_stays_red_when_icans_threshold_is_raised(make_check: MakeCheck) -> None:
    settings = MonitoringSettings(red_min_icans_grade=4)
    assert codes(make_check(seizure="brief"), settings) == ["seizure"]


def test_to_dict_has_the_issue_fields(make_check: MakeCheck) -> None:
    data = triage(make_check(temperature_c=39.5, oxygen="low_flow")).to_dict()
    assert {key: data[key] for key in ("crs_grade", "icans_grade", "fever_grade", "triage")} == {
        "crs_grade": 2,
        "icans_grade": 0,
        "fever_grade": 2,
        "triage": "red",
    }
    assert all(isinstance(reason, str) for reason in data["reasons"])
    assert data["reason_codes"] == ["fever", "crs"]
