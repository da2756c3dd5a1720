"""First recourse: general hospitals with an emergency department (territories/hospitals.toml)."""

from __future__ import annotations

from pathlib import Path

from hadcoord.coverage.model import Hospital
from hadcoord.coverage.toml_reader import REQUIRED, Table, TomlFile
from hadcoord.errors import ReferenceDataError
from hadcoord.geo import Commune, CommuneReference


def read_hospitals(path: Path, reference: CommuneReference) -> tuple[Hospital, ...]:
    """Parse and validate hospitals.toml (``[[hospital]]`` tables: name, commune, note).

    Raises
    ------
    ReferenceDataError
        Missing file, malformed entry or unknown commune code (file, key and line named).
    """
    if not path.exists():
        msg = f"{path} introuvable (liste des hôpitaux de premier recours)"
        raise ReferenceDataError(msg)
    file = TomlFile(path)
    top = Table(file, file.data)
    top.check_keys(["hospital", "source", "status"])
    hospitals = []
    for table in top.tables("hospital"):
        table.check_keys(["name", "commune", "note"])
        code: str = table.text("commune", REQUIRED)
        if code not in reference.by_code:
            raise file.fail(table.key("commune"), f"code commune inconnu « {code} »", code)
        hospitals.append(Hospital(name=table.text("name", REQUIRED), commune_code=code,
                                  note=table.text("note", "")))
    if not hospitals:
        raise file.fail("hospital", "aucun hôpital déclaré")
    return tuple(hospitals)


def nearest_hospital(commune: Commune, hospitals: tuple[Hospital, ...],
                     reference: CommuneReference) -> tuple[Hospital, float]:
    """The hospital nearest to ``commune`` and its great-circle distance (km)."""
    return min(((h, commune.distance_km(reference.by_code[h.commune_code])) for h in hospitals),
               key=lambda pair: pair[1])
