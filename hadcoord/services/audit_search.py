"""Reading the audit trail: filters, pages and the CSV export for the DPO (no Flask)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.store import AuditEvent
from hadcoord.wording import labels

Query = TypeVar("Query", bound=Select[Any])
INT4_MAX = 2_147_483_647
CSV_HEADER = ("n°", "date (heure de Paris)", "qui", "action", "patient", "page", "détail",
              "adresse du client", "session", "empreinte")


@dataclass(frozen=True)
class AuditFilters:
    """What the reader asked for; None: no filter on that field."""

    user: str | None = None
    patient_id: int | None = None
    action: str | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters (for the pages' links and the CSV link)."""
        args = {"user": self.user or "", "patient": str(self.patient_id or ""),
                "action": self.action or "",
                "from": self.first_day.isoformat() if self.first_day else "",
                "to": self.last_day.isoformat() if self.last_day else ""}
        return {name: value for name, value in args.items() if value}


def _day(raw: str, name: str, errors: dict[str, str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"date « {raw[:20]} » invalide : attendu AAAA-MM-JJ (ex. 2026-12-01)"
        return None


def _patient(raw: str, errors: dict[str, str]) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > INT4_MAX:
        errors["patient"] = f"« {raw[:20]} » n'est pas un numéro de patient (chiffres seuls)"
        return None
    return int(raw)


def read_filters(args: Mapping[str, str]) -> tuple[AuditFilters, dict[str, str]]:
    """The filters of a query string, and a French error per bad field (filter not applied)."""
    errors: dict[str, str] = {}
    user = args.get("user", "").strip()[:254] or None
    action = args.get("action", "").strip() or None
    if action is not None and action not in labels.AUDIT_ACTION:
        errors["action"] = f"action « {action[:40]} » inconnue : choisissez-la dans la liste"
        action = None
    first = _day(args.get("from", "").strip(), "from", errors)
    last = _day(args.get("to", "").strip(), "to", errors)
    if first and last and first > last:
        errors["to"] = "la date de fin précède la date de début"
        last = None
    filters = AuditFilters(user, _patient(args.get("patient", "").strip(), errors), action,
                           first, last)
    return filters, errors


def _filtered(query: Query, filters: AuditFilters) -> Query:
    if filters.user:
        query = query.where(func.lower(AuditEvent.actor).contains(filters.user.lower(),
                                                                 autoescape=True))
    if filters.patient_id is not None:
        query = query.where(AuditEvent.patient_id == filters.patient_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.first_day:
        query = query.where(AuditEvent.at >= _paris_midnight(filters.first_day))
    if filters.last_day:
        query = query.where(AuditEvent.at < _paris_midnight(
            filters.last_day + dt.timedelta(days=1)))
    return query


def _paris_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.zone())


@dataclass(frozen=True)
class AuditPage:
    """One page of events, newest first, and where it sits among all the matching ones."""

    events: list[AuditEvent]
    page: int
    pages: int
    total: int


def page_of(session: Session, filters: AuditFilters, page: int, size: int) -> AuditPage:
    """Page ``page`` (1 = newest) of the events matching ``filters``."""
    total = session.scalar(_filtered(select(func.count(AuditEvent.id)), filters)) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    events = session.scalars(_filtered(select(AuditEvent), filters)
                             .order_by(AuditEvent.seq.desc())
                             .offset((page - 1) * size).limit(size)).all()
    return AuditPage(list(events), page, pages, total)


def _cell(value: str) -> str:
    """Keep a spreadsheet from reading a text cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def matching(session: Session, filters: AuditFilters) -> Iterable[AuditEvent]:
    """Every event matching ``filters``, oldest first (streamed)."""
    query = _filtered(select(AuditEvent), filters).order_by(AuditEvent.seq)
    return session.scalars(query.execution_options(yield_per=1000))


def audit_csv(events: Iterable[AuditEvent]) -> bytes:
    """The events as CSV for French spreadsheets: ``;``, UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for event in events:
        writer.writerow((
            event.seq, f"{clock.to_local(event.at):%d/%m/%Y %H:%M:%S}", _cell(event.actor),
            labels.audit_action(event.action), event.patient_id or "", _cell(event.target),
            _cell(event.detail), event.client, event.session_ref, event.row_hash))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
