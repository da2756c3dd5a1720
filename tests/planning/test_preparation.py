"""The pharmacy's preparation list over a date range, for several patients."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from hadcoord.planning import Plan, PlanningError
from hadcoord.planning.preparation import preparation_list

Build = Callable[..., Plan]


def test_bags_of_several_patients_sorted_by_day(build: Build) -> None:
    first = build("2026-03-02T10:00", "rr", 1, "mon-thu")
    second = build("2026-03-03T14:00", "mrd", 1, "tue-fri")
    lines = preparation_list([("A", first), ("B", second)], date(2026, 3, 9), date(2026, 3, 13))
    assert [(line.prepared_on.isoformat(), line.patient) for line in lines] == [
        ("2026-03-09", "A"), ("2026-03-10", "B"), ("2026-03-12", "A"), ("2026-03-13", "B")]
    assert all(line.rate_ml_per_h == 2.5 for line in lines)
    assert lines[0].ml == 190.0
    assert lines[0].ug == 88.67


def test_nothing_prepared_on_a_holiday(build: Build) -> None:
    plan = build("2026-03-16T10:00", "mrd", 1, "mon-thu")
    easter_monday = date(2026, 4, 6)
    assert preparation_list([("A", plan)], easter_monday, easter_monday) == ()


def test_reversed_range_is_refused(build: Build) -> None:
    plan = build("2026-03-02T10:00")
    with pytest.raises(PlanningError, match="Période de préparation inversée"):
        preparation_list([("A", plan)], date(2026, 3, 13), date(2026, 3, 9))
