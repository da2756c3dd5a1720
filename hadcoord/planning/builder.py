"""Build the whole treatment calendar from a request: validate, schedule, plan the bags."""

from __future__ import annotations

from collections.abc import Sequence

from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.changes import plan_segment
from hadcoord.planning.checks import home_check_days, premedications
from hadcoord.planning.clock import at_hour, to_hour
from hadcoord.planning.cycles import CycleDraft, schedule_cycles
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import (
    Bag,
    Cycle,
    InfusionPeriod,
    Interruption,
    Plan,
    PlanRequest,
    Stay,
)
from hadcoord.planning.protocol import Indication, Protocol
from hadcoord.planning.surface import protocol_for


def validate(request: PlanRequest, protocol: Protocol) -> tuple[Indication, int]:
    """The request's indication and start hour, or a `PlanningError` in French."""
    indication = protocol.indication(request.indication)
    protocol.change_pair(request.change_days)
    if not 1 <= request.cycles <= indication.max_cycles:
        msg = (f"Nombre de cycles {request.cycles} impossible pour l'indication "
               f"{indication.code} : entre 1 et {indication.max_cycles}.")
        raise PlanningError(msg)
    return indication, to_hour(request.start, "Le début du cycle 1")


def build_plan(request: PlanRequest, protocol: Protocol,
               calendar: ProductionCalendar | None = None) -> Plan:
    """The treatment calendar of ``request``: cycles, stays, bags, visits, checks.

    Raises
    ------
    PlanningError
        Unknown indication or change-day pair, too many cycles, a start off the whole hour, or
        closures that leave no production day in time; nothing is returned then.
    """
    indication, start = validate(request, protocol)
    protocol = protocol_for(request, protocol)
    indication = protocol.indication(request.indication)
    calendar = calendar or ProductionCalendar.for_protocol(protocol, request.closures)
    drafts = schedule_cycles(1, start, request.cycles, indication, protocol)
    normalized = PlanRequest(start=at_hour(start), indication=request.indication,
                             cycles=request.cycles, change_days=request.change_days,
                             closures=frozenset(request.closures),
                             weight_kg=request.weight_kg, height_cm=request.height_cm)
    return assemble(normalized, drafts, protocol, calendar, ())


def assemble(request: PlanRequest, drafts: Sequence[CycleDraft], protocol: Protocol,
             calendar: ProductionCalendar, interruptions: tuple[Interruption, ...]) -> Plan:
    """Plan the bags of every draft period and derive visits, checks and premedications."""
    pair = protocol.change_pair(request.change_days)
    bags: list[Bag] = []
    for draft in drafts:
        bags.extend(draft.kept_bags)
        for segment in draft.periods:
            bags.extend(plan_segment(segment, pair, calendar, protocol))
    stays = tuple(Stay(cycle=d.number, admission=at_hour(a), discharge=at_hour(b), reason=r)
                  for d in drafts for a, b, r in d.stays)
    cycles = []
    for index, draft in enumerate(drafts):
        following = drafts[index + 1].start if index + 1 < len(drafts) else (
            draft.end + protocol.break_hours)
        infused = sum(p.end - p.start for p in draft.all_periods)
        first_stay = next(s for s in stays if s.cycle == draft.number)
        cycles.append(Cycle(number=draft.number, start=at_hour(draft.start),
                            infusion_end=at_hour(draft.end),
                            break_end=at_hour(following), infusion_hours=infused,
                            stay=first_stay, partial=draft.partial))
    infusions = tuple(InfusionPeriod(cycle=p.cycle, start=at_hour(p.start), end=at_hour(p.end),
                                     infused_before_hours=p.offset, doses=p.doses)
                      for d in drafts for p in d.all_periods)
    visits = tuple(sorted({bag.start for bag in bags if bag.hung_at == "day_hospital"}))
    return Plan(request=request, cycles=tuple(cycles), stays=stays, infusions=infusions,
                bags=tuple(bags), day_hospital_visits=visits,
                home_checks=home_check_days(drafts),
                premedications=premedications(drafts, interruptions, protocol,
                                              request.indication),
                interruptions=interruptions)
