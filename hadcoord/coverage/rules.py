"""Territory rules → commune codes, validated against the commune reference.

Since décret 2021-1954 (in force 1 June 2023) an HAD's territory is a list of communes. A file may
write that list as rules: selectors (a department, an arrondissement, an EPCI, or several of these
at once, meaning their intersection) to include or exclude, then explicit codes::

    territory = (∪ include − ∪ exclude) ∪ include_codes − exclude_codes
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from hadcoord.coverage.toml_reader import Table
from hadcoord.geo import Commune, CommuneReference

SELECTOR_FIELDS = {"department": "department", "arrondissement": "arrondissement",
                   "epci": "epci_code"}
NAME_FIELDS = {"department": "department_name", "arrondissement": "arrondissement_name",
               "epci": "epci_name"}
TERRITORY_KEYS = ("source", "include", "exclude", "include_codes", "exclude_codes", "note")


@lru_cache(maxsize=4)
def _units(reference: CommuneReference) -> dict[str, dict[str, frozenset[str]]]:
    """For each selector field, the communes of each value (department, arrondissement, EPCI)."""
    index: dict[str, dict[str, set[str]]] = {field: defaultdict(set)
                                             for field in SELECTOR_FIELDS.values()}
    for commune in reference.communes:
        for field, values in index.items():
            values[getattr(commune, field)].add(commune.code)
    return {field: {k: frozenset(v) for k, v in values.items()} for field, values in index.items()}


def _select(selector: Table, reference: CommuneReference) -> set[str]:
    selector.check_keys([*SELECTOR_FIELDS, "label"])
    wanted = {field: selector.text(key) for key, field in SELECTOR_FIELDS.items()
              if key in selector.data}
    if not wanted:
        raise selector.file.fail(selector.prefix.rstrip("."),
                                 "sélecteur vide : department, arrondissement ou epci attendu")
    units = _units(reference)
    found = [reference.by_code[code] for code in sorted(set.intersection(
        *(set(units[field].get(value, ())) for field, value in wanted.items())))]
    shown = ", ".join(f"{key} = {value!r}" for key, value in wanted.items())
    needle = next(iter(wanted.values()))
    if not found:
        raise selector.file.fail(selector.prefix.rstrip("."),
                                 f"aucune commune du référentiel pour {shown}", needle=needle)
    label = selector.text("label")
    if label is not None and not _label_matches(label, found[0]):
        raise selector.file.fail(selector.prefix.rstrip("."),
                                 f"le libellé « {label} » ne correspond pas à {shown}",
                                 needle=label)
    return {c.code for c in found}


def _label_matches(label: str, commune: Commune) -> bool:
    names = {getattr(commune, field).casefold() for field in NAME_FIELDS.values()}
    return label.casefold() in names


def _codes(table: Table, key: str, reference: CommuneReference) -> set[str]:
    codes = set()
    for code in table.texts(key):
        if code not in reference.by_code:
            hint = ""
            if code in reference.by_old_code:
                hint = f" (ancien code : utilisez {reference.by_old_code[code].code})"
            raise table.file.fail(table.key(key),
                                  f"code commune inconnu « {code} »{hint}", needle=code)
        codes.add(code)
    return codes


def compile_territory(table: Table, reference: CommuneReference) -> frozenset[str]:
    """The commune codes of a ``[territory]`` table.

    Raises
    ------
    ReferenceDataError
        Unknown key, empty or unknown selector, unknown commune code, a code both included and
        excluded, or an empty territory; the message names the file, the key and the line.
    """
    table.check_keys(TERRITORY_KEYS)
    included: set[str] = set()
    for selector in table.tables("include"):
        included |= _select(selector, reference)
    for selector in table.tables("exclude"):
        included -= _select(selector, reference)
    add = _codes(table, "include_codes", reference)
    remove = _codes(table, "exclude_codes", reference)
    if add & remove:
        code = sorted(add & remove)[0]
        raise table.file.fail(table.key("exclude_codes"),
                              f"le code {code} est à la fois inclus et exclu", needle=code)
    territory = (included | add) - remove
    if not territory:
        raise table.file.fail(table.prefix.rstrip("."), "territoire vide")
    return frozenset(territory)
