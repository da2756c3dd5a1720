"""ARS commune lists: parse a CSV (establishment id, commune code), validate it, diff it.

An imported list replaces the reconstructed territory of each establishment it names; it is kept
as territories/ars/<id>.csv and takes precedence over the rules of the establishment's TOML file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hadcoord.coverage.toml_reader import REQUIRED, Table, TomlFile
from hadcoord.errors import ReferenceDataError
from hadcoord.geo import CommuneReference

ID_COLUMNS = ("establishment_id", "id_etablissement")
CODE_COLUMNS = ("commune_code", "code_commune", "code_insee")
HEADER = "establishment_id,commune_code"
# territories/ars/imports.toml: the day each establishment's list was imported, and from what.
IMPORTS_FILE = "imports.toml"
MAX_REPORTED = 20


class ArsImportError(ReferenceDataError):
    """The ARS list has bad rows; ``problems`` holds one line-numbered message per row."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ArsList:
    """A validated ARS list: each establishment's communes."""

    territories: Mapping[str, frozenset[str]]
    rows: int
    duplicates: int


@dataclass(frozen=True, slots=True)
class TerritoryDiff:
    """What an ARS list changes in one establishment's territory."""

    establishment: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def _columns(header: list[str], source: str) -> tuple[int, int]:
    names = [name.strip().lstrip("\ufeff").casefold() for name in header]
    ids = [i for i, name in enumerate(names) if name in ID_COLUMNS]
    codes = [i for i, name in enumerate(names) if name in CODE_COLUMNS]
    if not ids or not codes:
        msg = (f"{source}, ligne 1 : en-tête attendu « {HEADER} » "
               f"(trouvé « {','.join(header)} »)")
        raise ReferenceDataError(msg)
    return ids[0], codes[0]


def _check_code(code: str, reference: CommuneReference) -> str | None:
    if code in reference.by_code:
        return None
    if code in reference.by_old_code:
        return (f"« {code} » est un ancien code : la commune est aujourd'hui "
                f"{reference.by_old_code[code].code}")
    if code.isdigit() and len(code) == 4:
        return f"code commune « {code} » à 4 chiffres (zéro initial perdu ? 0{code})"
    return f"code commune inconnu « {code} »"


def parse_ars_csv(text: str, source: str, reference: CommuneReference,
                  ids: set[str]) -> ArsList:
    """Validate an ARS list given as CSV text (``,`` or ``;`` separated, with a header).

    Raises
    ------
    ArsImportError
        Some rows are bad (unknown establishment or commune code, missing value): every bad row
        is listed with its line number, and nothing is to be written.
    ReferenceDataError
        The header is missing or the file is empty.
    """
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        msg = f"{source} : fichier vide (en-tête attendu « {HEADER} »)"
        raise ReferenceDataError(msg)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    id_col, code_col = _columns(next(reader), source)
    territories: dict[str, set[str]] = defaultdict(set)
    problems: list[str] = []
    rows = duplicates = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        cells = [cell.strip() for cell in row]
        if len(cells) <= max(id_col, code_col):
            problems.append(f"ligne {line} : colonnes manquantes")
            continue
        ident, code = cells[id_col], cells[code_col].upper()
        problem = (f"établissement inconnu « {ident} »" if ident not in ids
                   else _check_code(code, reference))
        if problem:
            problems.append(f"ligne {line} : {problem}")
        elif code in territories[ident]:
            duplicates += 1
        else:
            territories[ident].add(code)
    if problems:
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        msg = (f"{source} : {len(problems)} ligne(s) invalide(s), rien n'a été écrit"
               + (f" ({more} non affichée(s))" if more else ""))
        raise ArsImportError(msg, shown)
    if not rows:
        msg = f"{source} : aucune ligne de données"
        raise ReferenceDataError(msg)
    return ArsList(territories={k: frozenset(v) for k, v in territories.items()}, rows=rows,
                   duplicates=duplicates)


def diff_territories(current: Mapping[str, frozenset[str]],
                     imported: ArsList) -> tuple[TerritoryDiff, ...]:
    """For each establishment of the list: communes added to and removed from its territory."""
    return tuple(
        TerritoryDiff(establishment=ident, added=tuple(sorted(codes - current.get(ident, set()))),
                      removed=tuple(sorted(current.get(ident, frozenset()) - codes)),
                      unchanged=len(codes & current.get(ident, frozenset())))
        for ident, codes in sorted(imported.territories.items()))


def ars_csv_text(ident: str, codes: frozenset[str]) -> str:
    """The content of territories/ars/<ident>.csv for these communes."""
    return HEADER + "\n" + "".join(f"{ident},{code}\n" for code in sorted(codes))


def read_imports(path: Path) -> dict[str, tuple[dt.date, str]]:
    """Each ARS list's import day and source file (territories/ars/imports.toml; {} if absent).

    Raises
    ------
    ReferenceDataError
        The file is malformed (the message names it and the key).
    """
    if not path.exists():
        return {}
    file = TomlFile(path)
    top = Table(file, file.data)
    imports = {}
    for ident in file.data:
        table = top.table(ident)
        table.check_keys(["imported_on", "file"])
        imports[ident] = (table.day("imported_on", REQUIRED), table.text("file", ""))
    return imports


def imports_toml_text(current: Mapping[str, tuple[dt.date, str]]) -> str:
    """The content of territories/ars/imports.toml: for each id, (import day, source file)."""
    lines = ["# Écrit par « hadcoord territories import » : date d'import de chaque liste de "
             "l'ARS.\n"]
    for ident, (day, source) in sorted(current.items()):
        escaped = source.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'\n["{ident}"]\nimported_on = {day.isoformat()}\nfile = "{escaped}"\n')
    return "".join(lines)
