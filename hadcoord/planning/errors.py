"""The error of the planning domain: impossible input, in French, and no partial plan."""

from __future__ import annotations

from hadcoord.errors import HadcoordError


class PlanningError(HadcoordError, ValueError):
    """The treatment calendar cannot be built from this input (the message says why)."""
