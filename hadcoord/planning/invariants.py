"""The rules every plan must obey, checked independently of how the plan was built.

Used by the property-based tests and by ``bench/planning.py``: `check_plan` returns the list of
violations (empty when the plan is sound). The rules are those of the calendar issue: bags end
to end, ≤ 96 h, one flow rate, changes on production days at the appointment time and on the
fixed pair unless a closure forces an extra one, stays covering the minimum, premedications. A
home change may fall on a later whole hour up to ``latest_appointment`` only where the hour
before would have run the bag past its stability (`hadcoord.planning.slots`). No bag shorter than
``min_bag_hours`` that a neighbour could have absorbed, no overfill beyond the stability
(`hadcoord.planning.rules_lengths`). Restarts that can really happen: every bag from a restart
on prepared after the decision to restart, every restart and day-hospital bag at an hour its
place can hang it, restart and step-up stays within the ward's hours
(`hadcoord.planning.rules_restarts`).
"""

from __future__ import annotations

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.model import Plan
from hadcoord.planning.protocol import Protocol
from hadcoord.planning.rules_bags import Violation, check_bags, check_continuity
from hadcoord.planning.rules_lengths import check_lengths
from hadcoord.planning.rules_restarts import check_restarts
from hadcoord.planning.rules_schedule import check_schedule
from hadcoord.planning.surface import protocol_for

__all__ = ["Violation", "check_plan"]


def check_plan(plan: Plan, protocol: Protocol,
               calendar: ProductionCalendar | None = None) -> list[Violation]:
    """Every violation of the planning rules found in ``plan`` (empty list: all rules hold)."""
    calendar = calendar or ProductionCalendar.for_protocol(protocol, plan.request.closures)
    # Under 45 kg every dose is the body-surface dose (SmPC 4.2).
    protocol = protocol_for(plan.request, protocol)
    return [*check_continuity(plan, protocol), *check_bags(plan, protocol, calendar),
            *check_lengths(plan, protocol, calendar), *check_schedule(plan, protocol, calendar),
            *check_restarts(plan, protocol)]
