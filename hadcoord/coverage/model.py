"""The reference data of the coverage domain as plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Structure(StrEnum):
    """Legal form of an HAD (thesis table 26, l. 5045-5162)."""

    ATTACHED_PUBLIC_HOSPITAL = "attached_public_hospital"
    ATTACHED_PRIVATE_CLINIC = "attached_private_clinic"
    PRIVATE_FOR_PROFIT = "private_for_profit"
    PRIVATE_NON_PROFIT = "private_non_profit"

    @property
    def attached(self) -> bool:
        """Whether the HAD is part of a hospital or clinic (and uses its PUI, l. 5023)."""
        return self in (Structure.ATTACHED_PUBLIC_HOSPITAL, Structure.ATTACHED_PRIVATE_CLINIC)


class Basis(StrEnum):
    """Why an HAD may give chemotherapy at home (thesis l. 1650-1666)."""

    ATTACHED = "attached"  # attached to a hospital authorised for cancer treatment
    ASSOCIATED = "associated"  # établissement associé to an authorised establishment
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ChemoPeriod:
    """A period during which an HAD was authorised to give chemotherapy at home.

    ``start``/``end`` are inclusive; None means unknown start (authorised as far back as the data
    goes) or no known end. ``*_approximate`` flags dates the source only gives roughly.
    """

    start: dt.date | None
    end: dt.date | None
    basis: Basis
    partner: str | None
    source: str
    start_approximate: bool = False
    end_approximate: bool = False
    # When ``start`` is unknown: the earliest day the source attests the authorisation (None:
    # the establishment's facts date). Before it, the authorisation is an extrapolation.
    known_from: dt.date | None = None
    known_from_approximate: bool = False

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Blinatumomab:
    """Blinatumomab patients an HAD has treated, as known at ``as_of`` (thesis table 27)."""

    patients: int
    as_of: dt.date
    last_patient: dt.date | None
    source: str


@dataclass(frozen=True, slots=True)
class Establishment:
    """An HAD establishment and its intervention territory (compiled to commune codes)."""

    id: str
    name: str
    structure: Structure
    main_site: str
    has_annex_sites: bool
    annex_sites: tuple[str, ...]
    departments_served: tuple[str, ...]
    pharmacy: str
    blinatumomab: Blinatumomab
    micrel_pump: bool | None  # None: not known
    chemotherapy: tuple[ChemoPeriod, ...]
    territory: frozenset[str]
    territory_source: str
    source_file: str
    # The day the ARS list of the territory was imported (None: reconstruction, or not recorded).
    territory_imported_on: dt.date | None = None
    # Added by the ARS (territories/ars/establishments/<id>.toml), not one of the thesis's 14.
    added_by_ars: bool = False

    @property
    def territory_from_ars(self) -> bool:
        """Whether the territory comes from the ARS (a list or an added establishment)."""
        return self.added_by_ars or self.territory_source.endswith(".csv")

    def chemo_authorised(self, day: dt.date) -> bool:
        """Whether the HAD may give chemotherapy at home on ``day``."""
        return any(period.covers(day) for period in self.chemotherapy)

    def chemo_period(self, day: dt.date) -> ChemoPeriod | None:
        """The authorisation period covering ``day``, if any."""
        return next((p for p in self.chemotherapy if p.covers(day)), None)


@dataclass(frozen=True, slots=True)
class Hospital:
    """A general hospital with an emergency department: a candidate first recourse."""

    name: str
    commune_code: str
    note: str


@dataclass(frozen=True, slots=True)
class ScenarioChange:
    """A dated change to one establishment: new name, structure, chemotherapy authorisation.

    Also (the ARS's scenario editor): an authorisation withdrawn, communes added to or removed
    from the territory, or the establishment merged into another (its territory goes to it).
    """

    establishment: str
    effective: dt.date
    effective_approximate: bool
    name: str | None
    structure: Structure | None
    pharmacy: str | None
    chemotherapy_basis: Basis | None
    chemotherapy_partner: str | None
    source: str
    chemotherapy_withdrawn: bool = False
    territory_added: frozenset[str] = frozenset()
    territory_removed: frozenset[str] = frozenset()
    merged_into: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """Dated changes applied on top of the reference data."""

    id: str
    title: str
    description: str
    changes: tuple[ScenarioChange, ...]


@dataclass(frozen=True, slots=True)
class SharedZone:
    """A zone the thesis says is served by two HADs (l. 5169-5188)."""

    name: str
    establishments: tuple[str, str]
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GapZone:
    """A zone the thesis says has no HAD able to take a blinatumomab patient (l. 5990-5995)."""

    name: str
    department: str
    side: str | None  # north | south | east | west: where the gap lies in the department
    min_share: float  # minimal share of the department's studied communes in the gap
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Derogation:
    """An ARS derogation that happened: ``taken_by`` treated a patient of ``patient_of``."""

    patient_of: str
    taken_by: str
    example: str


@dataclass(frozen=True, slots=True)
class StudyArea:
    """The area of the thesis and the facts the territories must reproduce (study.toml)."""

    departments: tuple[str, ...]
    arrondissements: tuple[str, ...]
    facts_date: dt.date
    shared_zones: tuple[SharedZone, ...]
    gap_zones: tuple[GapZone, ...]
    derogations: tuple[Derogation, ...]
    source_file: str
