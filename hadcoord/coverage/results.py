"""What the options engine answers: plain frozen dataclasses (the JSON contract's shape)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hadcoord.coverage.readiness import Readiness
from hadcoord.coverage.requests import ConventionContent, DerogationRequest
from hadcoord.geo import Commune

STATUSES = ("authorised_had", "derogation_needed", "convention_needed", "not_covered_by_dataset")


@dataclass(frozen=True, slots=True)
class Covering:
    """An HAD whose territory includes the commune."""

    id: str
    name: str
    chemo_authorised: bool


@dataclass(frozen=True, slots=True)
class Option:
    """Something the coordinator can do, best first; distances are road estimates (km)."""

    kind: str  # had | derogation | convention
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
    status: str  # authorised_had | derogation_needed | convention_needed | not_covered_by_dataset
    covering: tuple[Covering, ...]
    options: tuple[Option, ...]
    not_proposed: tuple[NotProposed, ...]
    first_recourse: Recourse | None
    second_recourse: Recourse
    message: str
