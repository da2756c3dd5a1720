"""What the maps show, as plain frozen dataclasses (built from coverage results, no geometry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hadcoord.coverage.model import Scenario
from hadcoord.coverage.readiness import Readiness
from hadcoord.coverage.summary import CoverageSummary, scenario_gain
from hadcoord.maps.classes import CoverageClass


@dataclass(frozen=True, slots=True)
class CommuneCell:
    """One commune on the ARS map: everything its tooltip says."""

    code: str
    name: str
    department: str
    population: int
    coverage: CoverageClass
    covering: tuple[str, ...]  # establishment ids whose territory includes the commune
    derogation: tuple[str, float] | None  # nearest HAD a derogation can be asked to, road km
    newly_covered: bool  # covered under the scenario, not without it (same day)


@dataclass(frozen=True, slots=True)
class Site:
    """An HAD establishment, at its main site, as the ARS needs to see it on ``day``."""

    id: str
    name: str
    structure: str  # hadcoord.coverage.model.Structure value
    commune_code: str
    commune_name: str
    lon: float
    lat: float
    authorised: bool
    basis: str | None  # Basis value of the authorisation period covering the day
    partner: str | None
    blinatumomab_patients: int
    blinatumomab_as_of: dt.date
    readiness: Readiness
    territory: frozenset[str]


@dataclass(frozen=True, slots=True)
class Place:
    """A point with a name: a first-recourse hospital, a patient's commune."""

    name: str
    commune_code: str
    commune_name: str
    lon: float
    lat: float


@dataclass(frozen=True, slots=True)
class ArsMap:
    """The ARS coverage map at ``day`` under ``scenario`` (aggregates only: no patient)."""

    day: dt.date
    scenario: Scenario | None
    communes: tuple[CommuneCell, ...]
    sites: tuple[Site, ...]
    hospitals: tuple[Place, ...]
    summary: CoverageSummary
    baseline: CoverageSummary | None  # the same day without scenario, when there is one

    @property
    def population_gained(self) -> int:
        """Inhabitants covered thanks to the scenario (0 without one)."""
        return scenario_gain(self.summary, self.baseline).population_covered

    @property
    def communes_gained(self) -> int:
        """Communes covered thanks to the scenario (0 without one)."""
        return scenario_gain(self.summary, self.baseline).communes_covered


@dataclass(frozen=True, slots=True)
class Route:
    """A proposed option drawn on the pathway map: an HAD's main site and its road distance."""

    kind: str  # had | derogation
    site: Site
    distance_km: float


@dataclass(frozen=True, slots=True)
class PathwayMap:
    """One commune's situation for the coordinator: territories, options, first recourse."""

    day: dt.date
    commune: Place
    coverage: CoverageClass
    covering: tuple[Site, ...]
    routes: tuple[Route, ...]
    first_recourse: Place | None
    first_recourse_km: float | None
    message: str
