"""Re-plan after an interruption of the infusion (SmPC 4.2).

Up to 7 days the same cycle goes on until 28 days of infusion in total; beyond, a new cycle
begins at the restart. A restart after 4 h or more needs premedication and supervision: if the
patient was at home it happens in hospital, for `restart_stay_hours` (the SmPC gives no
duration). If the interruption began during a stay, the stay is extended by the interruption so
that it still covers the same infusion days (thèse, résultats B.2: first 9 days in hospital).
A shorter interruption at home restarts with a new bag at the day hospital at the restart time,
without premedication. What already ran is kept as it is; the bag running at the stop is cut
there (`stopped_early`) and keeps the quantities it was prepared with.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hadcoord.planning.builder import assemble
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.changes import Segment
from hadcoord.planning.clock import at_hour, hour_of, to_hour
from hadcoord.planning.cycles import CycleDraft, StayDraft, next_cycle_start, schedule_cycles
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import Bag, Interruption, Plan
from hadcoord.planning.protocol import Indication, Protocol


def _drafts_of(plan: Plan, protocol: Protocol) -> list[CycleDraft]:
    """Rebuild the drafts of ``plan`` (every period kept, nothing left to plan)."""
    indication = protocol.indication(plan.request.indication)
    drafts = []
    for cycle in plan.cycles:
        periods = tuple(Segment(cycle=p.cycle, start=hour_of(p.start), end=hour_of(p.end),
                                offset=p.infused_before_hours,
                                doses=indication.doses_for(p.cycle),
                                wards=tuple((hour_of(s.admission), hour_of(s.discharge))
                                            for s in plan.stays if s.cycle == p.cycle))
                        for p in plan.infusions if p.cycle == cycle.number)
        stays = tuple((hour_of(s.admission), hour_of(s.discharge), s.reason)
                      for s in plan.stays if s.cycle == cycle.number)
        bags = tuple(b for b in plan.bags if b.cycle == cycle.number)
        drafts.append(CycleDraft(number=cycle.number, start=hour_of(cycle.start),
                                 end=hour_of(cycle.infusion_end), stays=stays, periods=(),
                                 kept_periods=periods, kept_bags=bags, partial=cycle.partial))
    return drafts


def _cut_bags(bags: tuple[Bag, ...], stop: int) -> tuple[Bag, ...]:
    kept = []
    for bag in bags:
        start, end = hour_of(bag.start), hour_of(bag.end)
        if end <= stop:
            kept.append(bag)
        elif start < stop:
            kept.append(replace(bag, end=at_hour(stop), hours=stop - start, stopped_early=True))
    return tuple(kept)


def replan_after_interruption(plan: Plan, stop: datetime, restart: datetime,
                              protocol: Protocol,
                              calendar: ProductionCalendar | None = None) -> Plan:
    """``plan`` with the infusion stopped at ``stop`` and restarted at ``restart``.

    Raises
    ------
    PlanningError
        The stop is not during an infusion, the restart is not after it, or a new cycle would
        exceed the indication's maximum.
    """
    stop_h, restart_h = to_hour(stop, "L'arrêt"), to_hour(restart, "La reprise")
    if restart_h <= stop_h:
        msg = "La reprise doit suivre l'arrêt de la perfusion."
        raise PlanningError(msg)
    drafts = _drafts_of(plan, protocol)
    index = next((i for i, d in enumerate(drafts) for p in d.kept_periods
                  if p.start < stop_h < p.end), None)
    if index is None:
        msg = f"L'arrêt du {at_hour(stop_h):%d/%m/%Y %H:%M} ne tombe pendant aucune perfusion."
        raise PlanningError(msg)
    calendar = calendar or ProductionCalendar.for_protocol(protocol, plan.request.closures)
    draft, gap = drafts[index], restart_h - stop_h
    supervised = gap >= protocol.restart_premedication_hours
    same_cycle = gap <= protocol.same_cycle_max_hours
    periods = tuple(p for p in draft.kept_periods if p.start < stop_h)
    periods = (*periods[:-1], replace(periods[-1], end=stop_h))
    infused = periods[-1].offset + stop_h - periods[-1].start
    in_stay = [s for s in draft.stays if s[0] <= stop_h < s[1]]
    stays = tuple(s for s in draft.stays if s[0] <= stop_h)
    kept_bags = _cut_bags(draft.kept_bags, stop_h)
    event = Interruption(cycle=draft.number, stop=at_hour(stop_h), restart=at_hour(restart_h),
                         same_cycle=same_cycle, needs_premedication=supervised,
                         needs_supervision=supervised)
    if same_cycle:
        stays = _restart_stays(stays, in_stay, restart=restart_h, gap=gap, supervised=supervised,
                               protocol=protocol)
        end = restart_h + protocol.infusion_hours - infused
        resumed = Segment(cycle=draft.number, start=restart_h, end=end, offset=infused,
                          doses=periods[-1].doses, wards=tuple((a, b) for a, b, _ in stays))
        current = replace(draft, end=end, stays=stays, periods=(resumed,), kept_periods=periods,
                          kept_bags=kept_bags)
        later_start: int | None = None
    else:
        stays = tuple((a, min(b, stop_h), r) for a, b, r in stays)
        current = replace(draft, end=stop_h, stays=stays, periods=(), kept_periods=periods,
                          kept_bags=kept_bags, partial=True)
        later_start = restart_h
    first_new = draft.number + 1
    last = max(plan.request.cycles, drafts[-1].number, 0 if same_cycle else first_new)
    indication = protocol.indication(plan.request.indication)
    if last > indication.max_cycles:
        msg = (f"Une interruption de plus de {protocol.same_cycle_max_hours // 24} jours impose "
               f"un nouveau cycle, au-delà du maximum de {indication.max_cycles} cycles.")
        raise PlanningError(msg)
    following = _following(current, later_start, first_number=first_new, last=last,
                           first_start=drafts[0].start, indication=indication, protocol=protocol)
    return assemble(plan.request, [*drafts[:index], current, *following], protocol, calendar,
                    (*plan.interruptions, event))


def _restart_stays(stays: tuple[StayDraft, ...], in_stay: list[StayDraft], *, restart: int,
                   gap: int, supervised: bool, protocol: Protocol) -> tuple[StayDraft, ...]:
    if in_stay:
        admission, discharge, reason = in_stay[0]
        return tuple((a, b + gap, r) if (a, b, r) == (admission, discharge, reason)
                     else (a, b, r) for a, b, r in stays)
    if supervised:
        return (*stays, (restart, restart + protocol.restart_stay_hours, "restart"))
    return stays


def _following(current: CycleDraft, new_start: int | None, *, first_number: int, last: int,
               first_start: int, indication: Indication, protocol: Protocol
               ) -> list[CycleDraft]:
    """The cycles after the interrupted one: from the restart (new cycle) or after its break."""
    if first_number > last:
        return []
    start = new_start if new_start is not None else next_cycle_start(current.end, first_start,
                                                                      protocol)
    return schedule_cycles(first_number, start, last, indication, protocol)
