"""The studied area and the facts the territories must reproduce (territories/study.toml)."""

from __future__ import annotations

from pathlib import Path

from hadcoord.coverage.model import Derogation, GapZone, SharedZone, StudyArea
from hadcoord.coverage.toml_reader import REQUIRED, Table, TomlFile
from hadcoord.geo import Commune, CommuneReference

SIDES = ("north", "south", "east", "west")


def _codes(table: Table, key: str, reference: CommuneReference) -> tuple[str, ...]:
    codes = table.texts(key, REQUIRED)
    for code in codes:
        if code not in reference.by_code:
            raise table.file.fail(table.key(key), f"code commune inconnu « {code} »", code)
    return codes


def read_study(path: Path, reference: CommuneReference, ids: set[str]) -> StudyArea:
    """Parse study.toml; establishment ids must be among ``ids``.

    Raises
    ------
    ReferenceDataError
        Missing or malformed key, unknown commune code or establishment id.
    """
    file = TomlFile(path)
    top = Table(file, file.data)
    top.check_keys(["area", "shared_zone", "gap_zone", "derogation"])
    area = top.table("area")
    area.check_keys(["departments", "arrondissements", "facts_date", "source"])

    def known(table: Table, key: str) -> str:
        value: str = table.text(key, REQUIRED)
        if value not in ids:
            raise file.fail(table.key(key), f"établissement inconnu « {value} »", value)
        return value

    shared = []
    for table in top.tables("shared_zone"):
        table.check_keys(["name", "establishments", "examples", "source"])
        pair = table.texts("establishments", REQUIRED)
        if len(pair) != 2 or not set(pair) <= ids:
            raise file.fail(table.key("establishments"), "deux identifiants connus attendus")
        shared.append(SharedZone(name=table.text("name", REQUIRED),
                                 establishments=(pair[0], pair[1]),
                                 examples=_codes(table, "examples", reference)))
    gaps = []
    for table in top.tables("gap_zone"):
        table.check_keys(["name", "department", "side", "min_share", "examples", "source"])
        side = table.text("side")
        if side is not None and side not in SIDES:
            raise file.fail(table.key("side"), f"côté inconnu « {side} »", side)
        gaps.append(GapZone(name=table.text("name", REQUIRED),
                            department=table.text("department", REQUIRED), side=side,
                            min_share=table.number("min_share", 0.0),
                            examples=_codes(table, "examples", reference)))
    derogations = []
    for table in top.tables("derogation"):
        table.check_keys(["patient_of", "taken_by", "example", "source"])
        example = table.text("example", REQUIRED)
        if example not in reference.by_code:
            raise file.fail(table.key("example"), f"code commune inconnu « {example} »", example)
        derogations.append(Derogation(patient_of=known(table, "patient_of"),
                                      taken_by=known(table, "taken_by"), example=example))
    return StudyArea(
        departments=area.texts("departments", REQUIRED),
        arrondissements=area.texts("arrondissements", ()),
        facts_date=area.day("facts_date", REQUIRED),
        shared_zones=tuple(shared), gap_zones=tuple(gaps), derogations=tuple(derogations),
        source_file=str(path))


def in_study(commune: Commune, study: StudyArea) -> bool:
    """Whether ``commune`` lies in the studied area (whole departments plus arrondissements)."""
    return (commune.department in study.departments
            or commune.arrondissement in study.arrondissements)
