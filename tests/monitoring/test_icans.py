"""ICANS grade for adults, row by row of the ASTCT 2019 table (Lee et al., BBMT 2019;25:625)."""

from __future__ import annotations

import pytest

from hadcoord.monitoring import Consciousness, Seizure, grade_icans, ice_grade

ALERT = Consciousness.ALERT


@pytest.mark.parametrize(
    ("score", "grade"),
    [(10, 0), (9, 1), (8, 1), (7, 1), (6, 2), (5, 2), (4, 2), (3, 2), (2, 3), (1, 3), (0, 3)],
)
def test_ice_score_row(score: int, grade: int) -> None:
    assert ice_grade(score) == grade
    assert grade_icans(score, ALERT, Seizure.NONE).grade == grade


@pytest.mark.parametrize("score", [-1, 11])
def test_ice_score_out_of_range_is_refused(score: int) -> None:
    with pytest.raises(ValueError, match="0–10"):
        ice_grade(score)


@pytest.mark.parametrize(
    ("consciousness", "grade"),
    [
        (Consciousness.ALERT, 0),
        (Consciousness.DROWSY, 1),  # awakens spontaneously
        (Consciousness.VOICE, 2),  # awakens to voice
        (Consciousness.TOUCH, 3),  # awakens only to tactile stimulus
        (Consciousness.VIGOROUS, 4),  # requires vigorous or repetitive tactile stimuli
        (Consciousness.UNAROUSABLE, 4),  # unarousable, stupor or coma
    ],
)
def test_depressed_level_of_consciousness_row(consciousness: Consciousness, grade: int) -> None:
    result = grade_icans(None, consciousness, Seizure.NONE)
    assert (result.grade, result.consciousness_grade) == (grade, grade)


@pytest.mark.parametrize(
    ("seizure", "grade"), [(Seizure.NONE, 0), (Seizure.BRIEF, 3), (Seizure.PROLONGED, 4)]
)
def test_seizure_row(seizure: Seizure, grade: int) -> None:
    assert grade_icans(10, ALERT, seizure).grade == grade


def test_most_severe_event_decides() -> None:
    # ASTCT footnote example: ICE score 3 with a generalised seizure -> grade 3.
    assert grade_icans(3, ALERT, Seizure.BRIEF).grade == 3
    assert grade_icans(8, Consciousness.VOICE, Seizure.NONE).grade == 2
    assert grade_icans(5, Consciousness.DROWSY, Seizure.PROLONGED).grade == 4


def test_ice_zero_is_grade_4_only_if_unarousable() -> None:
    # ASTCT footnote: ICE 0 awake with global aphasia -> 3; ICE 0 unarousable -> 4.
    assert grade_icans(0, ALERT, Seizure.NONE).grade == 3
    assert grade_icans(0, Consciousness.UNAROUSABLE, Seizure.NONE).grade == 4


def test_missing_ice_score_grades_the_other_domains() -> None:
    result = grade_icans(None, ALERT, Seizure.NONE)
    assert (result.grade, result.ice_grade) == (0, None)
