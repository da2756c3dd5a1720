"""JSON form of a plan and of a preparation list (ISO 8601, Europe/Paris local time)."""

from __future__ import annotations

from typing import Any

from hadcoord.planning.model import Bag, Plan
from hadcoord.planning.preparation import PreparationLine


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan with the keys of the calendar issue's CLI section."""
    return {
        "cycles": [{
            "number": cycle.number,
            "start": cycle.start.isoformat(),
            "infusion_end": cycle.infusion_end.isoformat(),
            "hospital_stay": {"admission": cycle.stay.admission.isoformat(),
                              "discharge": cycle.stay.discharge.isoformat()},
        } for cycle in plan.cycles],
        "stays": [{
            "cycle": stay.cycle,
            "admission": stay.admission.isoformat(),
            "discharge": stay.discharge.isoformat(),
            "reason": stay.reason,
        } for stay in plan.stays],
        "bags": [{
            "cycle": bag.cycle,
            "start": bag.start.isoformat(),
            "end": bag.end.isoformat(),
            "hours": bag.hours,
            "dose_ug_per_day": bag.dose_ug_per_day,
            "overfill_hours": bag.overfill_hours,
            "ug": bag.ug,
            "content_ug": bag.ug,
            "delivered_ug": bag.delivered_ug,
            "ml": bag.ml,
            "rate_ml_per_h": bag.rate_ml_per_h,
            "hung_at": bag.hung_at,
            "prepared_on": bag.prepared_on.isoformat(),
            **_stopped(bag),
        } for bag in plan.bags],
        "day_hospital_visits": [moment.isoformat() for moment in plan.day_hospital_visits],
        "home_checks": [day.isoformat() for day in plan.home_checks],
        "premedications": [{
            "at": item.at.isoformat(),
            "drug": item.drug,
            "dose": item.dose,
            "reason": item.reason,
        } for item in plan.premedications],
        "interruptions": [{
            "stop": event.stop.isoformat(),
            "resume": event.restart.isoformat(),
            "reason": event.reason,
            "decision": "same_cycle" if event.same_cycle else "new_cycle",
            "supervised_restart": event.needs_supervision,
            # The resume asked for, the decision to restart and why the resume moved ("").
            "resume_requested": (event.requested_restart or event.restart).isoformat(),
            "decided_at": event.decision.isoformat(),
            "resume_moved_because": event.restart_note,
        } for event in plan.interruptions],
    }


def _stopped(bag: Bag) -> dict[str, Any]:
    """Where an interruption cut the bag: when, hours infused, volume discarded."""
    if not bag.stopped_early:
        return {"stopped_at": None}
    return {"stopped_at": bag.end.isoformat(), "hours_infused": bag.hours,
            "volume_discarded_ml": round(bag.ml - bag.rate_ml_per_h * bag.hours, 2)}


def preparation_json(lines: tuple[PreparationLine, ...]) -> list[dict[str, Any]]:
    """The pharmacy's preparation list, one object per bag."""
    return [{
        "prepared_on": line.prepared_on.isoformat(),
        "patient": line.patient,
        "cycle": line.cycle,
        "start": line.start.isoformat(),
        "end": line.end.isoformat(),
        "hours": line.hours,
        "overfill_hours": line.overfill_hours,
        "dose_ug_per_day": line.dose_ug_per_day,
        "ug": line.ug,
        "content_ug": line.ug,
        "delivered_ug": line.delivered_ug,
        "ml": line.ml,
        "rate_ml_per_h": line.rate_ml_per_h,
        "hung_at": line.hung_at,
        "body_surface_m2": line.body_surface_m2,
    } for line in lines]
