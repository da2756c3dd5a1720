"""The directory side in FHIR: HADs, their territories and communes, first-recourse hospitals.

No patient here: what an ARS or an HAD federation needs as data instead of a map. Each HAD is
an ``Organization`` and a ``HealthcareService`` (home hospitalisation; its chemotherapy
authorisations as a characteristic and, period by period with their basis, as an extension;
``coverageArea`` → its territory's ``Location`` then one ``Location`` per commune, identified by
its INSEE code). A territory's or a commune's outline is the ``location-boundary-geojson``
extension, only when asked (it weighs). Hospitals are an ``Organization`` and a ``Location``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.model import ChemoPeriod, Establishment, Hospital
from hadcoord.exports.fhir.common import (
    BOUNDARY_EXTENSION,
    CHEMOTHERAPY_EXTENSION,
    INSEE_ADDRESS_EXTENSION,
    INSEE_COMMUNES,
    LOCAL_CODES,
    LOCAL_ESTABLISHMENT,
    LOCAL_HOSPITAL,
    ORGANIZATION_TYPE,
    PHYSICAL_TYPE,
    ROLE_CODE,
    Resource,
    coding,
    concept,
    internal_identifier,
    local_concept,
    reference,
)
from hadcoord.geo import Commune, CommuneReference
from hadcoord.wording import labels

if TYPE_CHECKING:  # the maps package imports folium: not for `hadcoord --help`
    from hadcoord.maps.geometry import MapGeometry

# The service type: no public code found in our sources (the Annuaire Santé profile binds
# ``type`` to TRE_R209-TypeActivite, whose HAD code we could not read): a local code that says so.
HOME_HOSPITALISATION = concept("Hospitalisation à domicile (HAD)", coding(
    f"{LOCAL_CODES}:type-service", "had",
    "Hospitalisation à domicile (HAD) — code local hadcoord, sans équivalent public connu"))
# The form of care, public: NOS TRE_R276-FormeActivite code 05, the code system the ANS
# « Annuaire Santé » HealthcareService profile binds ``characteristic`` to. Source:
# https://mos.esante.gouv.fr/NOS/TRE_R276-FormeActivite/FHIR/TRE-R276-FormeActivite and
# https://interop.esante.gouv.fr/ig/nos/1.3.0/ValueSet-JDV-J134-FormeActivite-RASS.html
FORME_ACTIVITE = "https://mos.esante.gouv.fr/NOS/TRE_R276-FormeActivite/FHIR/TRE-R276-FormeActivite"
AT_HOME_FORM = concept("Hospitalisation à domicile", coding(
    FORME_ACTIVITE, "05", "Hospitalisation à domicile (au domicile du patient)"))
CHEMOTHERAPY = local_concept("caracteristique", "chimiotherapie-domicile",
                             "Chimiothérapie à domicile autorisée")


def commune_id(code: str) -> str:
    """The Location id of the commune of INSEE ``code``."""
    return f"commune-{code}"


def territory_id(establishment: Establishment) -> str:
    """The Location id of an HAD's intervention territory."""
    return f"territoire-{establishment.id}"


def address(commune: Commune) -> Resource:
    """The commune as an address: city, its INSEE code (FR Core extension), department.

    The postal code only when the commune has one (several: which one is not known).
    """
    return {
        "extension": [{"url": INSEE_ADDRESS_EXTENSION,
                       "valueCoding": coding(INSEE_COMMUNES, commune.code, commune.name)}],
        "city": commune.name,
        "district": commune.department_name,
        **({"postalCode": commune.postal_codes[0]} if len(commune.postal_codes) == 1 else {}),
        "country": "FR",
    }


def boundary(geometry: Any, decimals: int = 4) -> Resource:
    """The ``location-boundary-geojson`` extension of a (multi)polygon in lon/lat.

    Coordinates rounded to ``decimals`` (``[maps].coordinate_decimals``: 4 ≈ 10 m).
    """
    rounded = shapely.transform(geometry, lambda points: np.round(points, decimals))
    text = json.dumps(shapely.geometry.mapping(rounded), separators=(",", ":"))
    return {"url": BOUNDARY_EXTENSION, "valueAttachment": {
        "contentType": "application/geo+json",
        "data": base64.b64encode(text.encode()).decode("ascii")}}


def commune_location(commune: Commune, geometry: MapGeometry | None = None) -> Resource:
    """A commune as a jurisdiction ``Location``, identified by its INSEE code."""
    outline = ([boundary(geometry.polygons[commune.code], geometry.decimals)]
               if geometry is not None and commune.code in geometry.polygons else [])
    return {
        "resourceType": "Location", "id": commune_id(commune.code),
        **({"extension": outline} if outline else {}),
        "identifier": [{"use": "official", "system": INSEE_COMMUNES, "value": commune.code}],
        "status": "active", "name": commune.name, "mode": "instance",
        "physicalType": concept("Commune", coding(PHYSICAL_TYPE, "jdn", "Jurisdiction")),
        "address": address(commune),
        # The commune's representative point (reference data), not a building's position.
        "position": {"longitude": commune.lon, "latitude": commune.lat},
    }


def territory_location(establishment: Establishment,
                       geometry: MapGeometry | None = None) -> Resource:
    """An HAD's intervention territory as an area ``Location`` (its outline when asked)."""
    outline = ([boundary(geometry.union(establishment.territory), geometry.decimals)]
               if geometry is not None and establishment.territory else [])
    return {
        "resourceType": "Location", "id": territory_id(establishment),
        **({"extension": outline} if outline else {}),
        "identifier": [internal_identifier(LOCAL_ESTABLISHMENT,
                                           f"{establishment.id}/territoire")],
        "status": "active", "mode": "instance",
        "name": f"Territoire d'intervention — {establishment.name}",
        "description": f"{len(establishment.territory)} communes",
        "physicalType": concept("Zone", coding(PHYSICAL_TYPE, "area", "Area")),
        "managingOrganization": reference("Organization", establishment.id, establishment.name),
    }


def establishment_organization(establishment: Establishment,
                               communes: CommuneReference) -> Resource:
    """An HAD as an ``Organization`` (internal identifier; no FINESS in the reference data)."""
    site = communes.by_code[establishment.main_site]
    return {
        "resourceType": "Organization", "id": establishment.id,
        "identifier": [internal_identifier(LOCAL_ESTABLISHMENT, establishment.id)],
        "active": True,
        "type": [concept("Établissement de santé", coding(ORGANIZATION_TYPE, "prov",
                                                          "Healthcare Provider")),
                 local_concept("structure", establishment.structure.value,
                               labels.STRUCTURE[establishment.structure])],
        "name": establishment.name,
        "address": [address(site)],
    }


def _period_extension(period: ChemoPeriod) -> Resource:
    parts: list[Resource] = []
    dates = {key: day.isoformat() for key, day in (("start", period.start),
                                                   ("end", period.end)) if day}
    if dates:
        parts.append({"url": "period", "valuePeriod": dates})
    parts.append({"url": "basis", "valueCoding": coding(
        f"{LOCAL_ESTABLISHMENT}:fondement", period.basis.value, labels.BASIS[period.basis])})
    if period.partner:
        parts.append({"url": "partner", "valueString": period.partner})
    # The period's source (thesis lines) stays in the reference data: no internal reference
    # in what a person may read.
    parts += [{"url": "startApproximate", "valueBoolean": period.start_approximate},
              {"url": "endApproximate", "valueBoolean": period.end_approximate}]
    return {"url": CHEMOTHERAPY_EXTENSION, "extension": parts}


def period_text(period: ChemoPeriod) -> str:
    """« du 01/01/2019 à aujourd'hui (…) » in French, unknown dates said so."""
    start = f"du {period.start:%d/%m/%Y}" if period.start else "depuis une date inconnue"
    end = f"au {period.end:%d/%m/%Y}" if period.end else "sans fin connue"
    partner = f", avec {period.partner}" if period.partner else ""
    return f"{start} {end} ({labels.BASIS[period.basis]}{partner})"


def healthcare_service(establishment: Establishment) -> Resource:
    """An HAD's home-hospitalisation ``HealthcareService`` with its authorisations and area."""
    periods = establishment.chemotherapy
    characteristic = [{**CHEMOTHERAPY, "text": "Chimiothérapie à domicile autorisée "
                       + " ; ".join(period_text(p) for p in periods)}] if periods else []
    return {
        "resourceType": "HealthcareService", "id": establishment.id,
        **({"extension": [_period_extension(p) for p in periods]} if periods else {}),
        "identifier": [internal_identifier(LOCAL_ESTABLISHMENT, establishment.id)],
        "active": True,
        "providedBy": reference("Organization", establishment.id, establishment.name),
        "type": [HOME_HOSPITALISATION],
        "name": establishment.name,
        "coverageArea": [reference("Location", territory_id(establishment)),
                         *(reference("Location", commune_id(code))
                           for code in sorted(establishment.territory))],
        "characteristic": [AT_HOME_FORM, *(characteristic or [local_concept(
            "caracteristique", "sans-chimiotherapie", "Pas d'autorisation de chimiothérapie "
            "à domicile connue")])],
    }


def hospital_id(hospital: Hospital, rank: int) -> str:
    """A hospital's id: its commune and rank there (two CHU sites share Toulouse)."""
    return f"hopital-{hospital.commune_code}-{rank}"


def hospital_resources(hospital: Hospital, rank: int,
                       communes: CommuneReference) -> tuple[Resource, Resource]:
    """A first-recourse hospital as an ``Organization`` and its emergency ``Location``."""
    ident = hospital_id(hospital, rank)
    site = address(communes.by_code[hospital.commune_code])
    organization = {
        "resourceType": "Organization", "id": ident,
        "identifier": [internal_identifier(LOCAL_HOSPITAL, ident)], "active": True,
        "type": [concept("Établissement de santé", coding(ORGANIZATION_TYPE, "prov",
                                                          "Healthcare Provider"))],
        "name": hospital.name, "address": [site],
    }
    location = {
        "resourceType": "Location", "id": ident,
        "identifier": [internal_identifier(LOCAL_HOSPITAL, ident)],
        "status": "active", "mode": "instance",
        "name": f"{hospital.name} — urgences",
        **({"description": hospital.note} if hospital.note else {}),
        "type": [concept("Service d'urgences", coding(ROLE_CODE, "ER", "Emergency room"))],
        "physicalType": concept("Site", coding(PHYSICAL_TYPE, "si", "Site")),
        "address": site,
        "managingOrganization": reference("Organization", ident, hospital.name),
    }
    return organization, location


@dataclass(frozen=True, slots=True)
class Directory:
    """The directory side as resources, by type."""

    organizations: tuple[Resource, ...]
    services: tuple[Resource, ...]
    locations: tuple[Resource, ...]

    def by_type(self) -> dict[str, tuple[Resource, ...]]:
        """``{"Organization": …, "HealthcareService": …, "Location": …}``."""
        return {"Organization": self.organizations, "HealthcareService": self.services,
                "Location": self.locations}

    def all(self) -> Iterator[Resource]:
        """Every resource."""
        for resources in self.by_type().values():
            yield from resources


def hospitals_ranked(hospitals: tuple[Hospital, ...]) -> Iterator[tuple[Hospital, int]]:
    """Each hospital with its rank among those of its commune (from 1, in file order)."""
    seen: dict[str, int] = {}
    for hospital in hospitals:
        seen[hospital.commune_code] = seen.get(hospital.commune_code, 0) + 1
        yield hospital, seen[hospital.commune_code]


def directory(catalogue: Catalogue, geometry: MapGeometry | None = None) -> Directory:
    """Every HAD, territory, covered commune and hospital of ``catalogue`` as FHIR resources.

    ``geometry`` (the simplified commune polygons) adds the outlines; None leaves them out.
    """
    communes = catalogue.reference
    organizations = [establishment_organization(e, communes) for e in catalogue.establishments]
    services = [healthcare_service(e) for e in catalogue.establishments]
    locations = [territory_location(e, geometry) for e in catalogue.establishments]
    covered = sorted({code for e in catalogue.establishments for code in e.territory})
    locations += [commune_location(communes.by_code[code], geometry) for code in covered]
    for hospital, rank in hospitals_ranked(catalogue.hospitals):
        organization, location = hospital_resources(hospital, rank, communes)
        organizations.append(organization)
        locations.append(location)
    return Directory(tuple(organizations), tuple(services), tuple(locations))


@lru_cache(maxsize=4)
def cached_directory(catalogue: Catalogue) -> Directory:
    """The directory of ``catalogue`` without outlines (built once per catalogue)."""
    return directory(catalogue)


def with_boundary(location: Resource, catalogue: Catalogue, geometry: MapGeometry) -> Resource:
    """``location`` again with its outline (a territory's or a commune's; others as they are)."""
    ident = str(location["id"])
    if ident.startswith("commune-"):
        return commune_location(catalogue.reference.by_code[ident.removeprefix("commune-")],
                                geometry)
    if ident.startswith("territoire-"):
        return territory_location(catalogue.by_id[ident.removeprefix("territoire-")], geometry)
    return location
