"""Fever grade, CTCAE v5.0 ("Fever", General disorders and administration site conditions)."""

from __future__ import annotations

# CTCAE v5.0 "Fever": 1 = 38.0-39.0 °C; 2 = >39.0-40.0 °C; 3 = >40.0 °C for <= 24 h;
# 4 = >40.0 °C for > 24 h (5 = death, not graded from a check).
FEVER_MIN_C = 38.0
GRADE_2_ABOVE_C = 39.0
GRADE_3_ABOVE_C = 40.0
GRADE_4_AFTER_HOURS = 24.0


def grade_fever(temperature_c: float, hours_above_40_c: float | None = None) -> int:
    """CTCAE v5 fever grade 0-4 of one temperature.

    One measurement cannot show how long the temperature has stayed above 40 °C: above
    40.0 °C the grade is 3 (the ≤ 24 h row) unless ``hours_above_40_c`` says it has lasted
    more than 24 h, then 4. Grades 3 and 4 lead to the same red triage.
    """
    if temperature_c > GRADE_3_ABOVE_C:
        lasting = hours_above_40_c is not None and hours_above_40_c > GRADE_4_AFTER_HOURS
        return 4 if lasting else 3
    if temperature_c > GRADE_2_ABOVE_C:
        return 2
    return 1 if temperature_c >= FEVER_MIN_C else 0
