"""The dose steps each infusion period must follow, derived from the plan's interruptions.

A technical interruption keeps the dose schedule; a toxicity restart (CRS 3, neurological 3,
seizure, other grade 3) restarts at the reduced dose and escalates after the configured days
(SmPC 4.2, `hadcoord.planning.toxicity`), in the same cycle or from the start of the new one.
Derived here from the interruption reasons, independently of how the builder planned it.
"""

from __future__ import annotations

from hadcoord.planning.clock import hour_of
from hadcoord.planning.model import InfusionPeriod, Interruption, Plan
from hadcoord.planning.protocol import DoseSchedule, Protocol
from hadcoord.planning.toxicity import Cause, parse_reason


def _toxic(event: Interruption) -> bool:
    return parse_reason(event.reason).cause is not Cause.TECHNICAL


def expected_doses(plan: Plan, period: InfusionPeriod, protocol: Protocol) -> DoseSchedule:
    """The dose steps (infusion hours into the cycle, µg/day) ``period`` must follow."""
    indication = protocol.indication(plan.request.indication)
    rules = protocol.toxicity
    schedule = indication.doses_for(period.cycle)
    restarts = {hour_of(e.restart): e for e in plan.interruptions}
    for earlier in sorted((p for p in plan.infusions if p.cycle == period.cycle),
                          key=lambda p: p.start):
        event = restarts.get(hour_of(earlier.start))
        if event is not None and _toxic(event):
            offset = earlier.infused_before_hours
            schedule = ((0, rules.restart_dose),
                        (offset + rules.escalate_after_hours, rules.escalated_dose))
        if earlier == period:
            break
    return schedule


def step_hours(plan: Plan, period: InfusionPeriod, protocol: Protocol) -> list[int]:
    """Epoch hours of the dose steps that fall inside ``period``."""
    before = period.infused_before_hours
    length = hour_of(period.end) - hour_of(period.start)
    return [hour_of(period.start) + step - before
            for step, _ in expected_doses(plan, period, protocol)[1:]
            if before <= step < before + length]
