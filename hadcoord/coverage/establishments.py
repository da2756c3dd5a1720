"""Reading one establishment file: territories/establishments/<id>.toml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hadcoord.coverage.model import Basis, Blinatumomab, ChemoPeriod, Establishment, Structure
from hadcoord.coverage.rules import compile_territory
from hadcoord.coverage.toml_reader import REQUIRED, Table, TomlFile
from hadcoord.geo import CommuneReference

PHARMACY_SUPPLIES = {
    "hospital_pui": "PUI de l'établissement de rattachement",
    "community_pharmacies": "pharmacies d'officine",
    "community_pharmacies_with_hospital_conventions":
        "pharmacies d'officine et conventions avec des établissements voisins",
}
PUMP_VALUES = {"yes": True, "no": False, "unknown": None}
TOP_KEYS = ("id", "name", "structure", "departments_served", "source", "sites", "pharmacy",
            "blinatumomab", "equipment", "chemotherapy", "territory")


def _choice(table: Table, name: str, allowed: Mapping[str, object] | type[Structure] | type[Basis],
            default: object = REQUIRED) -> str:
    value: str = table.text(name, default)
    values = [m.value for m in allowed] if isinstance(allowed, type) else list(allowed)
    if value not in values:
        raise table.file.fail(table.key(name),
                              f"valeur « {value} » inconnue (attendu : {', '.join(values)})",
                              needle=value)
    return value


def _period(table: Table) -> ChemoPeriod:
    table.check_keys(["start", "end", "start_approximate", "end_approximate", "basis", "partner",
                      "source", "note", "known_from", "known_from_approximate"])
    period = ChemoPeriod(
        start=table.day("start"), end=table.day("end"),
        basis=Basis(_choice(table, "basis", Basis)), partner=table.text("partner"),
        source=table.text("source", REQUIRED),
        start_approximate=table.flag("start_approximate", False),
        end_approximate=table.flag("end_approximate", False),
        known_from=table.day("known_from"),
        known_from_approximate=table.flag("known_from_approximate", False))
    if period.start and period.end and period.end < period.start:
        raise table.file.fail(table.key("end"), "fin antérieure au début")
    return period


def _site(table: Table, code: str, reference: CommuneReference) -> str:
    if code not in reference.by_code:
        raise table.file.fail(table.key("main"), f"code commune inconnu « {code} »", needle=code)
    return code


def read_establishment(path: Path, reference: CommuneReference) -> Establishment:
    """Parse and validate one establishment file (territory compiled to commune codes).

    Raises
    ------
    ReferenceDataError
        Any missing, unknown or malformed key, or an unknown commune code; the message names
        the file, the key and the line.
    """
    file = TomlFile(path)
    top = Table(file, file.data)
    top.check_keys(TOP_KEYS)
    ident: str = top.text("id", REQUIRED)
    if ident != path.stem:
        raise file.fail("id", f"« {ident} » diffère du nom du fichier ({path.stem})", ident)
    sites = top.table("sites")
    sites.check_keys(["main", "has_annex_sites", "annex", "note"])
    pharmacy = top.table("pharmacy")
    pharmacy.check_keys(["supply", "source"])
    blina = top.table("blinatumomab")
    blina.check_keys(["patients", "as_of", "last_patient", "source"])
    patients: int = blina.integer("patients", REQUIRED)
    if patients < 0:
        raise file.fail("blinatumomab.patients", "nombre négatif")
    equipment = top.table("equipment")
    equipment.check_keys(["micrel_pump", "source"])
    departments = top.texts("departments_served", REQUIRED)
    for department in departments:
        if department not in reference.departments:
            raise file.fail("departments_served", f"département inconnu « {department} »",
                            department)
    return Establishment(
        id=ident, name=top.text("name", REQUIRED),
        structure=Structure(_choice(top, "structure", Structure)),
        main_site=_site(sites, sites.text("main", REQUIRED), reference),
        has_annex_sites=sites.flag("has_annex_sites", REQUIRED),
        annex_sites=tuple(_site(sites, code, reference) for code in sites.texts("annex")),
        departments_served=departments,
        pharmacy=_choice(pharmacy, "supply", PHARMACY_SUPPLIES),
        blinatumomab=Blinatumomab(patients=patients, as_of=blina.day("as_of", REQUIRED),
                                  last_patient=blina.day("last_patient"),
                                  source=blina.text("source", REQUIRED)),
        micrel_pump=PUMP_VALUES[_choice(equipment, "micrel_pump", PUMP_VALUES)],
        chemotherapy=tuple(_period(t) for t in top.tables("chemotherapy")),
        territory=compile_territory(top.table("territory"), reference),
        territory_source=str(path), source_file=str(path))
