"""Cycles and their hospital stays, in epoch hours (SmPC 4.2; thèse, résultats B.2)."""

from __future__ import annotations

from dataclasses import dataclass

from hadcoord.planning.changes import Segment
from hadcoord.planning.clock import add_local_days, at_hour, next_at_clock
from hadcoord.planning.model import Bag, StayReason
from hadcoord.planning.protocol import DoseSchedule, Indication, Protocol

StayDraft = tuple[int, int, StayReason]


@dataclass(frozen=True, slots=True)
class CycleDraft:
    """A cycle before its bags are planned: periods to plan, and what already ran."""

    number: int
    start: int
    end: int
    stays: tuple[StayDraft, ...]
    periods: tuple[Segment, ...]
    kept_periods: tuple[Segment, ...] = ()
    kept_bags: tuple[Bag, ...] = ()
    partial: bool = False

    @property
    def all_periods(self) -> tuple[Segment, ...]:
        """Periods already run then periods to plan, in time order."""
        return self.kept_periods + self.periods


def schedule_cycle(number: int, start: int, indication: Indication,
                   protocol: Protocol, doses: DoseSchedule | None = None) -> CycleDraft:
    """Cycle ``number`` starting at ``start``: 28 days of infusion, the minimum stay first.

    Thèse, résultats B.2: in hospital at least the first 9 days of cycle 1 and the first 48 h
    of later cycles (SmPC 4.2; MRD+: 3 then 2 days). The stay counts calendar days.
    ``doses`` replaces the indication's dose steps (a restart after toxicity, SmPC 4.2).
    """
    end = start + protocol.infusion_hours
    discharge = add_local_days(start, indication.stay_days_for(number))
    segment = Segment(cycle=number, start=start, end=end, offset=0,
                      doses=doses or indication.doses_for(number), wards=((start, discharge),))
    return CycleDraft(number=number, start=start, end=end,
                      stays=((start, discharge, "cycle_start"),), periods=(segment,))


def next_cycle_start(previous_end: int, first_start: int, protocol: Protocol) -> int:
    """Next cycle start: the admission hour of day, at least the break after the infusion end.

    SmPC 4.2: at least 14 days off. The break is counted in calendar days, hence one hour of
    tolerance when it spans a change of daylight-saving time.
    """
    clock = at_hour(first_start).time()
    return next_at_clock(previous_end + protocol.break_hours - 1, clock)


def schedule_cycles(first_number: int, first_start: int, last_number: int,
                    indication: Indication, protocol: Protocol) -> list[CycleDraft]:
    """Cycles ``first_number``..``last_number``, each after the previous one's break."""
    drafts: list[CycleDraft] = []
    start = first_start
    for number in range(first_number, last_number + 1):
        if drafts:
            start = next_cycle_start(drafts[-1].end, first_start, protocol)
        drafts.append(schedule_cycle(number, start, indication, protocol))
    return drafts
