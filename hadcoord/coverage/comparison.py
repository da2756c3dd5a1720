"""A scenario's result against the situation without it (or against another scenario).

« +N habitants couverts (+M communes) », the per-department table, and the communes whose
status changes (authorised HAD / derogation to ask / convention). Pure: plain values in and out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hadcoord.coverage.model import Scenario
from hadcoord.coverage.options import CoverageEngine
from hadcoord.coverage.results import MatchStatus
from hadcoord.coverage.summary import CoverageSummary, coverage_summary
from hadcoord.wording.formats import signed

STATUS_LABELS = {
    MatchStatus.AUTHORISED_HAD: "HAD autorisée",
    MatchStatus.DEROGATION_NEEDED: "dérogation à demander",
    MatchStatus.CONVENTION_NEEDED: "convention à établir",
    MatchStatus.NOT_COVERED_BY_DATASET: "hors zone étudiée",
}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The studied area on ``day`` under a scenario (None: the situation of reference)."""

    day: dt.date
    scenario: Scenario | None
    summary: CoverageSummary
    statuses: Mapping[str, MatchStatus]  # every studied commune

    @property
    def title(self) -> str:
        """The scenario's title, or « Situation actuelle »."""
        return self.scenario.title if self.scenario else "Situation actuelle"


@dataclass(frozen=True, slots=True)
class DepartmentDiff:
    """One department before and after: population and communes without an authorised HAD."""

    key: str
    name: str
    population: int
    population_without_before: int
    population_without_after: int
    communes_without_before: int
    communes_without_after: int

    @property
    def population_covered(self) -> int:
        """Inhabitants newly covered (negative: coverage lost)."""
        return self.population_without_before - self.population_without_after

    @property
    def communes_covered(self) -> int:
        """Communes newly covered (negative: coverage lost)."""
        return self.communes_without_before - self.communes_without_after


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A commune whose status differs between the two evaluations."""

    code: str
    name: str
    department: str
    population: int
    before: MatchStatus
    after: MatchStatus


@dataclass(frozen=True, slots=True)
class Comparison:
    """``after`` against ``before`` (usually: a scenario against the situation without it)."""

    before: Evaluation
    after: Evaluation
    departments: tuple[DepartmentDiff, ...]
    changed: tuple[StatusChange, ...]

    @property
    def population_covered(self) -> int:
        """Inhabitants with an authorised HAD after and not before (negative: lost)."""
        return (self.before.summary.total.population_without
                - self.after.summary.total.population_without)

    @property
    def communes_covered(self) -> int:
        """Communes with an authorised HAD after and not before (negative: lost)."""
        return (self.before.summary.total.communes_without
                - self.after.summary.total.communes_without)

    @property
    def headline(self) -> str:
        """« +12 345 habitants couverts (+67 communes) » (French grouping, signed)."""
        return (f"{signed(self.population_covered)} habitants couverts "
                f"({signed(self.communes_covered)} communes)")

    def affected(self, commune_codes: Iterable[str]) -> int:
        """How many of ``commune_codes`` (one per pathway, repeats counted) change status."""
        moved = {change.code for change in self.changed}
        return sum(1 for code in commune_codes if code in moved)


def evaluate(engine: CoverageEngine, day: dt.date, scenario: Scenario | None) -> Evaluation:
    """The summary and each studied commune's status on ``day`` under ``scenario``.

    ``scenario`` need not be a file of territories/scenarios/ (an editor's draft).
    """
    scoped = engine.with_scenario(scenario) if scenario is not None else engine
    ident = scenario.id if scenario is not None else None
    statuses = {code: scoped.status(code, day, ident) for code in sorted(engine.catalogue.studied)}
    return Evaluation(day, scenario, coverage_summary(scoped, day, ident), statuses)


def compare(before: Evaluation, after: Evaluation, engine: CoverageEngine) -> Comparison:
    """What changes from ``before`` to ``after``; communes most populated first."""
    by_code = engine.catalogue.reference.by_code
    rows_before = {t.key: t for t in before.summary.departments}
    departments = tuple(
        DepartmentDiff(t.key, t.name, t.population, rows_before[t.key].population_without,
                       t.population_without, rows_before[t.key].communes_without,
                       t.communes_without)
        for t in after.summary.departments if t.key in rows_before)
    changed = sorted(
        (StatusChange(code, by_code[code].name, by_code[code].department,
                      by_code[code].population, status, after.statuses[code])
         for code, status in before.statuses.items()
         if code in after.statuses and after.statuses[code] is not status),
        key=lambda c: (-c.population, c.code))
    return Comparison(before, after, departments, tuple(changed))
