"""Exports of the treatment calendar for other systems (iCalendar, JSON)."""

from __future__ import annotations

from hadcoord.exports.ics import plan_calendar, plan_to_ics
from hadcoord.exports.plan_json import plan_json, preparation_json

__all__ = ["plan_calendar", "plan_json", "plan_to_ics", "preparation_json"]
