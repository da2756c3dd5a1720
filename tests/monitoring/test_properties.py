"""Properties of the grading and triage: worsening a finding never lowers the level."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hadcoord.monitoring import (
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
    grade_crs,
    grade_fever,
    triage,
)
from hadcoord.monitoring.news2 import News2Input, score_news2

OXYGEN = list(OxygenSupport)
CONSCIOUSNESS = list(Consciousness)
SEIZURE = list(Seizure)
WRITING = list(WritingTest)
SIGNS = list(NeuroSign)
temperatures = st.integers(340, 420).map(lambda tenths: tenths / 10)
systolics = st.integers(60, 240)
volumes = st.integers(0, 4000).map(lambda tenths: tenths / 10)
rates = st.integers(0, 300).map(lambda tenths: tenths / 10)
# The middle of each NEWS2 0-band (RCP 2017 chart 1): moving away from it is "worse".
MIDDLE = {"temperature_c": 37.05, "heart_rate": 70.5, "systolic_bp": 165.0,
          "respiratory_rate": 16.0}


@st.composite
def checks(draw: st.DrawFn) -> DailyCheck:
    systolic = draw(systolics)
    return DailyCheck(
        vitals=VitalSigns(
            temperature_c=draw(temperatures),
            heart_rate=draw(st.integers(30, 180)),
            systolic_bp=systolic,
            diastolic_bp=systolic // 2,
            spo2=draw(st.integers(80, 100)),
            respiratory_rate=draw(st.integers(5, 40)),
        ),
        support=Support(
            oxygen=draw(st.just(OxygenSupport.NONE) | st.sampled_from(OXYGEN)),
            vasopressors=draw(st.just(0) | st.integers(0, 3)),
            vasopressin=draw(st.booleans()),
        ),
        line=VenousAccess(*(draw(st.booleans()) for _ in range(4))),
        pump=PumpReading(
            running=draw(st.booleans()),
            alarm=draw(st.booleans()),
            volume_left_ml=draw(volumes),
            expected_volume_left_ml=draw(volumes),
            programmed_rate_ml_h=draw(rates),
            prescribed_rate_ml_h=draw(st.none() | rates),
        ),
        neuro=NeuroCheck(
            writing_test=draw(st.sampled_from(WRITING)),
            # Mostly normal, so that one worsened finding is what decides.
            consciousness=draw(st.just(Consciousness.ALERT) | st.sampled_from(CONSCIOUSNESS)),
            seizure=draw(st.just(Seizure.NONE) | st.sampled_from(SEIZURE)),
            ice_score=draw(st.none() | st.integers(0, 10)),
            neuro_signs=draw(st.just(frozenset[NeuroSign]()) | st.frozensets(
                st.sampled_from(SIGNS))),
        ),
        fever_masking_treatment=draw(st.booleans()),
    )


def _worse(check: DailyCheck, part: str, **changes: Any) -> DailyCheck:
    changed = dataclasses.replace(getattr(check, part), **changes)
    return dataclasses.replace(check, **{part: changed})


def _away(value: float, middle: float, step: float) -> float:
    """``value`` moved ``step`` further from the middle of the normal band."""
    return value + step if value >= middle else value - step


def _worsenings(check: DailyCheck, step: int) -> list[DailyCheck]:
    vitals, support, neuro, pump = check.vitals, check.support, check.neuro, check.pump
    worse_rate = pump.programmed_rate_ml_h
    if pump.prescribed_rate_ml_h is not None:  # further from the prescription
        worse_rate = max(0.0, _away(worse_rate, pump.prescribed_rate_ml_h, step / 10))
    new_sign = next((sign for sign in SIGNS if sign not in neuro.neuro_signs), None)
    worse_ice = None if neuro.ice_score is None else max(0, neuro.ice_score - step)
    deviation = pump.volume_left_ml - pump.expected_volume_left_ml
    # Further from the expected volume, in the direction it already deviates.
    worse_left = max(0.0, pump.volume_left_ml + (step if deviation > 0 else -step))
    away = {name: _away(getattr(vitals, name), middle, step / 10 if name[0] == "t" else step)
            for name, middle in MIDDLE.items()}
    return [
        # Hypothermia scores in NEWS2 (RCP 2017): a temperature moves away from normal.
        _worse(check, "vitals", temperature_c=away["temperature_c"]),
        _worse(check, "vitals", systolic_bp=int(away["systolic_bp"]),
               diastolic_bp=min(vitals.diastolic_bp, int(away["systolic_bp"]) - 1)),
        _worse(check, "vitals", heart_rate=int(away["heart_rate"])),
        _worse(check, "vitals", respiratory_rate=max(1, int(away["respiratory_rate"]))),
        _worse(check, "vitals", spo2=vitals.spo2 - step),
        _worse(check, "support", oxygen=OXYGEN[min(3, OXYGEN.index(support.oxygen) + 1)]),
        _worse(check, "support", vasopressors=support.vasopressors + 1),
        _worse(check, "neuro", ice_score=worse_ice),
        _worse(check, "neuro", seizure=SEIZURE[min(2, SEIZURE.index(neuro.seizure) + 1)]),
        _worse(
            check,
            "neuro",
            consciousness=CONSCIOUSNESS[min(5, CONSCIOUSNESS.index(neuro.consciousness) + 1)],
        ),
        _worse(check, "line", discharge=True),
        _worse(check, "pump", running=False),
        _worse(check, "pump", volume_left_ml=worse_left),
        _worse(check, "pump", programmed_rate_ml_h=worse_rate),
        _worse(check, "neuro", neuro_signs=neuro.neuro_signs | {new_sign}
               if new_sign else neuro.neuro_signs),
    ]


@given(checks(), st.integers(1, 20))
def test_worsening_never_lowers_triage_or_grades(check: DailyCheck, step: int) -> None:
    before = triage(check)
    for worse in _worsenings(check, step):
        after = triage(worse)
        assert after.level.rank >= before.level.rank, worse
        assert after.crs.grade >= before.crs.grade
        assert after.icans.grade >= before.icans.grade
        assert after.fever_grade >= before.fever_grade
        assert after.news2.score >= before.news2.score, worse


news2_inputs = st.builds(
    News2Input, st.integers(1, 60), st.integers(50, 100), st.booleans(), st.integers(40, 300),
    st.integers(20, 250), st.booleans(), temperatures, st.sampled_from([1, 2]))


@given(news2_inputs)
def test_news2_is_the_sum_and_stays_within_0_20(observations: News2Input) -> None:
    result = score_news2(observations)
    assert result.score == sum(result.parameters.values())
    assert 0 <= result.score <= 20
    assert all(0 <= points <= 3 for points in result.parameters.values())


@given(temperatures, systolics, st.sampled_from(OXYGEN), st.integers(0, 3))
def test_crs_needs_fever_and_fever_means_red(
    temperature: float, systolic: int, oxygen: OxygenSupport, vasopressors: int
) -> None:
    grade = grade_crs(temperature, systolic, oxygen, vasopressors).grade
    assert (grade >= 1) is (temperature >= 38.0)
    assert (grade_fever(temperature) >= 1) is (temperature >= 38.0)


@given(checks())
def test_level_is_the_most_urgent_reason_and_green_has_none(check: DailyCheck) -> None:
    result = triage(check)
    if result.reasons:
        assert result.level is result.reasons[0].level
    else:
        assert result.level.value == "green"


@given(
    st.integers(0, 4), st.integers(0, 3), st.integers(0, 1), st.integers(0, 1), st.integers(0, 1)
)
def test_ice_items_total(o: int, n: int, c: int, w: int, a: int) -> None:
    assert IceItems(o, n, c, w, a).total == o + n + c + w + a <= 10
