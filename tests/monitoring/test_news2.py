"""NEWS2 (Royal College of Physicians 2017, charts 1 and 2): every band edge of the chart."""

from __future__ import annotations

import pytest

from hadcoord.monitoring.news2 import (
    News2Input,
    News2Risk,
    pulse_score,
    respiration_score,
    risk_of,
    score_news2,
    spo2_scale1_score,
    spo2_scale2_score,
    systolic_score,
    temperature_score,
)

NORMAL = News2Input(respiration_rate=16, spo2=98, on_oxygen=False, systolic_bp=124, pulse=78,
                    alert=True, temperature_c=36.8)


@pytest.mark.parametrize(("rate", "points"), [
    (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3)])
def test_respiration_rate(rate: int, points: int) -> None:
    assert respiration_score(rate) == points


@pytest.mark.parametrize(("spo2", "points"), [
    (91, 3), (91.5, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)])
def test_spo2_scale_1(spo2: float, points: int) -> None:
    assert spo2_scale1_score(spo2) == points


@pytest.mark.parametrize(("spo2", "oxygen", "points"), [
    (83, False, 3), (84, False, 2), (85, False, 2), (86, False, 1), (87, False, 1),
    (88, False, 0), (92, True, 0), (93, False, 0), (99, False, 0),
    (93, True, 1), (94, True, 1), (95, True, 2), (96, True, 2), (97, True, 3)])
def test_spo2_scale_2(spo2: float, oxygen: bool, points: int) -> None:
    assert spo2_scale2_score(spo2, oxygen) == points


@pytest.mark.parametrize(("systolic", "points"), [
    (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3)])
def test_systolic(systolic: int, points: int) -> None:
    assert systolic_score(systolic) == points


@pytest.mark.parametrize(("pulse", "points"), [
    (40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2),
    (131, 3)])
def test_pulse(pulse: int, points: int) -> None:
    assert pulse_score(pulse) == points


@pytest.mark.parametrize(("temperature", "points"), [
    (35.0, 3), (35.1, 1), (36.0, 1), (36.1, 0), (38.0, 0), (38.1, 1), (39.0, 1), (39.1, 2)])
def test_temperature(temperature: float, points: int) -> None:
    assert temperature_score(temperature) == points


def test_normal_is_zero_and_low() -> None:
    result = score_news2(NORMAL)
    assert (result.score, result.risk) == (0, News2Risk.LOW)
    assert set(result.parameters.values()) == {0}


def test_oxygen_and_consciousness() -> None:
    from dataclasses import replace
    assert score_news2(replace(NORMAL, on_oxygen=True)).parameters["air_or_oxygen"] == 2
    assert score_news2(replace(NORMAL, alert=False)).parameters["consciousness"] == 3
    scale2 = replace(NORMAL, spo2=90, spo2_scale=2)
    assert score_news2(scale2).parameters["spo2"] == 0
    assert score_news2(replace(NORMAL, spo2=90)).parameters["spo2"] == 3
    with pytest.raises(ValueError, match="échelle SpO2"):
        score_news2(replace(NORMAL, spo2_scale=3))


@pytest.mark.parametrize(("score", "single", "risk"), [
    (0, 0, News2Risk.LOW), (4, 2, News2Risk.LOW), (3, 3, News2Risk.LOW_MEDIUM),
    (5, 2, News2Risk.MEDIUM), (6, 3, News2Risk.MEDIUM), (7, 2, News2Risk.HIGH),
    (20, 3, News2Risk.HIGH)])
def test_risk_bands(score: int, single: int, risk: News2Risk) -> None:
    assert risk_of(score, single) is risk
