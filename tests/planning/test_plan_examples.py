"""Concrete plans checked by hand against the thesis practice (résultats B.1/B.2) and SmPC 4.2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from hadcoord.planning import Plan, Protocol
from hadcoord.planning.invariants import check_plan

Build = Callable[..., Plan]


def changes(plan: Plan, cycle: int = 1) -> list[str]:
    return [f"{b.start:%a %d/%m %H:%M}" for b in plan.bags if b.cycle == cycle]


def test_rr_cycle_one_from_a_monday(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00", "rr", 1, "mon-thu")
    assert changes(plan) == ["Mon 02/03 10:00", "Thu 05/03 10:00", "Mon 09/03 10:00",
                             "Thu 12/03 10:00", "Mon 16/03 10:00", "Thu 19/03 10:00",
                             "Mon 23/03 10:00", "Thu 26/03 10:00"]
    assert [b.hours for b in plan.bags] == [72, 96, 72, 96, 72, 96, 72, 96]
    # 9 µg/day days 1–7, then a new bag at 28 µg/day on day 8, on the ward (SmPC 4.2).
    assert [b.dose_ug_per_day for b in plan.bags[:3]] == [9, 9, 28]
    assert [b.hung_at for b in plan.bags[:4]] == ["ward", "ward", "ward", "day_hospital"]
    stay = plan.cycles[0].stay
    assert (stay.admission, stay.discharge) == (datetime.fromisoformat("2026-03-02T10:00+01:00"),
                                                datetime.fromisoformat("2026-03-11T10:00+01:00"))
    # Infusion is 28 × 24 real hours: across the 29 March time change it ends at 11:00.
    assert plan.cycles[0].infusion_end.isoformat() == "2026-03-30T11:00:00+02:00"
    assert check_plan(plan, protocol) == []


def test_bag_contents_at_the_single_flow_rate(build: Build) -> None:
    plan = build("2026-03-02T10:00", "rr", 1, "mon-thu")
    first, second, step_up, home = plan.bags[:4]
    # 72 h + 4 h overfill at 2.5 mL/h = 190 mL; 9 µg/day × 76 h / 24 = 28.5 µg.
    assert (first.overfill_hours, first.ml, first.ug) == (4, 190.0, 28.5)
    # A 96 h bag has no overfill: 240 mL, 36 µg at 9 µg/day, 112 µg at 28 µg/day.
    assert (second.overfill_hours, second.ml, second.ug) == (0, 240.0, 36.0)
    assert (step_up.ml, step_up.ug) == (190.0, 88.67)
    assert (home.ml, home.ug) == (240.0, 112.0)
    assert {b.rate_ml_per_h for b in plan.bags} == {2.5}


def test_easter_monday_forces_an_earlier_extra_change(build: Build, protocol: Protocol) -> None:
    # Cycle 1 from 16/03/2026: Easter Monday 06/04 is a holiday, the pharmacy is closed.
    plan = build("2026-03-16T10:00", "mrd", 1, "mon-thu")
    starts = {b.start.date() for b in plan.bags}
    assert date(2026, 4, 6) not in starts
    assert date(2026, 4, 3) in starts  # Good Friday is a production day: change moved there
    assert date(2026, 4, 7) in starts
    assert max(b.hours for b in plan.bags) <= 96
    assert check_plan(plan, protocol) == []


def test_extra_closure_on_a_fixed_day(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00", "rr", 1, "mon-thu", closed=("2026-03-19",))
    assert "Thu 19/03 10:00" not in changes(plan)
    assert "Fri 20/03 10:00" in changes(plan)
    assert check_plan(plan, protocol) == []


def test_tue_fri_pair_and_start_on_a_saturday(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-21T14:00", "mrd", 1, "tue-fri")
    first = plan.bags[0]
    # Saturday: the pharmacy does not produce, the first bag was prepared on Friday and must
    # end within 96 h of that preparation.
    assert first.prepared_on == date(2026, 3, 20)
    assert first.hung_at == "ward"
    home = [b for b in plan.bags if b.hung_at == "day_hospital"]
    assert {b.start.strftime("%a") for b in home} <= {"Tue", "Fri"}
    assert all(b.start.hour == 10 for b in home)
    assert check_plan(plan, protocol) == []


@pytest.mark.parametrize(("indication", "days"), [("rr", [9, 2, 2]), ("mrd", [3, 2, 2])])
def test_minimum_stays_per_indication(build: Build, indication: str, days: list[int]) -> None:
    plan = build("2026-09-07T10:00", indication, 3, "mon-thu")
    assert [(c.stay.discharge.date() - c.stay.admission.date()).days for c in plan.cycles] == days
    # Each later cycle starts with its stay, after the 14-day break.
    for previous, cycle in zip(plan.cycles, plan.cycles[1:], strict=False):
        assert cycle.stay.admission == cycle.start
        assert (cycle.start - previous.infusion_end).days >= 13


def test_visits_checks_and_premedications(build: Build) -> None:
    plan = build("2026-03-02T10:00", "rr", 2, "mon-thu")
    assert plan.day_hospital_visits == tuple(b.start for b in plan.bags
                                             if b.hung_at == "day_hospital")
    # Every day at home under infusion: from discharge day (11/03) to the end (30/03).
    cycle_one = [d for d in plan.home_checks if d < date(2026, 4, 1)]
    assert cycle_one[0] == date(2026, 3, 11)
    assert cycle_one[-1] == date(2026, 3, 30)
    assert len(cycle_one) == 20
    reasons = [(p.reason, f"{p.at:%d/%m %H:%M}") for p in plan.premedications]
    assert reasons == [("cycle_start", "02/03 09:00"), ("step_up", "09/03 09:00"),
                       ("cycle_start", "13/04 09:00")]


def test_preparation_is_a_production_day_on_or_before_the_bag(build: Build) -> None:
    plan = build("2026-12-19T15:00", "rr", 1, "tue-fri")  # Saturday before Christmas
    for bag in plan.bags:
        assert bag.prepared_on <= bag.start.date()
        assert bag.prepared_on.weekday() < 5
        assert bag.prepared_on not in {date(2026, 12, 25), date(2027, 1, 1)}
