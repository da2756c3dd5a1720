"""What follows from the stays and periods: daily home checks and premedications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from hadcoord.planning.clock import at_hour, hour_of, shift
from hadcoord.planning.cycles import CycleDraft
from hadcoord.planning.model import Interruption, Premedication, PremedicationReason
from hadcoord.planning.protocol import Protocol


def home_check_days(drafts: Iterable[CycleDraft]) -> tuple[date, ...]:
    """Every day the patient is at home under infusion (thèse, résultats B.2: daily check)."""
    days: set[date] = set()
    for draft in drafts:
        wards = sorted((a, b) for a, b, _ in draft.stays)
        for period in draft.all_periods:
            cursor = period.start
            for admission, discharge in [*wards, (period.end, period.end)]:
                if admission > cursor:
                    _add_days(days, cursor, min(admission, period.end))
                cursor = max(cursor, discharge)
                if cursor >= period.end:
                    break
    return tuple(sorted(days))


def _add_days(days: set[date], start: int, end: int) -> None:
    """Add the local dates of the open interval (start, end) of epoch hours."""
    if end <= start:
        return
    day, last = at_hour(start).date(), (at_hour(end) - timedelta(microseconds=1)).date()
    while day <= last:
        days.add(day)
        day += timedelta(days=1)


NEURO_RESTART_DRUG = "dexaméthasone"


def premedications(drafts: Iterable[CycleDraft], interruptions: Iterable[Interruption],
                   protocol: Protocol, indication_code: str) -> tuple[Premedication, ...]:
    """Premedication 1 h before each cycle start, step-up and supervised restart (SmPC 4.2).

    The drug and dose are the indication's; MRD-positive: cycle starts only (SmPC 4.2).
    """
    events: dict[int, tuple[PremedicationReason, int]] = {}
    indication = protocol.indication(indication_code)
    further = indication.premedicate_step_up_and_restart
    for draft in drafts:
        if protocol.premedicate_cycle_start:
            events.setdefault(draft.start, ("cycle_start", draft.number))
        if not (protocol.premedicate_step_up and further):
            continue
        for period in draft.all_periods:
            for step, _ in period.doses[1:]:
                if period.offset <= step < period.offset + period.end - period.start:
                    events.setdefault(period.start + step - period.offset,
                                      ("step_up", draft.number))
    overrides = {}
    for interruption in interruptions:
        hour = hour_of(interruption.restart)
        if interruption.premedication_dose:
            # Neurological toxicity: dexamethasone 24 mg at the restart (SmPC 4.2).
            overrides[hour] = (NEURO_RESTART_DRUG, interruption.premedication_dose)
        if interruption.needs_premedication and interruption.same_cycle and (
                further or interruption.premedication_dose):
            events.setdefault(hour, ("restart", interruption.cycle))
    lead = timedelta(minutes=protocol.premedication_lead_minutes)
    usual = (indication.premedication_drug, indication.premedication_dose)
    return tuple(
        Premedication(at=shift(at_hour(hour), -lead), event=at_hour(hour), reason=reason,
                      cycle=cycle, drug=overrides.get(hour, usual)[0],
                      dose=overrides.get(hour, usual)[1])
        for hour, (reason, cycle) in sorted(events.items()))
