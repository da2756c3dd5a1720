"""Re-planning after an interruption (SmPC 4.2): same cycle up to 7 days, else a new cycle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from hadcoord.planning import Plan, PlanningError, Protocol
from hadcoord.planning.interruption import replan_after_interruption
from hadcoord.planning.invariants import check_plan

Build = Callable[..., Plan]


@pytest.fixture
def plan(build: Build) -> Plan:
    return build("2026-03-02T10:00", "rr", 2, "mon-thu")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_short_interruption_at_home_continues_the_cycle(plan: Plan, protocol: Protocol) -> None:
    result = replan_after_interruption(plan, at("2026-03-18T15:00"), at("2026-03-20T11:00"),
                                       protocol)
    cycle = result.cycles[0]
    assert cycle.infusion_hours == 672
    assert not cycle.partial
    # 44 h of interruption push the end of the infusion by 44 h.
    assert cycle.infusion_end.isoformat() == "2026-04-01T07:00:00+02:00"
    stopped = [b for b in result.bags if b.stopped_early]
    assert len(stopped) == 1
    assert stopped[0].end == at("2026-03-18T15:00+01:00")
    event = result.interruptions[0]
    assert event.same_cycle
    assert event.needs_premedication
    assert event.needs_supervision
    # Restart ≥ 4 h: premedication 1 h before, in hospital (a restart stay).
    assert any(p.reason == "restart" and p.at == at("2026-03-20T10:00+01:00")
               for p in result.premedications)
    restart_stay = [s for s in result.stays if s.reason == "restart"]
    assert restart_stay
    assert restart_stay[0].admission == at("2026-03-20T11:00+01:00")
    # The next cycle moves: at least 14 days after the new end, at the usual hour.
    assert result.cycles[1].start.isoformat() == "2026-04-15T10:00:00+02:00"
    assert check_plan(result, protocol) == []


def test_interruption_under_four_hours_needs_no_premedication(plan: Plan,
                                                              protocol: Protocol) -> None:
    # During the day hospital's hours (at 17:00 it is closed: see test_restart_times).
    result = replan_after_interruption(plan, at("2026-03-18T11:00"), at("2026-03-18T13:00"),
                                       protocol)
    event = result.interruptions[0]
    assert event.restart == event.requested_restart
    assert not event.needs_premedication
    assert not event.needs_supervision
    assert [p.reason for p in result.premedications].count("restart") == 0
    assert check_plan(result, protocol) == []


def test_interruption_during_the_stay_extends_it(plan: Plan, protocol: Protocol) -> None:
    result = replan_after_interruption(plan, at("2026-03-05T15:00"), at("2026-03-06T11:00"),
                                       protocol)
    stay = result.cycles[0].stay
    # + 20 h of interruption (06:00), then the first hour the ward discharges (08:00).
    assert stay.discharge == at("2026-03-12T08:00+01:00")
    step_up = next(p for p in result.premedications if p.reason == "step_up")
    assert step_up.event == at("2026-03-10T06:00+01:00")  # after 7 × 24 h of infusion
    assert check_plan(result, protocol) == []


def test_more_than_seven_days_starts_a_new_cycle(plan: Plan, protocol: Protocol) -> None:
    result = replan_after_interruption(plan, at("2026-03-18T15:00"), at("2026-03-28T11:00"),
                                       protocol)
    first, second = result.cycles
    assert first.partial
    assert first.infusion_hours == 389
    assert second.start == at("2026-03-28T11:00+01:00")
    assert second.stay.admission == second.start
    assert not result.interruptions[0].same_cycle
    assert check_plan(result, protocol) == []


def test_new_cycle_beyond_the_maximum_is_refused(build: Build, protocol: Protocol) -> None:
    plan = build("2026-03-02T10:00", "mrd", 4, "mon-thu")
    last = plan.cycles[-1]
    with pytest.raises(PlanningError, match="maximum de 4 cycles"):
        replan_after_interruption(plan, last.start.replace(day=last.start.day + 3),
                                  last.start.replace(day=last.start.day + 12), protocol)


@pytest.mark.parametrize(("stop", "restart", "message"), [
    ("2026-04-05T10:00", "2026-04-06T10:00", "ne tombe pendant aucune perfusion"),
    ("2026-03-18T15:00", "2026-03-18T15:00", "La reprise doit suivre l'arrêt"),
    ("2026-03-18T15:30", "2026-03-18T18:00", "heure pleine"),
])
def test_bad_interruptions(plan: Plan, protocol: Protocol, stop: str, restart: str,
                           message: str) -> None:
    with pytest.raises(PlanningError, match=message):
        replan_after_interruption(plan, at(stop), at(restart), protocol)


def test_two_interruptions_in_a_row(plan: Plan, protocol: Protocol) -> None:
    once = replan_after_interruption(plan, at("2026-03-18T15:00"), at("2026-03-18T20:00"),
                                     protocol)
    twice = replan_after_interruption(once, at("2026-03-24T08:00"), at("2026-03-25T10:00"),
                                      protocol)
    assert len(twice.interruptions) == 2
    assert twice.cycles[0].infusion_hours == 672
    assert check_plan(twice, protocol) == []
