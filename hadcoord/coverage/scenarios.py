"""Scenarios: dated changes applied on top of the reference (territories/scenarios/<id>.toml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Mapping
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
               "pharmacy", "chemotherapy", "source", "note", "add_communes", "remove_communes",
               "merged_into")
COMMUNE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


class UnknownScenarioError(HadcoordError, LookupError):
    """No scenario has this id."""


def _enum_or_none(table: Table, key: str, allowed: list[str]) -> str | None:
    value: str | None = table.text(key)
    if value is not None and value not in allowed:
        raise table.file.fail(table.key(key), f"valeur « {value} » inconnue "
                              f"(attendu : {', '.join(allowed)})", value)
    return value


def _communes(table: Table, key: str, codes: Collection[str] | None) -> frozenset[str]:
    found = table.texts(key)
    for code in found:
        if not COMMUNE_CODE.match(code) or (codes is not None and code not in codes):
            raise table.file.fail(table.key(key), f"code commune inconnu « {code} »", code)
    return frozenset(found)


def _merged_into(table: Table, target: str, ids: set[str]) -> str | None:
    into: str | None = table.text("merged_into")
    if into is not None and (into not in ids or into == target):
        raise table.file.fail(table.key("merged_into"), f"établissement inconnu « {into} »"
                              if into != target else "un établissement ne fusionne pas avec "
                              "lui-même", into)
    return into


def _change(table: Table, ids: set[str], codes: Collection[str] | None) -> ScenarioChange:
    table.check_keys(CHANGE_KEYS)
    target: str = table.text("establishment", REQUIRED)
    if target not in ids:
        raise table.file.fail(table.key("establishment"), f"établissement inconnu « {target} »",
                              target)
    chemo = table.table("chemotherapy", required=False)
    chemo.check_keys(["basis", "partner", "withdrawn"])
    basis = _enum_or_none(chemo, "basis", [b.value for b in Basis])
    withdrawn: bool = chemo.flag("withdrawn", False)
    if withdrawn and basis:
        raise table.file.fail(chemo.key("withdrawn"), "une autorisation ne peut être à la fois "
                              "accordée (basis) et retirée (withdrawn)")
    structure = _enum_or_none(table, "structure", [s.value for s in Structure])
    return ScenarioChange(
        establishment=target, effective=table.day("effective", REQUIRED),
        effective_approximate=table.flag("effective_approximate", False),
        name=table.text("name"), structure=Structure(structure) if structure else None,
        pharmacy=_enum_or_none(table, "pharmacy", list(PHARMACY_SUPPLIES)),
        chemotherapy_basis=Basis(basis) if basis else None,
        chemotherapy_partner=chemo.text("partner"), source=table.text("source", REQUIRED),
        chemotherapy_withdrawn=withdrawn,
        territory_added=_communes(table, "add_communes", codes),
        territory_removed=_communes(table, "remove_communes", codes),
        merged_into=_merged_into(table, target, ids))


def read_scenario(path: Path, ids: set[str], codes: Collection[str] | None = None) -> Scenario:
    """Parse one scenario file; establishment ids must be among ``ids``.

    ``codes``: the commune codes a territory change may name (any well-formed code if None).

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
    changes = tuple(_change(table, ids, codes) for table in top.tables("change"))
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


def _withdrawn(periods: tuple[ChemoPeriod, ...], day: dt.date,
               source: str) -> tuple[ChemoPeriod, ...]:
    """The periods ended the day before ``day`` (those starting later are dropped)."""
    kept = []
    for period in periods:
        if period.start is not None and period.start >= day:
            continue
        if period.end is None or period.end >= day:
            kept.append(dataclasses.replace(period, end=day - dt.timedelta(days=1),
                                            end_approximate=False,
                                            source=f"{period.source} ; retrait : {source}"))
        else:
            kept.append(period)
    return tuple(kept)


def _territories(changed: dict[str, Establishment], change: ScenarioChange) -> None:
    """Communes added or removed, then the merge: the territory goes to the other HAD."""
    current = changed[change.establishment]
    if change.territory_added or change.territory_removed:
        changed[change.establishment] = dataclasses.replace(
            current, territory=(current.territory | change.territory_added)
            - change.territory_removed)
    if change.merged_into:
        absorbed = changed[change.establishment]
        into = changed[change.merged_into]
        changed[into.id] = dataclasses.replace(into, territory=into.territory
                                               | absorbed.territory)
        changed[absorbed.id] = dataclasses.replace(absorbed, territory=frozenset())


def apply_scenario(establishments: tuple[Establishment, ...], scenario: Scenario | None,
                   day: dt.date) -> tuple[Establishment, ...]:
    """The establishments as they are on ``day`` once the changes effective by then apply.

    An establishment's territory is the same object unless a change adds, removes or merges.
    """
    if scenario is None:
        return establishments
    changed = {e.id: e for e in establishments}
    for change in scenario.changes:
        if change.effective > day:
            continue
        current = changed[change.establishment]
        chemotherapy = current.chemotherapy
        if change.chemotherapy_withdrawn:
            chemotherapy = _withdrawn(chemotherapy, change.effective,
                                      f"scénario {scenario.id} : {change.source}")
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
        _territories(changed, change)
    return tuple(changed[e.id] for e in establishments)
