"""Late day-hospital slots when the clocks go back (stability 96 h, thèse partie 1 VI.D.3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from hadcoord.planning import Bag, Plan, Protocol
from hadcoord.planning.bags import make_bag
from hadcoord.planning.invariants import check_plan
from hadcoord.planning.slots import late_changes

Build = Callable[..., Plan]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hour(moment: datetime) -> int:
    return int(moment.timestamp()) // 3600


def home(plan: Plan) -> list[str]:
    return [f"{b.start:%a %d/%m %H:%M}" for b in plan.bags if b.hung_at == "day_hospital"]


@pytest.mark.parametrize(("start", "change_days", "before"), [
    ("2027-10-14T10:00", "tue-fri", "Tue 26/10 10:00"),
    ("2027-10-14T10:00", "mon-thu", "Thu 28/10 10:00"),
    ("2032-10-08T10:00", "tue-fri", "Tue 26/10 10:00"),
    ("2032-10-08T10:00", "mon-thu", "Thu 28/10 10:00"),
])
def test_toussaint_friday_change_moves_to_eleven(build: Build, protocol: Protocol, start: str,
                                                  change_days: str, before: str) -> None:
    # Clocks go back on Sunday 31/10, Monday 01/11 is a holiday: Friday 10:00 → Tuesday 10:00
    # is 97 real hours. The Friday change is booked at 11:00, the bag prepared just in time.
    plan = build(start, "mrd", 1, change_days)
    year = start[:4]
    friday = next(b for b in plan.bags if b.start.date() == date(int(year), 10, 29))
    assert friday.start == at(f"{year}-10-29T11:00+02:00")
    assert friday.end == at(f"{year}-11-02T10:00+01:00")
    assert (friday.hours, friday.hung_at, friday.prepared_on) == (96, "day_hospital",
                                                                   date(int(year), 10, 29))
    assert late_changes(plan, protocol) == (friday,)
    visits = home(plan)
    assert visits[visits.index("Fri 29/10 11:00") - 1] == before
    assert visits[visits.index("Fri 29/10 11:00") + 1] == "Tue 02/11 10:00"
    assert max(b.hours for b in plan.bags) <= 96
    assert all(b.start.hour == 10 for b in plan.bags
               if b.hung_at == "day_hospital" and b is not friday)
    assert check_plan(plan, protocol) == []


def test_yearly_clock_change_keeps_thursday_an_hour_later(build: Build,
                                                          protocol: Protocol) -> None:
    # 25/10/2026 the clocks go back: Thursday 10:00 → Monday 10:00 is 97 h. Thursday 11:00
    # keeps the fixed pair (without late slots the change moved to Friday).
    plan = build("2026-10-05T10:00", "mrd", 1, "mon-thu")
    assert home(plan) == ["Mon 12/10 10:00", "Thu 15/10 10:00", "Mon 19/10 10:00",
                          "Thu 22/10 11:00", "Mon 26/10 10:00", "Thu 29/10 10:00"]
    assert [b.hours for b in plan.bags if b.hung_at == "day_hospital"] == [72, 96, 73, 96, 72,
                                                                          95]
    assert check_plan(plan, protocol) == []


def test_spring_forward_hour_is_absorbed_by_a_late_slot(build: Build,
                                                       protocol: Protocol) -> None:
    # 29/03/2026 the clocks go forward: Thursday 10:00 → Monday 10:00 is 95 h, and the infusion
    # ends on Monday 13/04 at 11:00 (672 real hours). The last change used to be on Monday 10:00,
    # leaving a 1 h bag (issue 13); it is now booked on Thursday 09/04 at 11:00 so that the last
    # bag runs its 96 h to the end.
    plan = build("2026-03-16T10:00", "mrd", 1, "mon-thu")
    assert home(plan) == ["Mon 23/03 10:00", "Thu 26/03 10:00", "Mon 30/03 10:00",
                          "Fri 03/04 10:00", "Tue 07/04 10:00", "Thu 09/04 11:00"]
    assert [b.hours for b in plan.bags] == [72, 96, 72, 95, 96, 96, 49, 96]
    assert [f"{b.start:%d/%m %H:%M}" for b in late_changes(plan, protocol)] == ["09/04 11:00"]
    assert check_plan(plan, protocol) == []


def moved(bags: list[Bag], index: int, hours: int, protocol: Protocol) -> list[Bag]:
    """``bags`` with the change starting bag ``index`` moved by ``hours`` (end to end kept)."""
    before, bag = bags[index - 1], bags[index]
    change = hour(bag.start) + hours
    return [*bags[:index - 1],
            make_bag(protocol, before.cycle, hour(before.start), change,
                     dose=before.dose_ug_per_day, hung_at=before.hung_at,
                     prepared_on=before.prepared_on),
            make_bag(protocol, bag.cycle, change, hour(bag.end), dose=bag.dose_ug_per_day,
                     hung_at=bag.hung_at, prepared_on=bag.prepared_on),
            *bags[index + 1:]]


def rules(plan: Plan, bags: list[Bag], protocol: Protocol) -> set[str]:
    return {v.rule for v in check_plan(replace(plan, bags=tuple(bags)), protocol)}


def test_checker_catches_a_gratuitous_late_slot(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00", "rr", 1, "mon-thu")
    bags = list(plan.bags)
    index = next(i for i, b in enumerate(bags) if b.start == at("2026-03-19T10:00+01:00"))
    # Thursday 19/03 11:00: the bag to Monday 23/03 10:00 fitted in 96 h at 10:00.
    assert "late_slot" in rules(plan, moved(bags, index, 1, protocol), protocol)
    # 13:00 is after the latest slot (12:00): not a day-hospital slot at all.
    assert "home_change" in rules(plan, moved(bags, index, 3, protocol), protocol)


def test_checker_needs_the_late_slot_at_toussaint(build: Build, protocol: Protocol) -> None:
    plan = build("2027-10-14T10:00", "mrd", 1, "tue-fri")
    bags = list(plan.bags)
    index = next(i for i, b in enumerate(bags) if b.start == at("2027-10-29T11:00+02:00"))
    # Back at 10:00 the bag runs 97 h; at 12:00 the slot is later than needed.
    assert {"length", "stability"} <= rules(plan, moved(bags, index, -1, protocol), protocol)
    assert "late_slot" in rules(plan, moved(bags, index, 1, protocol), protocol)
    assert rules(plan, bags, protocol) == set()


def test_the_bag_before_the_late_slot_may_last_an_hour_more(build: Build,
                                                            protocol: Protocol) -> None:
    plan = build("2027-10-14T10:00", "mrd", 1, "tue-fri")
    before = next(b for b in plan.bags if b.end == at("2027-10-29T11:00+02:00"))
    assert before.hours == 73
    assert before.start + timedelta(hours=73) == before.end
    assert before.ml == 2.5 * (73 + 4)
