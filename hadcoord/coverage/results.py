"""What the options engine answers: plain frozen dataclasses (the JSON contract's shape)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from hadcoord.coverage.provenance import Authorisation, Provenance
from hadcoord.coverage.readiness import Readiness
from hadcoord.coverage.requests import ConventionContent, DerogationRequest
from hadcoord.geo import Commune


class MatchStatus(StrEnum):
    """Whether a commune has an authorised HAD, and what to do if not."""

    AUTHORISED_HAD = "authorised_had"  # an HAD of the territory may give chemotherapy at home
    DEROGATION_NEEDED = "derogation_needed"  # ask the ARS for a bordering authorised HAD
    CONVENTION_NEEDED = "convention_needed"  # no derogation possible: a convention
    NOT_COVERED_BY_DATASET = "not_covered_by_dataset"  # outside the studied area


class OptionKind(StrEnum):
    """What kind of thing the coordinator can do."""

    HAD = "had"  # admission to an authorised HAD of the territory
    DEROGATION = "derogation"  # a bordering authorised HAD, after the ARS agrees
    CONVENTION = "convention"  # a convention validated by the ARS



@dataclass(frozen=True, slots=True)
class Covering:
    """An HAD whose territory includes the commune."""

    id: str
    name: str
    chemo_authorised: bool


@dataclass(frozen=True, slots=True)
class Option:
    """Something the coordinator can do, best first; distances are road estimates (km)."""

    kind: OptionKind
    establishment: str | None
    name: str
    distance_km: float | None
    readiness: Readiness | None = None
    authorisation: str | None = None
    ars_request: DerogationRequest | None = None
    convention: ConventionContent | None = None


@dataclass(frozen=True, slots=True)
class NotProposed:
    """A bordering authorised HAD left out, and why."""

    establishment: str
    name: str
    distance_km: float
    reason: str


@dataclass(frozen=True, slots=True)
class Recourse:
    """Who to call when something goes wrong at home."""

    name: str
    commune_code: str | None
    distance_km: float | None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The answer for one commune."""

    commune: Commune
    day: dt.date
    scenario: str | None
    status: MatchStatus
    covering: tuple[Covering, ...]
    options: tuple[Option, ...]
    not_proposed: tuple[NotProposed, ...]
    first_recourse: Recourse | None
    second_recourse: Recourse
    message: str
    # The authorisation of every establishment named (covering, then proposed), and the sources.
    authorisations: tuple[Authorisation, ...] = ()
    provenance: Provenance | None = None
