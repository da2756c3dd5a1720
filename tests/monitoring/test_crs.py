"""CRS grade, row by row of the ASTCT 2019 consensus table (Lee et al., BBMT 2019;25:625)."""

from __future__ import annotations

import pytest

from hadcoord.monitoring import OxygenSupport, grade_crs

NONE, LOW, HIGH, PPV = (
    OxygenSupport.NONE,
    OxygenSupport.LOW_FLOW,
    OxygenSupport.HIGH_FLOW,
    OxygenSupport.POSITIVE_PRESSURE,
)


@pytest.mark.parametrize(
    ("temperature", "systolic", "oxygen", "vasopressors", "vasopressin", "grade"),
    [
        # Grade 1: fever >= 38 °C, no hypotension, no hypoxia.
        (38.0, 120, NONE, 0, False, 1),
        (40.5, 120, NONE, 0, False, 1),
        # Grade 2: hypotension not requiring vasopressors ...
        (38.5, 89, NONE, 0, False, 2),
        # ... and/or low-flow nasal cannula (<= 6 L/min) or blow-by.
        (38.5, 120, LOW, 0, False, 2),
        (38.5, 85, LOW, 0, False, 2),
        # Grade 3: one vasopressor with or without vasopressin ...
        (38.5, 100, NONE, 1, False, 3),
        (38.5, 100, NONE, 1, True, 3),
        (38.5, 100, NONE, 0, True, 3),
        # ... and/or high-flow cannula, facemask, non-rebreather or Venturi mask.
        (38.5, 120, HIGH, 0, False, 3),
        # Grade 4: multiple vasopressors (excluding vasopressin) ...
        (38.5, 100, NONE, 2, False, 4),
        (38.5, 100, NONE, 3, True, 4),
        # ... and/or positive pressure (CPAP, BiPAP, intubation).
        (38.5, 120, PPV, 0, False, 4),
        # The more severe of hypotension and hypoxia decides (ASTCT footnote example:
        # 39.5 °C, one vasopressor, low-flow cannula -> grade 3).
        (39.5, 100, LOW, 1, False, 3),
        (38.5, 85, HIGH, 0, False, 3),
        (38.5, 85, PPV, 1, False, 4),
        (38.5, 100, LOW, 2, False, 4),
    ],
)
def test_astct_crs_table(
    temperature: float,
    systolic: int,
    oxygen: OxygenSupport,
    vasopressors: int,
    vasopressin: bool,
    *,
    grade: int,
) -> None:
    assert grade_crs(temperature, systolic, oxygen, vasopressors, vasopressin).grade == grade


@pytest.mark.parametrize(
    ("temperature", "grade"), [(37.9, 0), (37.99, 0), (38.0, 1), (39.0, 1), (39.1, 1)]
)
def test_fever_threshold_is_38(temperature: float, grade: int) -> None:
    assert grade_crs(temperature, 120, NONE).grade == grade


@pytest.mark.parametrize(("systolic", "grade"), [(89, 2), (90, 1), (91, 1)])
def test_hypotension_is_systolic_below_90_by_default(systolic: int, grade: int) -> None:
    assert grade_crs(38.5, systolic, NONE).grade == grade


def test_hypotension_threshold_is_configurable() -> None:
    assert grade_crs(38.5, 95, NONE, systolic_below=100).grade == 2
    assert grade_crs(38.5, 100, NONE, systolic_below=100).grade == 1


def test_fever_threshold_is_configurable() -> None:
    assert grade_crs(37.8, 120, NONE, fever_min_c=37.8).grade == 1


@pytest.mark.parametrize(
    ("systolic", "oxygen", "vasopressors"), [(70, NONE, 0), (120, PPV, 0), (80, HIGH, 2)]
)
def test_no_crs_without_fever(systolic: int, oxygen: OxygenSupport, vasopressors: int) -> None:
    grading = grade_crs(37.5, systolic, oxygen, vasopressors)
    assert grading.grade == 0
    assert not grading.fever
    assert grading.hypotension or grading.hypoxia_grade


def test_findings_are_reported() -> None:
    grading = grade_crs(38.2, 85, LOW)
    assert (grading.fever, grading.hypotension, grading.hypotension_grade) == (True, True, 2)
    assert grading.hypoxia_grade == 2
