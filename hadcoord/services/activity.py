"""Activity figures per HAD and per month (issue 14): pure computation, no Flask, no database.

Patients taken, home days, day-hospital visits, derogations and conventions requested and
accepted, bed-days freed. The caller (``activity_query``) gathers the facts of each pathway
(its plan's days, its timeline's requests) as plain values; this module only counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hadcoord.vocabulary import RequestKind
from hadcoord.wording import formats

# Below this many patients a cell shown to the ARS reads « < 5 »: a small-count caution (a
# month, an HAD and one or two patients could point at a person). A choice of this project, not
# a published rule (the SNDS masks 1 to 10).
SMALL_COUNT = 5
CONVENTION = "convention"  # the row of pathways without an HAD (convention: nurses + provider)


@dataclass(frozen=True, slots=True)
class PathwayActivity:
    """What one pathway did: its HAD (None: a convention), days at home and at the HDJ."""

    patient_id: int
    had: str | None
    home_days: tuple[dt.date, ...]
    day_hospital_days: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class RequestFact:
    """A derogation or convention asked for (``accepted``: the day the answer said yes)."""

    kind: RequestKind
    had: str | None
    requested_on: dt.date
    accepted_on: dt.date | None = None


@dataclass(slots=True)
class MonthFigures:
    """The figures of one HAD (or the convention row) over one month (``month``: its 1st day).

    Bed-days freed: the thesis (discussion « Organisation de la prise en charge »; docs
    domain.md) argues for HAD because IUCT-O's 18 acute-leukaemia beds are awaited up to 3
    weeks. Without HAD the patient spends the whole 28-day infusion in the ward, so each
    infusion day at home (a day of the plan's daily home check) is one bed-day freed; the
    treatment-free days (29 to 42) are not counted: the patient would be at home anyway.
    """

    had: str
    month: dt.date
    patients: set[int] = field(default_factory=set)
    home_days: int = 0
    day_hospital_visits: int = 0
    derogations_requested: int = 0
    derogations_accepted: int = 0
    conventions_requested: int = 0
    conventions_accepted: int = 0

    @property
    def bed_days_freed(self) -> int:
        """Home infusion days: each one a day the patient would have spent in the ward."""
        return self.home_days


def month_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


class _Table:
    """The rows being counted, one per (HAD, month), within [first, last]."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first, self.last = first, last
        self.rows: dict[tuple[str, dt.date], MonthFigures] = {}

    def row(self, had: str | None, day: dt.date) -> MonthFigures | None:
        """The row of ``had`` for ``day``'s month, None when ``day`` is outside the period."""
        if not self.first <= day <= self.last:
            return None
        key = (had or CONVENTION, month_of(day))
        return self.rows.setdefault(key, MonthFigures(*key))

    def add(self, had: str | None, day: dt.date | None, name: str) -> None:
        """Count one more ``name`` for ``had`` on ``day`` (nothing outside the period)."""
        figures = self.row(had, day) if day is not None else None
        if figures is not None:
            setattr(figures, name, getattr(figures, name) + 1)


def monthly(pathways: Iterable[PathwayActivity], requests: Iterable[RequestFact],
            first: dt.date, last: dt.date) -> list[MonthFigures]:
    """The figures per HAD and month over [first, last], sorted by HAD then month."""
    table = _Table(first, last)
    for pathway in pathways:
        for day in pathway.home_days:
            table.add(pathway.had, day, "home_days")
            figures = table.row(pathway.had, day)
            if figures is not None:
                figures.patients.add(pathway.patient_id)
        for day in pathway.day_hospital_days:
            table.add(pathway.had, day, "day_hospital_visits")
    for request in requests:
        kind = "derogations" if request.kind == RequestKind.DEROGATION else "conventions"
        table.add(request.had, request.requested_on, f"{kind}_requested")
        table.add(request.had, request.accepted_on, f"{kind}_accepted")
    return sorted(table.rows.values(), key=lambda r: (r.had, r.month))


def totals(rows: Sequence[MonthFigures], label: str) -> MonthFigures:
    """The sum of ``rows`` (patients counted once each) under ``label``."""
    total = MonthFigures(label, rows[0].month if rows else dt.date.min)
    for figures in rows:
        total.patients |= figures.patients
        for name in ("home_days", "day_hospital_visits", "derogations_requested",
                     "derogations_accepted", "conventions_requested", "conventions_accepted"):
            setattr(total, name, getattr(total, name) + getattr(figures, name))
    return total


def by_had(rows: Sequence[MonthFigures]) -> dict[str, list[MonthFigures]]:
    """The rows grouped by HAD (the order of ``rows``)."""
    groups: dict[str, list[MonthFigures]] = defaultdict(list)
    for figures in rows:
        groups[figures.had].append(figures)
    return dict(groups)


def patients_shown(figures: MonthFigures, *, masked: bool) -> str:
    """The patients count as shown: « < 5 » for 1 to 4 when ``masked`` (the ARS's view)."""
    count = len(figures.patients)
    if masked and 0 < count < SMALL_COUNT:
        return f"< {SMALL_COUNT}"
    return formats.integer(count)


CSV_HEADER = ("HAD", "mois", "patients pris en charge", "journées à domicile",
              "venues en hôpital de jour", "dérogations demandées", "dérogations accordées",
              "conventions demandées", "conventions validées", "journées-lit libérées")


def activity_csv(rows: Iterable[MonthFigures], names: Mapping[str, str], *,
                 masked: bool) -> bytes:
    """The figures as CSV for French spreadsheets (``;``, UTF-8 with BOM); no patient at all."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for figures in rows:
        writer.writerow((names.get(figures.had, figures.had), f"{figures.month:%m/%Y}",
                         patients_shown(figures, masked=masked), figures.home_days,
                         figures.day_hospital_visits, figures.derogations_requested,
                         figures.derogations_accepted, figures.conventions_requested,
                         figures.conventions_accepted, figures.bed_days_freed))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

