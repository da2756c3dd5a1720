"""Re-plan after an interruption of the infusion (SmPC 4.2).

Up to 7 days the same cycle goes on until 28 days of infusion in total; beyond, a new cycle
begins at the restart. A restart after 4 h or more needs premedication and supervision: if the
patient was at home it happens in hospital, for `restart_stay_hours` (the SmPC gives no
duration). If the interruption began during a stay, the stay is extended by the interruption so
that it still covers the same infusion days (thèse, résultats B.2: first 9 days in hospital).
A shorter interruption at home restarts with a new bag at the day hospital at the restart time,
without premedication. What already ran is kept as it is; the bag running at the stop is cut
there (`stopped_early`) and keeps the quantities it was prepared with.

The restart happens when it really can (`hadcoord.planning.opening`): its bag prepared by the
PUI after the decision to restart (the stop, or a later decision), during production hours,
and hung when the ward or the day hospital can hang it; a resume asked for out of these hours
moves to the next slot that works, and the interruption keeps the resume asked for and why it
moved. The toxicity rules read the time to resolve from the resume asked for (a clinical
judgement), not from the slot (logistics). Restart and step-up stays, and a stay lengthened by
an interruption, begin and end within the ward's scheduling hours.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hadcoord.planning.bags import dose_at
from hadcoord.planning.builder import assemble
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.changes import Segment
from hadcoord.planning.clock import at_hour, hour_of, to_hour
from hadcoord.planning.cycles import (
    CycleDraft,
    StayDraft,
    next_cycle_start,
    schedule_cycle,
    schedule_cycles,
)
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import Bag, Interruption, Plan
from hadcoord.planning.opening import find_restart, lead_hours, ward_hour_from, ward_hour_until
from hadcoord.planning.protocol import DoseSchedule, Indication, Protocol
from hadcoord.planning.surface import protocol_for
from hadcoord.planning.toxicity import Restart, parse_reason, restart_after


def _drafts_of(plan: Plan, protocol: Protocol) -> list[CycleDraft]:
    """Rebuild the drafts of ``plan`` (every period kept, nothing left to plan)."""
    indication = protocol.indication(plan.request.indication)
    drafts = []
    for cycle in plan.cycles:
        periods = tuple(Segment(cycle=p.cycle, start=hour_of(p.start), end=hour_of(p.end),
                                offset=p.infused_before_hours,
                                doses=p.doses or indication.doses_for(p.cycle),
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
                              calendar: ProductionCalendar | None = None, *,
                              reason: str = "technical",
                              decided_at: datetime | None = None) -> Plan:
    """``plan`` with the infusion stopped at ``stop`` and restarted at ``restart`` or later.

    ``reason`` is ``technical`` (pump, line: same dose) or a toxicity (``crs:3``, ``neuro:3``,
    ``seizure``, ``other:3``…): the restart then follows the SmPC 4.2 dose modification
    (`hadcoord.planning.toxicity`): 9 µg/day, 28 µg/day after 7 days, in hospital.
    ``decided_at`` is when the restart was decided (default: the stop); its bag is prepared
    after it. A resume the ward or the day hospital cannot hang, or before a bag can be
    prepared, moves to the next possible slot (`hadcoord.planning.opening`).

    Raises
    ------
    PlanningError
        The stop is not during an infusion, the restart is not after it, the decision is
        before the stop, a new cycle would exceed the indication's maximum, or the SmPC asks
        for a permanent stop.
    """
    stop_h, requested_h = to_hour(stop, "L'arrêt"), to_hour(restart, "La reprise")
    if requested_h <= stop_h:
        msg = "La reprise doit suivre l'arrêt de la perfusion."
        raise PlanningError(msg)
    decision_h = stop_h if decided_at is None else to_hour(decided_at, "La décision de reprise")
    if decision_h < stop_h:
        msg = "La décision de reprise ne peut pas précéder l'arrêt de la perfusion."
        raise PlanningError(msg)
    cause = parse_reason(reason)
    protocol = protocol_for(plan.request, protocol)
    drafts = _drafts_of(plan, protocol)
    index = next((i for i, d in enumerate(drafts) for p in d.kept_periods
                  if p.start < stop_h < p.end), None)
    if index is None:
        msg = f"L'arrêt du {at_hour(stop_h):%d/%m/%Y %H:%M} ne tombe pendant aucune perfusion."
        raise PlanningError(msg)
    calendar = calendar or ProductionCalendar.for_protocol(protocol, plan.request.closures)
    draft = drafts[index]
    periods = tuple(p for p in draft.kept_periods if p.start < stop_h)
    periods = (*periods[:-1], replace(periods[-1], end=stop_h))
    infused = periods[-1].offset + stop_h - periods[-1].start
    earlier = tuple(parse_reason(i.reason) for i in plan.interruptions)
    modified = restart_after(cause, gap_hours=requested_h - stop_h, earlier=earlier,
                             rules=protocol.toxicity,
                             dose_at_stop=dose_at(periods[-1].doses, infused - 1))
    slot = find_restart(requested_h, stop=stop_h, decision=decision_h,
                        in_stay=any(a <= stop_h < b for a, b, _ in draft.stays),
                        protocol=protocol, calendar=calendar)
    restart_h = slot.hour
    gap = restart_h - stop_h
    supervised = gap >= protocol.restart_premedication_hours
    event = Interruption(
        cycle=draft.number, stop=at_hour(stop_h), restart=at_hour(restart_h),
        same_cycle=gap <= protocol.same_cycle_max_hours, needs_premedication=supervised,
        needs_supervision=supervised, reason=cause.code,
        restart_dose_ug_per_day=modified.dose if modified else None,
        premedication_dose=(modified.premedication_dose or "") if modified else "",
        requested_restart=at_hour(requested_h),
        decided_at=None if decided_at is None else at_hour(decision_h), restart_note=slot.note)
    current, later_start = _interrupted(draft, periods, event, infused=infused, gap=gap,
                                        modified=modified, protocol=protocol)
    first_new = draft.number + 1
    last = max(plan.request.cycles, drafts[-1].number, 0 if event.same_cycle else first_new)
    indication = protocol.indication(plan.request.indication)
    if last > indication.max_cycles:
        msg = (f"Une interruption de plus de {protocol.same_cycle_max_hours // 24} jours impose "
               f"un nouveau cycle, au-delà du maximum de {indication.max_cycles} cycles.")
        raise PlanningError(msg)
    following = _following(current, later_start, first_number=first_new, last=last,
                           first_start=drafts[0].start, indication=indication, protocol=protocol,
                           modified=modified)
    return assemble(plan.request, [*drafts[:index], current, *following], protocol, calendar,
                    (*plan.interruptions, event))


def _interrupted(draft: CycleDraft, periods: tuple[Segment, ...], event: Interruption, *,
                 infused: int, gap: int, modified: Restart | None,
                 protocol: Protocol) -> tuple[CycleDraft, int | None]:
    """The interrupted cycle, and the start of a new cycle at the restart (None: same cycle)."""
    stop_h, restart_h = hour_of(event.stop), hour_of(event.restart)
    in_stay = [s for s in draft.stays if s[0] <= stop_h < s[1]]
    stays = tuple(s for s in draft.stays if s[0] <= stop_h)
    kept_bags = _cut_bags(draft.kept_bags, stop_h)
    if not event.same_cycle:
        stays = tuple((a, min(b, stop_h), r) for a, b, r in stays)
        return replace(draft, end=stop_h, stays=stays, periods=(), kept_periods=periods,
                       kept_bags=kept_bags, partial=True), restart_h
    stays = _restart_stays(stays, in_stay, restart=restart_h, gap=gap,
                           supervised=event.needs_supervision, protocol=protocol)
    end = restart_h + protocol.infusion_hours - infused
    doses = periods[-1].doses
    if modified is not None:
        doses = reduced_doses(modified, infused)
        stays = _step_up_stay(stays, doses, start=restart_h, offset=infused, end=end,
                              protocol=protocol)
    resumed = Segment(cycle=draft.number, start=restart_h, end=end, offset=infused,
                      doses=doses, wards=tuple((a, b) for a, b, _ in stays))
    return replace(draft, end=end, stays=stays, periods=(resumed,), kept_periods=periods,
                   kept_bags=kept_bags), None


def reduced_doses(modified: Restart, infused: int) -> DoseSchedule:
    """Dose steps after a toxicity restart ``infused`` hours into the cycle (SmPC 4.2)."""
    return ((0, modified.dose), (infused + modified.escalate_after_hours,
                                 modified.escalated_dose))


def _step_up_stay(stays: tuple[StayDraft, ...], doses: DoseSchedule, *, start: int, offset: int,
                  end: int, protocol: Protocol) -> tuple[StayDraft, ...]:
    """Add a hospital stay for the escalation (a dose step is a new bag in hospital)."""
    step = start + doses[-1][0] - offset
    if not start < step < end or any(a <= step <= b for a, b, _ in stays):
        return stays
    # Admitted by the premedication, discharged after the stay, within the ward's hours.
    admission = ward_hour_until(step - lead_hours(protocol), protocol)
    discharge = ward_hour_from(step + protocol.step_up_stay_hours, protocol)
    return (*stays, (admission, discharge, "step_up"))


def _restart_stays(stays: tuple[StayDraft, ...], in_stay: list[StayDraft], *, restart: int,
                   gap: int, supervised: bool, protocol: Protocol) -> tuple[StayDraft, ...]:
    if in_stay:
        admission, discharge, reason = in_stay[0]
        later = ward_hour_from(discharge + gap, protocol)
        return tuple((a, later, r) if (a, b, r) == (admission, discharge, reason)
                     else (a, b, r) for a, b, r in stays)
    if supervised:
        discharge = ward_hour_from(restart + protocol.restart_stay_hours, protocol)
        return (*stays, (restart, discharge, "restart"))
    return stays


def _following(current: CycleDraft, new_start: int | None, *, first_number: int, last: int,
               first_start: int, indication: Indication, protocol: Protocol,
               modified: Restart | None) -> list[CycleDraft]:
    """The cycles after the interrupted one: from the restart (new cycle) or after its break.

    A new cycle started at a toxicity restart begins at the reduced dose (SmPC 4.2).
    """
    if first_number > last:
        return []
    start = new_start if new_start is not None else next_cycle_start(current.end, first_start,
                                                                      protocol)
    drafts = schedule_cycles(first_number, start, last, indication, protocol)
    if new_start is None or modified is None:
        return drafts
    first = schedule_cycle(first_number, start, indication, protocol,
                           doses=reduced_doses(modified, 0))
    segment = first.periods[0]
    stays = _step_up_stay(first.stays, segment.doses, start=segment.start, offset=0,
                          end=segment.end, protocol=protocol)
    first = replace(first, stays=stays, periods=(replace(
        segment, wards=tuple((a, b) for a, b, _ in stays)),))
    return [first, *drafts[1:]]
