"""Scenarios: dated changes applied on top of the reference (territories/scenarios/<id>.toml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from hadcoord.coverage.establishments import PHARMACY_SUPPLIES
from hadcoord.coverage.model import (
    Basis,
    ChemoPeriod,
    Establishment,
    Scenario,
    ScenarioChange,
    Structure,
)
from hadcoord.coverage.toml_reader import REQUIRED, Table, TomlFile
from hadcoord.errors import HadcoordError

CHANGE_KEYS = ("establishment", "effective", "effective_approximate", "name", "structure",
               "pharmacy", "chemotherapy", "source", "note")


class UnknownScenarioError(HadcoordError, LookupError):
    """No scenario has this id."""


def _enum_or_none(table: Table, key: str, allowed: list[str]) -> str | None:
    value: str | None = table.text(key)
    if value is not None and value not in allowed:
        raise table.file.fail(table.key(key), f"valeur « {value} » inconnue "
                              f"(attendu : {', '.join(allowed)})", value)
    return value


def _change(table: Table, ids: set[str]) -> ScenarioChange:
    table.check_keys(CHANGE_KEYS)
    target: str = table.text("establishment", REQUIRED)
    if target not in ids:
        raise table.file.fail(table.key("establishment"), f"établissement inconnu « {target} »",
                              target)
    chemo = table.table("chemotherapy", required=False)
    chemo.check_keys(["basis", "partner"])
    basis = _enum_or_none(chemo, "basis", [b.value for b in Basis])
    structure = _enum_or_none(table, "structure", [s.value for s in Structure])
    return ScenarioChange(
        establishment=target, effective=table.day("effective", REQUIRED),
        effective_approximate=table.flag("effective_approximate", False),
        name=table.text("name"), structure=Structure(structure) if structure else None,
        pharmacy=_enum_or_none(table, "pharmacy", list(PHARMACY_SUPPLIES)),
        chemotherapy_basis=Basis(basis) if basis else None,
        chemotherapy_partner=chemo.text("partner"), source=table.text("source", REQUIRED))


def read_scenario(path: Path, ids: set[str]) -> Scenario:
    """Parse one scenario file; establishment ids must be among ``ids``.

    Raises
    ------
    ReferenceDataError
        Missing, unknown or malformed key, or an unknown establishment id.
    """
    file = TomlFile(path)
    top = Table(file, file.data)
    top.check_keys(["id", "title", "description", "change"])
    ident: str = top.text("id", REQUIRED)
    if ident != path.stem:
        raise file.fail("id", f"« {ident} » diffère du nom du fichier ({path.stem})", ident)
    changes = tuple(_change(table, ids) for table in top.tables("change"))
    if not changes:
        raise file.fail("change", "aucun changement ([[change]]) déclaré")
    return Scenario(id=ident, title=top.text("title", REQUIRED),
                    description=top.text("description", ""), changes=changes)


def get_scenario(scenarios: Mapping[str, Scenario], ident: str | None) -> Scenario | None:
    """The scenario ``ident`` (None for none).

    Raises
    ------
    UnknownScenarioError
        No scenario has this id; the message lists the known ones.
    """
    if ident is None:
        return None
    if ident not in scenarios:
        known = ", ".join(sorted(scenarios)) or "aucun"
        msg = f"scénario inconnu « {ident} » (scénarios disponibles : {known})"
        raise UnknownScenarioError(msg)
    return scenarios[ident]


def apply_scenario(establishments: tuple[Establishment, ...], scenario: Scenario | None,
                   day: dt.date) -> tuple[Establishment, ...]:
    """The establishments as they are on ``day`` once the changes effective by then apply."""
    if scenario is None:
        return establishments
    changed = {e.id: e for e in establishments}
    for change in scenario.changes:
        if change.effective > day:
            continue
        current = changed[change.establishment]
        chemotherapy = current.chemotherapy
        if change.chemotherapy_basis:
            chemotherapy = (*chemotherapy, ChemoPeriod(
                start=change.effective, end=None, basis=change.chemotherapy_basis,
                partner=change.chemotherapy_partner,
                source=f"scénario {scenario.id} : {change.source}",
                start_approximate=change.effective_approximate))
        changed[change.establishment] = dataclasses.replace(
            current, name=change.name or current.name,
            structure=change.structure or current.structure,
            pharmacy=change.pharmacy or current.pharmacy, chemotherapy=chemotherapy)
    return tuple(changed[e.id] for e in establishments)
