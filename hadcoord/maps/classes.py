"""Coverage classes of a commune on the maps, derived from the options engine's answer."""

from __future__ import annotations

from enum import StrEnum

from hadcoord.coverage.results import MatchResult, MatchStatus


class CoverageClass(StrEnum):
    """What a commune's colour says (most telling first: a gap hides a shared zone)."""

    AUTHORISED = "authorised"  # one HAD, authorised for chemotherapy at home
    SHARED = "shared"  # two HADs (thesis l. 5169-5188), at least one authorised
    DEROGATION = "derogation"  # only HADs without authorisation; a derogation can be asked
    CONVENTION = "convention"  # only HADs without authorisation, none authorised within reach
    OUTSIDE = "outside"  # outside the studied area: the data says nothing (not a gap)

    @property
    def covered(self) -> bool:
        """Whether a patient living there can be taken by an authorised HAD of the territory."""
        return self in (CoverageClass.AUTHORISED, CoverageClass.SHARED)


def classify(result: MatchResult) -> CoverageClass:
    """The class of the commune of ``result`` (one ``CoverageEngine.match`` answer)."""
    if result.status == MatchStatus.NOT_COVERED_BY_DATASET:
        return CoverageClass.OUTSIDE
    if result.status == MatchStatus.AUTHORISED_HAD:
        return CoverageClass.SHARED if len(result.covering) > 1 else CoverageClass.AUTHORISED
    if result.status == MatchStatus.DEROGATION_NEEDED:
        return CoverageClass.DEROGATION
    return CoverageClass.CONVENTION
