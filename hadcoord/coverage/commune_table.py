"""Each studied commune's status as rows of a table: the map's information without the map.

RGAA 4.1 / WCAG 2.1 (1.1.1, 2.1.1): what the coverage map shows by colour — whether a commune
has an authorised HAD, needs a derogation or a convention — is also given as text, department
by department, reachable by keyboard and read by a screen reader (issue 15).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hadcoord.coverage.comparison import STATUS_LABELS
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import MatchStatus


@dataclass(frozen=True, slots=True)
class CommuneRow:
    """One commune: its status in words and the HADs whose territory includes it."""

    code: str
    name: str
    population: int
    status: MatchStatus
    status_label: str
    territory_hads: tuple[str, ...]  # names, authorised or not
    authorised_hads: tuple[str, ...]  # those of them authorised for chemotherapy at home


def studied_departments(engine: CoverageEngine) -> list[tuple[str, str]]:
    """(code, name) of each department with studied communes, in code order."""
    by_code = engine.catalogue.reference.by_code
    found = {by_code[c].department: by_code[c].department_name for c in engine.catalogue.studied}
    return sorted(found.items())


def commune_rows(engine: CoverageEngine, day: dt.date, scenario: str | None,
                 department: str) -> list[CommuneRow]:
    """The studied communes of ``department`` on ``day`` under ``scenario``, by name."""
    catalogue = engine.catalogue
    state = engine.state(day, scenario)
    rows = []
    for code in catalogue.studied:
        commune = catalogue.reference.by_code[code]
        if commune.department != department:
            continue
        covering = state.covering.get(code, ())
        status = engine.status(code, day, scenario)
        rows.append(CommuneRow(
            code=code, name=commune.name, population=commune.population, status=status,
            status_label=STATUS_LABELS[status],
            territory_hads=tuple(state.establishments[i].name for i in covering),
            authorised_hads=tuple(state.establishments[i].name for i in covering
                                  if i in state.authorised)))
    return sorted(rows, key=lambda row: (row.name, row.code))
