"""CRS grade 0-4, ASTCT 2019 consensus (Lee et al., Biol Blood Marrow Transplant 2019;25:625)."""

from __future__ import annotations

from dataclasses import dataclass

from hadcoord.monitoring.check import OxygenSupport

# ASTCT 2019 CRS table, "hypoxia" row: low-flow nasal cannula (<= 6 L/min) or blow-by -> 2;
# high-flow cannula (> 6 L/min), facemask, non-rebreather or Venturi mask -> 3; positive
# pressure (CPAP, BiPAP, intubation and mechanical ventilation) -> 4.
HYPOXIA_GRADE = {
    OxygenSupport.NONE: 0,
    OxygenSupport.LOW_FLOW: 2,
    OxygenSupport.HIGH_FLOW: 3,
    OxygenSupport.POSITIVE_PRESSURE: 4,
}


@dataclass(frozen=True, slots=True)
class CrsGrading:
    """The CRS grade and the findings it rests on."""

    grade: int
    fever: bool
    fever_masked: bool  # graded without fever after a fever-masking treatment (footnote)
    hypotension: bool  # systolic below the threshold, or any vasopressor
    hypotension_grade: int
    hypoxia_grade: int


def hypotension_grade(
    systolic_bp: int, vasopressors: int, vasopressin: bool, *, systolic_below: int = 90
) -> int:
    """Grade of the ASTCT 2019 "hypotension" row (0 when there is none).

    ``vasopressors`` counts the vasopressors other than vasopressin. Multiple vasopressors
    (excluding vasopressin) -> 4; one vasopressor, with or without vasopressin -> 3;
    hypotension not requiring vasopressors -> 2.
    """
    if vasopressors >= 2:
        return 4
    if vasopressors == 1 or vasopressin:
        return 3
    return 2 if systolic_bp < systolic_below else 0


def grade_crs(
    temperature_c: float,
    systolic_bp: int,
    oxygen: OxygenSupport,
    vasopressors: int = 0,
    vasopressin: bool = False,
    *,
    fever_min_c: float = 38.0,
    systolic_below: int = 90,
    fever_masked: bool = False,
) -> CrsGrading:
    """Grade CRS per ASTCT 2019.

    Fever (>= 38 °C) is required for every grade; fever alone is grade 1; with hypotension
    and/or hypoxia the grade is the more severe of the two rows (ASTCT 2019 footnote).
    ``fever_masked`` (antipyretic or anti-cytokine therapy such as tocilizumab or
    corticosteroids, ASTCT 2019 footnote: fever is then no longer required) grades CRS on
    hypotension and hypoxia alone; without either there is nothing to grade (0).
    """
    fever = temperature_c >= fever_min_c
    low_bp = hypotension_grade(
        systolic_bp, vasopressors, vasopressin, systolic_below=systolic_below
    )
    hypoxia = HYPOXIA_GRADE[oxygen]
    masked_grade = max(low_bp, hypoxia) if fever_masked else 0
    grade = max(1, low_bp, hypoxia) if fever else masked_grade
    return CrsGrading(
        grade=grade,
        fever=fever,
        fever_masked=fever_masked and not fever and grade > 0,
        hypotension=low_bp > 0,
        hypotension_grade=low_bp,
        hypoxia_grade=hypoxia,
    )
