"""The patient list: searched, filtered, sorted and paginated in SQL (one page, one query).

The state of each patient (à planifier, programmé, en cours, à domicile, terminé…) comes from
the stored plan range (``services/plan_store``), so the list never rebuilds a plan nor loads a
pathway per patient. Ended pathways stay in the database: « terminés » lists them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, literal, or_, select
from sqlalchemy.orm import Session, contains_eager

from hadcoord.geo.normalize import normalize_name
from hadcoord.store import Pathway, Patient, Role, User
from hadcoord.store.plans import PlanHomePeriod, PlanSummary
from hadcoord.wording import labels

PAGE_SIZE = 50
ListSelect = Select[Patient, str, int]
MAX_QUERY_LENGTH = 100
FILTERS = ("en_cours", "a_domicile", "termines", "tous")
SORTS = {"nom": (Patient.last_name, Patient.first_name, Patient.id),
         "reference": (Patient.reference, Patient.id),
         "debut": (Pathway.cycle1_start, Patient.last_name, Patient.id)}
# The states a filter keeps (« en cours »: every pathway not ended, those still to plan too).
FILTER_STATES: Mapping[str, tuple[str, ...]] = {
    "en_cours": ("no_pathway", "to_plan", "refused", "upcoming", "in_treatment", "at_home"),
    "a_domicile": ("at_home",),
    "termines": ("ended",),
}


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the user asked: search text, filter, sort and page (already validated)."""

    text: str = ""
    filter: str = "en_cours"
    sort: str = "nom"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListQuery:
        """From the query string; an unknown filter, sort or page falls back to its default."""
        page = args.get("page", "1")
        return cls(text=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
                   filter=args.get("filtre", "") if args.get("filtre") in FILTERS else "en_cours",
                   sort=args.get("tri", "") if args.get("tri") in SORTS else "nom",
                   page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1)


@dataclass(frozen=True, slots=True)
class Row:
    """One patient of the page, with the pathway (or None) and its state."""

    patient: Patient
    pathway: Pathway | None
    state: str

    @property
    def state_label(self) -> str:
        """The state as the coordinator reads it."""
        return labels.PATIENT_STATE[self.state]


@dataclass(frozen=True, slots=True)
class PatientPage:
    """One page of the list and where it sits in the whole."""

    rows: Sequence[Row]
    total: int
    query: ListQuery

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one)."""
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def first(self) -> int:
        """The position of the page's first row (1-based; 0 on an empty list)."""
        return (self.query.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The position of the page's last row."""
        return self.first + len(self.rows) - 1 if self.rows else 0


def state_expression(today: dt.date) -> ColumnElement[str]:
    """The patient's state on ``today`` as a SQL CASE over the pathway and its stored plan."""
    at_home = exists(select(PlanHomePeriod.id).where(
        PlanHomePeriod.pathway_id == Pathway.id, PlanHomePeriod.first_day <= today,
        PlanHomePeriod.last_day >= today))
    return case(
        (Pathway.id.is_(None), literal("no_pathway")),
        (or_(Pathway.cycle1_start.is_(None), PlanSummary.pathway_id.is_(None)),
         literal("to_plan")),
        (PlanSummary.error != "", literal("refused")),
        (PlanSummary.last_day < today, literal("ended")),
        (PlanSummary.first_day > today, literal("upcoming")),
        (at_home, literal("at_home")),
        else_=literal("in_treatment"))


def normalised_names(names: Mapping[str, str]) -> dict[str, str]:
    """Each key's name normalised as the search compares it (case, accents, « St »)."""
    return {key: normalize_name(name) for key, name in names.items()}


def _matching(text: str, names: Mapping[str, str]) -> list[str]:
    """The keys whose normalised name contains ``text`` normalised."""
    wanted = normalize_name(text)
    return [key for key, name in names.items() if wanted and wanted in name]


def _search(text: str, state: ColumnElement[str], communes: Mapping[str, str],
            hads: Mapping[str, str]) -> ColumnElement[bool]:
    """Name, first name, reference, commune (name or code), HAD name or state label."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    conditions: list[ColumnElement[bool]] = [
        column.ilike(pattern, escape="\\") for column in (
            Patient.last_name, Patient.first_name, Patient.reference, Patient.commune_code)]
    conditions.append((Patient.last_name + " " + Patient.first_name).ilike(pattern, escape="\\"))
    if codes := _matching(text, communes):
        conditions.append(Patient.commune_code.in_(codes))
    if ids := _matching(text, hads):
        conditions.append(Pathway.had_establishment_id.in_(ids))
    if states := _matching(text, normalised_names(labels.PATIENT_STATE)):
        conditions.append(state.in_(states))
    return or_(*conditions)


def _visible(query: ListSelect, user: User) -> ListSelect:
    if user.role == Role.HAD_NURSE:
        return query.where(Pathway.had_establishment_id == user.had_establishment_id)
    if user.role != Role.COORDINATOR:
        return query.where(false())
    return query


def patient_page(session: Session, user: User, query: ListQuery, today: dt.date, *,
                 communes: Mapping[str, str], hads: Mapping[str, str]) -> PatientPage:
    """One page of the patients ``user`` may list, in one SQL query (the total by a window).

    ``communes`` and ``hads`` name the INSEE codes and HAD ids the search looks into, their
    names normalised (``normalised_names``).
    The caller refreshes the stored plans first (``plan_store.refresh_stale``).
    """
    state = state_expression(today).label("state")
    select_ = (select(Patient, state, func.count().over().label("total"))
               .outerjoin(Patient.pathway)
               .outerjoin(PlanSummary, and_(PlanSummary.pathway_id == Pathway.id))
               .options(contains_eager(Patient.pathway)))
    select_ = _visible(select_, user)
    if query.text:
        select_ = select_.where(_search(query.text, state_expression(today), communes, hads))
    if query.filter in FILTER_STATES:
        select_ = select_.where(state_expression(today).in_(FILTER_STATES[query.filter]))
    select_ = select_.order_by(*SORTS[query.sort]).limit(PAGE_SIZE).offset(
        (query.page - 1) * PAGE_SIZE)
    result = session.execute(select_).all()
    rows = [Row(patient, patient.pathway, row_state) for patient, row_state, _ in result]
    total = result[0][2] if result else _count_beyond(session, query, select_)
    return PatientPage(rows, total, query)


def _count_beyond(session: Session, query: ListQuery, select_: ListSelect
                  ) -> int:
    """The total when the page asked is past the end (no row carries it): a second query."""
    if query.page == 1:
        return 0
    counted = select_.limit(None).offset(None).order_by(None).with_only_columns(
        func.count(Patient.id.distinct()))
    return session.scalar(counted) or 0


def page_numbers(page: PatientPage, around: int = 2) -> Collection[int | None]:
    """The page links to show: first, last, and ``around`` each side (None: an ellipsis)."""
    shown = sorted({1, page.pages, *range(max(1, page.query.page - around),
                                          min(page.pages, page.query.page + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
