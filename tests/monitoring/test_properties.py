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

OXYGEN = list(OxygenSupport)
CONSCIOUSNESS = list(Consciousness)
SEIZURE = list(Seizure)
WRITING = list(WritingTest)
temperatures = st.integers(350, 420).map(lambda tenths: tenths / 10)
systolics = st.integers(60, 160)
volumes = st.integers(0, 4000).map(lambda tenths: tenths / 10)


@st.composite
def checks(draw: st.DrawFn) -> DailyCheck:
    systolic = draw(systolics)
    return DailyCheck(
        vitals=VitalSigns(
            temperature_c=draw(temperatures),
            heart_rate=80,
            systolic_bp=systolic,
            diastolic_bp=systolic // 2,
            spo2=draw(st.integers(80, 100)),
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
        ),
        neuro=NeuroCheck(
            writing_test=draw(st.sampled_from(WRITING)),
            # Mostly normal, so that one worsened finding is what decides.
            consciousness=draw(st.just(Consciousness.ALERT) | st.sampled_from(CONSCIOUSNESS)),
            seizure=draw(st.just(Seizure.NONE) | st.sampled_from(SEIZURE)),
            ice_score=draw(st.none() | st.integers(0, 10)),
        ),
    )


def _worse(check: DailyCheck, part: str, **changes: Any) -> DailyCheck:
    changed = dataclasses.replace(getattr(check, part), **changes)
    return dataclasses.replace(check, **{part: changed})


def _worsenings(check: DailyCheck, step: int) -> list[DailyCheck]:
    vitals, support, neuro, pump = check.vitals, check.support, check.neuro, check.pump
    worse_ice = None if neuro.ice_score is None else max(0, neuro.ice_score - step)
    deviation = pump.volume_left_ml - pump.expected_volume_left_ml
    # Further from the expected volume, in the direction it already deviates.
    worse_left = max(0.0, pump.volume_left_ml + (step if deviation > 0 else -step))
    return [
        _worse(check, "vitals", temperature_c=vitals.temperature_c + step / 10),
        _worse(check, "vitals", systolic_bp=vitals.systolic_bp - step),
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
