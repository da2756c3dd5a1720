"""Restarts that can really happen (issue 13, « Interruptions and restarts »).

A restart bag is prepared by the PUI after the decision to restart, during production hours on
a production day; the restart is hung at an hour its place can hang it (the ward's restart
hours, the day hospital's opening hours); a requested resume out of those hours waits for the
next possible slot and the plan says so. Plan: R/R, cycle 1 from Monday 02/03/2026 10:00, in
hospital until Wednesday 11/03 10:00, then at home with changes on Monday and Thursday.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from hadcoord.clock import PARIS
from hadcoord.planning import Plan, PlanningError, Protocol
from hadcoord.planning.clock import hour_of
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.invariants import check_plan
from hadcoord.planning.model import Bag
from hadcoord.planning.rules_bags import Violation, preparation_moment
from tests.planning.conftest import Build


@pytest.fixture
def plan(build: Build) -> Plan:
    return build("2026-03-02T10:00", "rr", 2, "mon-thu")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def paris(text: str) -> datetime:
    return at(text).replace(tzinfo=PARIS)


def _restart_bag(result: Plan) -> Bag:
    event = result.interruptions[-1]
    return next(b for b in result.bags if b.start == event.restart)


def _prepared_after(bag: Bag, moment: datetime, protocol: Protocol) -> bool:
    prepared = preparation_moment(bag, protocol)
    return prepared is not None and prepared >= hour_of(moment)


@pytest.mark.parametrize(("stop", "resume", "expected"), [
    # Sunday 15/03 at home: the day hospital is closed, no bag can be prepared on Sunday.
    ("2026-03-15T14:00", "2026-03-15T17:00", "2026-03-16T09:00"),
    # The same on Saturday 14/03.
    ("2026-03-14T12:00", "2026-03-14T15:00", "2026-03-16T09:00"),
])
def test_weekend_restart_waits_for_a_bag_prepared_after_the_stop(
        plan: Plan, protocol: Protocol, stop: str, resume: str, expected: str) -> None:
    result = replan_after_interruption(plan, at(stop), at(resume), protocol)
    bag = _restart_bag(result)
    # Today: hung at the day hospital on the weekend with a bag « prepared » Friday 13/03,
    # before the interruption.
    assert bag.start == paris(expected)
    assert bag.prepared_on.isoformat() == expected[:10]
    assert _prepared_after(bag, paris(stop), protocol)
    # 19 h or more without infusion: a supervised restart, on the ward.
    assert bag.hung_at == "ward"
    event = result.interruptions[-1]
    assert event.requested_restart == paris(resume)
    assert event.restart == bag.start
    assert "PUI" in event.restart_note
    assert check_plan(result, protocol) == []


def test_thursday_night_stop_restarts_when_the_pharmacy_has_prepared_the_bag(
        plan: Plan, protocol: Protocol) -> None:
    # Stopped Thursday 19/03 20:00 (after production hours), resume asked for Friday 08:00
    # (before opening): today's bag is « prepared » Thursday, before the stop.
    result = replan_after_interruption(plan, at("2026-03-19T20:00"), at("2026-03-20T08:00"),
                                       protocol)
    bag = _restart_bag(result)
    assert f"{bag.start:%a %d/%m %H:%M}" == "Fri 20/03 09:00"
    assert bag.prepared_on.isoformat() == "2026-03-20"
    assert _prepared_after(bag, paris("2026-03-19T20:00"), protocol)
    event = result.interruptions[-1]
    assert f"{event.requested_restart:%d/%m %H:%M}" == "20/03 08:00"
    assert "08:30" in event.restart_note  # the PUI opens at 08:30
    assert check_plan(result, protocol) == []


def test_toxicity_restart_at_midnight_moves_to_the_ward_restart_hours(
        plan: Plan, protocol: Protocol) -> None:
    # CRS grade 3 resolved, resume asked for Friday 20/03 00:00: today the step-up is at
    # 00:00 a week later, dexamethasone at 23:00, a discharge at 00:00.
    result = replan_after_interruption(plan, at("2026-03-18T15:00"), at("2026-03-20T00:00"),
                                       protocol, reason="crs:3")
    bag = _restart_bag(result)
    assert bag.dose_ug_per_day == 9
    ward_from, ward_until = protocol.ward_restart_from, protocol.ward_restart_until
    assert ward_from <= bag.start.time() <= ward_until
    for stay in result.stays:
        if stay.reason in ("restart", "step_up"):
            assert ward_from <= stay.admission.time() <= ward_until, stay
            assert ward_from <= stay.discharge.time() <= ward_until, stay
    for item in result.premedications:
        if item.reason in ("restart", "step_up"):
            assert item.at.time() >= ward_from, item
    assert result.interruptions[-1].restart_note
    assert check_plan(result, protocol) == []


def test_short_stop_at_home_restarts_at_the_day_hospital_when_open(
        plan: Plan, protocol: Protocol) -> None:
    # Tuesday 17/03 11:00 → 13:00: 2 h, no supervision, the day hospital is open: unchanged.
    result = replan_after_interruption(plan, at("2026-03-17T11:00"), at("2026-03-17T13:00"),
                                       protocol)
    bag = _restart_bag(result)
    assert (f"{bag.start:%d/%m %H:%M}", bag.hung_at) == ("17/03 13:00", "day_hospital")
    event = result.interruptions[-1]
    assert event.requested_restart == event.restart
    assert event.restart_note == ""
    assert check_plan(result, protocol) == []


def test_day_hospital_closed_in_the_evening(plan: Plan, protocol: Protocol) -> None:
    # Tuesday 17/03 15:00 → 17:00: the day hospital is closed at 17:00; the bag prepared
    # after the stop (closing 16:30) is hung on the ward once the interruption reaches 4 h.
    result = replan_after_interruption(plan, at("2026-03-17T15:00"), at("2026-03-17T17:00"),
                                       protocol)
    bag = _restart_bag(result)
    assert (f"{bag.start:%d/%m %H:%M}", bag.hung_at) == ("17/03 19:00", "ward")
    assert result.interruptions[-1].needs_supervision
    assert "hôpital de jour" in result.interruptions[-1].restart_note
    assert check_plan(result, protocol) == []


def test_a_later_decision_moves_the_preparation(plan: Plan, protocol: Protocol) -> None:
    # Stopped Wednesday 18/03 15:00, the haematologist decides on Friday 20/03 at 14:00 to
    # restart at 11:00 the same day: the bag cannot exist before the decision.
    result = replan_after_interruption(plan, at("2026-03-18T15:00"), at("2026-03-20T11:00"),
                                       protocol, decided_at=at("2026-03-20T14:00"))
    bag = _restart_bag(result)
    assert f"{bag.start:%d/%m %H:%M}" == "20/03 14:00"
    assert f"{result.interruptions[-1].decided_at:%d/%m %H:%M}" == "20/03 14:00"
    assert check_plan(result, protocol) == []
    with pytest.raises(PlanningError, match="décision de reprise"):
        replan_after_interruption(plan, at("2026-03-18T15:00"), at("2026-03-20T11:00"),
                                  protocol, decided_at=at("2026-03-18T14:00"))


def test_the_checker_finds_a_bag_prepared_before_the_decision(
        plan: Plan, protocol: Protocol) -> None:
    result = replan_after_interruption(plan, at("2026-03-19T20:00"), at("2026-03-20T08:00"),
                                       protocol)
    event = result.interruptions[-1]
    bags = tuple(replace(b, prepared_on=at("2026-03-19T00:00").date())
                 if b.start == event.restart else b for b in result.bags)
    rules = {v.rule for v in check_plan(replace(result, bags=bags), protocol)}
    assert "restart_preparation" in rules


def test_the_checker_finds_a_restart_when_the_place_is_closed(
        plan: Plan, protocol: Protocol) -> None:
    result = replan_after_interruption(plan, at("2026-03-19T20:00"), at("2026-03-20T08:00"),
                                       protocol)
    event = result.interruptions[-1]
    night = replace(event, restart=paris("2026-03-20T03:00"))
    found = check_plan(replace(result, interruptions=(night,)), protocol)
    assert Violation("restart_hours", "reprise du 2026-03-20 03:00:00+01:00 à une heure où "
                     "le service ne programme pas de reprise") in found
