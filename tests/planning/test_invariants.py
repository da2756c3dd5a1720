"""The invariant checker itself: it must catch each kind of broken plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from hadcoord.planning import Bag, Plan, Protocol
from hadcoord.planning.bags import make_bag
from hadcoord.planning.invariants import check_plan

Build = Callable[..., Plan]


@pytest.fixture
def plan(build: Build) -> Plan:
    return build("2026-03-02T10:00", "rr", 2, "mon-thu")


def rules(plan: Plan, protocol: Protocol) -> set[str]:
    return {violation.rule for violation in check_plan(plan, protocol)}


def with_bags(plan: Plan, bags: list[Bag]) -> Plan:
    return replace(plan, bags=tuple(bags))


def test_a_sound_plan_has_no_violation(plan: Plan, protocol: Protocol) -> None:
    assert check_plan(plan, protocol) == []


def test_gap_between_bags(plan: Plan, protocol: Protocol) -> None:
    bags = list(plan.bags)
    bags[4] = replace(bags[4], end=bags[4].end - timedelta(hours=2), hours=bags[4].hours - 2)
    assert "continuity" in rules(with_bags(plan, bags), protocol)


def test_bag_longer_than_96_hours(plan: Plan, protocol: Protocol) -> None:
    bags = list(plan.bags)
    merged = replace(bags[3], end=bags[4].end, hours=bags[3].hours + bags[4].hours)
    found = rules(with_bags(plan, [*bags[:3], merged, *bags[5:]]), protocol)
    assert "length" in found
    assert "stability" in found


def test_second_flow_rate_and_wrong_volume(plan: Plan, protocol: Protocol) -> None:
    bags = list(plan.bags)
    bags[5] = replace(bags[5], rate_ml_per_h=3.0)
    bags[6] = replace(bags[6], ml=bags[6].ml + 10)
    found = rules(with_bags(plan, bags), protocol)
    assert {"flow_rate", "quantities"} <= found


def test_dose_change_inside_a_bag(plan: Plan, protocol: Protocol) -> None:
    bags = list(plan.bags)
    bags[2] = replace(bags[2], dose_ug_per_day=9.0)
    assert "dose" in rules(with_bags(plan, bags), protocol)


def test_home_change_on_a_sunday(plan: Plan, protocol: Protocol) -> None:
    bags = list(plan.bags)
    # Move the Monday 16/03 change to Sunday 15/03 10:00 (bags stay end to end).
    sunday = bags[4].start - timedelta(days=1)
    bags[3] = make_bag(protocol, 1, int(bags[3].start.timestamp()) // 3600,
                       int(sunday.timestamp()) // 3600, dose=28, hung_at="day_hospital",
                       prepared_on=bags[3].prepared_on)
    bags[4] = make_bag(protocol, 1, int(sunday.timestamp()) // 3600,
                       int(bags[4].end.timestamp()) // 3600, dose=28, hung_at="day_hospital",
                       prepared_on=bags[3].prepared_on)
    found = rules(with_bags(plan, bags), protocol)
    assert "home_change" in found


def test_needless_extra_change(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00", "rr", 1, "mon-thu")
    bags = list(plan.bags)
    # Split the Thursday 19/03 → Monday 23/03 bag with an extra change on Friday 20/03.
    bag = bags[5]
    friday = int(bag.start.timestamp()) // 3600 + 24
    first = make_bag(protocol, 1, int(bag.start.timestamp()) // 3600, friday, dose=28,
                     hung_at="day_hospital", prepared_on=bag.prepared_on)
    second = make_bag(protocol, 1, friday, int(bag.end.timestamp()) // 3600, dose=28,
                      hung_at="day_hospital", prepared_on=(bag.start + timedelta(days=1)).date())
    found = rules(with_bags(plan, [*bags[:5], first, second, *bags[6:]]), protocol)
    assert "extra_change" in found
    assert "short_bag" not in found


def test_missing_premedication_check_and_visit(plan: Plan, protocol: Protocol) -> None:
    broken = replace(plan, premedications=plan.premedications[1:],
                     home_checks=plan.home_checks[1:],
                     day_hospital_visits=plan.day_hospital_visits[1:])
    assert {"premedication", "home_checks", "day_hospital"} <= rules(broken, protocol)


def test_short_stay_and_short_break(plan: Plan, protocol: Protocol) -> None:
    first, second = plan.cycles
    short_stay = replace(first.stay, discharge=first.stay.discharge - timedelta(days=2))
    early = second.start - timedelta(days=2)
    broken = replace(plan, cycles=(replace(first, stay=short_stay),
                                   replace(second, start=early)))
    assert {"stay", "break"} <= rules(broken, protocol)


def test_bag_prepared_on_a_holiday(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00", "rr", 2, "mon-thu")
    bags = list(plan.bags)
    index = next(i for i, b in enumerate(bags) if b.start.date().isoformat() == "2026-04-16")
    bags[index] = replace(bags[index], prepared_on=bags[index].start.date().replace(day=6))
    assert "preparation" in rules(with_bags(plan, bags), protocol)


def test_premedication_of_another_indication(build: Build, protocol: Protocol) -> None:
    # An MRD-positive plan must name prednisone (SmPC 4.2), not the R/R dexamethasone 20 mg.
    plan = build("2026-03-02T10:00", "mrd", 1, "mon-thu")
    assert check_plan(plan, protocol) == []
    assert {p.text for p in plan.premedications} == {
        "prednisone 100 mg IV ou équivalent, p. ex. dexaméthasone 16 mg"}
    wrong = replace(plan, premedications=tuple(
        replace(p, drug="dexaméthasone", dose="20 mg IV") for p in plan.premedications))
    assert "premedication" in rules(wrong, protocol)
