"""Triage levels and the reasons behind them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TriageLevel(StrEnum):
    """Triage levels, from the least to the most urgent (issue 7)."""

    GREEN = "green"  # nothing to report
    ORANGE = "orange"  # medical opinion within 24 h
    RED = "red"  # call now: first recourse and IUCT-O haematology

    @property
    def rank(self) -> int:
        """0 for green, 1 for orange, 2 for red."""
        return _RANKS[self]


_RANKS = {TriageLevel.GREEN: 0, TriageLevel.ORANGE: 1, TriageLevel.RED: 2}


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding: a stable English ``code``, its level and a French ``message``.

    A finding at the green level is an observation: shown, but it raises no alert.
    """

    code: str
    level: TriageLevel
    message: str
