"""No bag made of leftover hours; overfill never beyond the stability (calendar issue 13).

Each example is a plan the audit quoted: before the fix it ended a cycle with a 1, 3, 5 or 13 h
bag, or filled a 95 h bag for 99 h.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from hadcoord.config.protocol import ProtocolSettings
from hadcoord.planning import (
    Bag,
    Plan,
    PlanRequest,
    Protocol,
    build_plan,
    protocol_from_settings,
)
from hadcoord.planning.bags import make_bag
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.invariants import check_plan
from tests.planning.conftest import Build


def hour_of(moment: datetime) -> int:
    return int(moment.timestamp()) // 3600


def _short(plan: Plan, minimum: int = 24) -> list[tuple[str, int]]:
    return [(f"{b.start:%d/%m %H:%M}", b.hours) for b in plan.bags
            if b.hours < minimum and not b.stopped_early]


@pytest.mark.parametrize("start", ["2026-03-16T10:00", "2026-03-02T14:00", "2026-03-02T22:00"])
def test_no_bag_of_leftover_hours_at_the_cycle_end(build: Build, protocol: Protocol,
                                                   start: str) -> None:
    # Spring clock change (29/03/2026) inside the cycle, or a start off the appointment hour:
    # the planner used to end the cycle with a 1 h, 5 h or 13 h bag at the day hospital.
    plan = build(start)
    assert _short(plan) == []
    assert check_plan(plan, protocol) == []
    # 672 h of infusion all the same (SmPC 4.2: 28 days of continuous infusion).
    assert plan.cycles[0].infusion_hours == 672


def test_spring_clock_hour_is_absorbed_by_a_neighbouring_bag(build: Build) -> None:
    # 16/03/2026 10:00 + 672 real hours = 13/04/2026 11:00 (summer time since 29/03). The hour is
    # absorbed by the bag before the last change, which is booked one hour later (11:00): the
    # last bag runs its 96 h to the end of the infusion instead of leaving a 1 h bag.
    plan = build("2026-03-16T10:00")
    last, before = plan.bags[-1], plan.bags[-2]
    assert f"{last.end:%d/%m/%Y %H:%M}" == "13/04/2026 11:00"
    assert last.hours >= 24
    assert before.hours <= 96
    assert all(b.hours <= 96 for b in plan.bags)


def test_a_short_interruption_does_not_leave_a_short_bag(build: Build,
                                                         protocol: Protocol) -> None:
    # 3 h without infusion at home: the cycle end moves 3 h later; it used to end with a 3 h bag.
    plan = build("2026-06-01T10:00")
    replanned = replan_after_interruption(plan, datetime(2026, 6, 15, 10),
                                          datetime(2026, 6, 15, 13), protocol)
    assert _short(replanned) == []
    assert check_plan(replanned, protocol) == []


def test_the_minimum_is_configurable() -> None:
    # A centre accepting 12 h bags keeps the 13 h end bag of a 22:00 start.
    lenient = protocol_from_settings(ProtocolSettings(min_bag_hours=12))
    plan = build_plan(PlanRequest(start=datetime(2026, 3, 2, 22), indication="rr", cycles=1,
                                  change_days="mon-thu"), lenient)
    assert _short(plan, 12) == []
    assert check_plan(plan, lenient) == []
    with pytest.raises(ValueError, match="min_bag_hours"):
        ProtocolSettings(min_bag_hours=97)


def test_overfill_never_beyond_the_stability(build: Build, protocol: Protocol) -> None:
    # A 95 h bag (Thursday → Monday over the spring change) used to get +4 h: 99 h of drug,
    # 247,5 mL. Overfill = min(4 h, 96 h − bag hours − hours from preparation to hanging).
    plan = build("2026-03-16T10:00")
    for bag in plan.bags:
        prepared = hour_of(datetime.combine(bag.prepared_on, protocol.production_end,
                                            tzinfo=bag.start.tzinfo))
        waiting = max(0, hour_of(bag.start) - prepared) if bag.prepared_on < bag.start.date() \
            else 0
        assert bag.overfill_hours <= max(0, protocol.stability_hours - bag.hours - waiting)
        assert bag.hours + bag.overfill_hours + waiting <= protocol.stability_hours
    long_bag = next(b for b in plan.bags if b.hours == 95)
    assert long_bag.overfill_hours == 1
    assert (long_bag.ml, long_bag.ug) == (240.0, 112.0)


def test_weekend_ward_bag_overfill_counts_the_wait_since_preparation(build: Build) -> None:
    # Cycle 1 starts on the ward on Saturday 14:00: the bag was prepared on Friday (closing
    # 16:30, counted from 16:00), 22 h before it is hung; a 72 h bag may then carry 2 h only.
    plan = build("2026-03-07T14:00")
    first = plan.bags[0]
    assert f"{first.prepared_on:%d/%m}" == "06/03"
    assert first.hours + first.overfill_hours + 22 <= 96


def _rules(plan: Plan, bags: list[Bag], protocol: Protocol) -> set[str]:
    return {v.rule for v in check_plan(replace(plan, bags=tuple(bags)), protocol)}


def test_checker_catches_the_leftover_hour_bag(build: Build, protocol: Protocol) -> None:
    # Today's plan of the audit: ... Thu 09/04 10:00 → Mon 13/04 10:00, then a 1 h bag.
    plan = build("2026-03-16T10:00", "mrd", 1, "mon-thu")
    bags = list(plan.bags)
    before, last = bags[-2], bags[-1]
    thursday, monday = hour_of(last.start) - 1, hour_of(last.end) - 1
    old = [*bags[:-2],
           make_bag(protocol, 1, hour_of(before.start), thursday, dose=28,
                    hung_at="day_hospital", prepared_on=before.prepared_on),
           make_bag(protocol, 1, thursday, monday, dose=28, hung_at="day_hospital",
                    prepared_on=last.prepared_on),
           make_bag(protocol, 1, monday, hour_of(last.end), dose=28, hung_at="day_hospital",
                    prepared_on=(last.end.date()))]
    assert [b.hours for b in old[-3:]] == [48, 96, 1]
    assert "short_bag" in _rules(plan, old, protocol)


def test_checker_catches_overfill_beyond_the_stability(build: Build,
                                                       protocol: Protocol) -> None:
    plan = build("2026-03-16T10:00")
    bags = list(plan.bags)
    index = next(i for i, b in enumerate(bags) if b.hours == 95)
    bags[index] = replace(bags[index], overfill_hours=4, ml=247.5, ug=115.5)
    assert {"overfill", "quantities"} <= _rules(plan, bags, protocol)


def test_a_forced_short_bag_is_accepted(build: Build, protocol: Protocol) -> None:
    # A 3 h interruption on Monday 20/04/2026 moves the end to Monday 04/05 13:00; Friday 01/05
    # is a holiday and Thursday 30/04 10:00 + 96 h falls at Monday 10:00: the 3 h bag is forced.
    plan = build("2026-04-06T10:00")
    replanned = replan_after_interruption(plan, datetime(2026, 4, 20, 10),
                                          datetime(2026, 4, 20, 13), protocol)
    assert _short(replanned) == [("04/05 10:00", 3)]
    assert check_plan(replanned, protocol) == []
