"""The commune reference: territories/communes/communes.parquet, loaded once and validated.

Search fields are read at start-up (no geometry, fast); polygons are read on first use.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import shapely
from shapely.geometry import MultiPolygon

from hadcoord.errors import ReferenceDataError, UnknownCommuneError
from hadcoord.geo.distance import great_circle_km

if TYPE_CHECKING:
    from hadcoord.config.sections import ReferenceSettings

ATTRIBUTE_COLUMNS = [
    "code", "name", "department", "department_name", "arrondissement", "arrondissement_name",
    "epci_code", "epci_name", "population", "postal_codes", "old_codes", "former_names",
    "point_lon", "point_lat", "point_source",
]


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune of Occitanie (COG 2026)."""

    code: str
    name: str
    department: str
    department_name: str
    arrondissement: str
    arrondissement_name: str
    epci_code: str
    epci_name: str
    population: int
    postal_codes: tuple[str, ...]
    old_codes: tuple[str, ...]
    former_names: tuple[str, ...]
    lon: float
    lat: float
    point_source: str

    def distance_km(self, other: Commune) -> float:
        """Great-circle distance between the two representative points."""
        return great_circle_km(self.lon, self.lat, other.lon, other.lat)


class CommuneReference:
    """All communes, with look-ups by code, old code and postal code."""

    def __init__(self, communes: list[Commune], source: Path) -> None:
        self.source = source
        self.communes: tuple[Commune, ...] = tuple(communes)
        self.by_code: dict[str, Commune] = {c.code: c for c in communes}
        self.by_old_code: dict[str, Commune] = {}
        by_postal: dict[str, list[Commune]] = defaultdict(list)
        for commune in communes:
            for old in commune.old_codes:
                self.by_old_code.setdefault(old, commune)
            for postal in commune.postal_codes:
                by_postal[postal].append(commune)
        self.by_postal_code: dict[str, tuple[Commune, ...]] = {
            k: tuple(v) for k, v in by_postal.items()}
        self.departments: frozenset[str] = frozenset(c.department for c in communes)

    def __len__(self) -> int:
        return len(self.communes)

    def get(self, code: str) -> Commune:
        """The commune of INSEE ``code`` (an old code is redirected to the current commune)."""
        commune, _redirected = self.resolve(code)
        return commune

    def resolve(self, code: str) -> tuple[Commune, bool]:
        """The commune of ``code`` and whether ``code`` was an old code redirected to it."""
        code = code.strip().upper()
        if code in self.by_code:
            return self.by_code[code], False
        if code in self.by_old_code:
            return self.by_old_code[code], True
        msg = f"aucune commune d'Occitanie n'a le code INSEE « {code} »"
        raise UnknownCommuneError(msg)

    @cached_property
    def polygons(self) -> dict[str, MultiPolygon]:
        """Each commune's polygon (lon/lat), read from the file on first use."""
        table = pq.ParquetFile(self.source).read(columns=["code", "geometry"])
        codes: list[str] = [str(code) for code in table.column("code").to_pylist()]
        geometries = shapely.from_wkb(table.column("geometry").to_pylist())
        return dict(zip(codes, geometries, strict=True))


def _read(path: Path) -> list[Commune]:
    try:
        table = pq.ParquetFile(path).read(columns=ATTRIBUTE_COLUMNS)
    except FileNotFoundError:
        msg = f"{path} introuvable : lancez « hadcoord data build-communes »"
        raise ReferenceDataError(msg) from None
    except Exception as error:  # pyarrow raises several types for a malformed file
        msg = f"{path} : fichier de référence illisible ({error})"
        raise ReferenceDataError(msg) from None
    rows: list[dict[str, Any]] = table.to_pylist()
    communes = []
    for row in rows:
        row["postal_codes"] = tuple(row["postal_codes"])
        row["old_codes"] = tuple(row["old_codes"])
        row["former_names"] = tuple(row["former_names"])
        row["lon"], row["lat"] = row.pop("point_lon"), row.pop("point_lat")
        communes.append(Commune(**row))
    return communes


def _validate(communes: list[Commune], path: Path) -> None:
    codes = [c.code for c in communes]
    if not communes or len(set(codes)) != len(codes):
        msg = f"{path} : référentiel vide ou codes INSEE en double"
        raise ReferenceDataError(msg)
    for commune in communes:
        if len(commune.code) != 5 or not (-6 < commune.lon < 10 and 41 < commune.lat < 52):
            msg = f"{path} : commune {commune.code} invalide (code ou coordonnées)"
            raise ReferenceDataError(msg)


@lru_cache(maxsize=4)
def load_communes(path: Path) -> CommuneReference:
    """Load and validate the reference at ``path`` (cached per path)."""
    communes = _read(path)
    _validate(communes, path)
    return CommuneReference(communes, path)


def default_reference(settings: ReferenceSettings) -> CommuneReference:
    """The reference named by ``[reference]`` of the caller's settings (cached per file)."""
    return load_communes(settings.communes_file)
