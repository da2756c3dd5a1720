"""The blinatumomab treatment calendar: cycles, stays, bags on fixed change days, checks.

Pure domain code: plain values in, frozen dataclasses out (no I/O beyond the holiday list).
"""

from __future__ import annotations

from hadcoord.planning.builder import build_plan
from hadcoord.planning.calendar import ProductionCalendar
from hadcoord.planning.errors import PlanningError
from hadcoord.planning.model import (
    Bag,
    Cycle,
    InfusionPeriod,
    Interruption,
    Plan,
    PlanRequest,
    Premedication,
    Stay,
)
from hadcoord.planning.protocol import Protocol, default_protocol, protocol_from_settings

__all__ = [
    "Bag",
    "Cycle",
    "InfusionPeriod",
    "Interruption",
    "Plan",
    "PlanRequest",
    "PlanningError",
    "Premedication",
    "ProductionCalendar",
    "Protocol",
    "Stay",
    "build_plan",
    "default_protocol",
    "protocol_from_settings",
]
