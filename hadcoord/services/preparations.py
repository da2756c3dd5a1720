"""The pharmacy's preparation list from the stored pathways: period, plans, CSV export.

The pharmacist sees patient references only: the patients' names are never loaded here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hadcoord import clock
from hadcoord.errors import HadcoordError
from hadcoord.planning import Plan, Protocol
from hadcoord.planning.preparation import PreparationLine, preparation_list
from hadcoord.services.pharmacy_views import modified_lines, record_first_sight
from hadcoord.services.plan_store import scheduled_between
from hadcoord.store import Pathway, User
from hadcoord.wording import formats, labels

CSV_HEADER = ("Jour de préparation", "Patient (référence)", "Cycle",
              "Pose (heure de Paris)", "Fin (heure de Paris)",
              "Durée (h)", "Surremplissage (h)", "Dose (µg/j)",
              "Contenu de la poche (µg)", "Dose délivrée (µg)", "Volume (mL)", "Débit (mL/h)",
              "Lieu de pose", "Posologie", "Modifié depuis la dernière consultation")
DEFAULT_DAYS = 7
# Bounds of a period (issue 11: 9999-12-25 + 7 days overflowed): the years a calendar can hold,
# and at most a year of preparations in one list.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_DAYS = 366


class PreparationPeriodError(HadcoordError, ValueError):
    """The requested period is not a valid pair of dates."""


def _day(text: str, label: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        msg = f"{label} « {text[:20]} » invalide : date attendue au format AAAA-MM-JJ"
        raise PreparationPeriodError(msg) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        msg = f"{label} hors des limites : entre {FIRST_YEAR} et {LAST_YEAR}"
        raise PreparationPeriodError(msg)
    return day


def read_period(args: Mapping[str, str], today: dt.date) -> tuple[dt.date, dt.date]:
    """The ``from``/``to`` dates (default: today and the next 7 days).

    Raises
    ------
    PreparationPeriodError
        A date is malformed or the period is reversed.
    """
    first_text, last_text = args.get("from", "").strip(), args.get("to", "").strip()
    first = _day(first_text, "Date de début") if first_text else today
    last = (_day(last_text, "Date de fin") if last_text
            else first + dt.timedelta(days=DEFAULT_DAYS))
    if (last - first).days > MAX_DAYS:
        msg = f"Période trop longue : {MAX_DAYS} jours au plus"
        raise PreparationPeriodError(msg)
    if last < first:
        msg = (f"Période inversée : la date de fin ({last:%d/%m/%Y}) précède la date de début "
               f"({first:%d/%m/%Y})")
        raise PreparationPeriodError(msg)
    return first, last


@dataclass(frozen=True)
class PharmacyList:
    """The bags to prepare over a period, the refused calendars, the « modifié » lines."""

    lines: tuple[PreparationLine, ...]
    failures: list[str]
    modified: frozenset[tuple[str, str]]
    pairs: list[tuple[Pathway, Plan]]


def pharmacy_list(session: Session, protocol: Protocol, first: dt.date, last: dt.date,
                  user: User) -> PharmacyList:
    """The list as ``user`` sees it; a pharmacist's first sight of a pathway is recorded.

    Raises
    ------
    PlanningError
        The period is reversed.
    """
    pairs, failures = scheduled_between(session, protocol, first, last, references_only=True)
    lines = preparation_list([(pathway.patient.reference, plan) for pathway, plan in pairs],
                             first, last)
    modified = modified_lines(session, pairs, lines)
    record_first_sight(session, pairs, user)
    return PharmacyList(lines, failures, modified, pairs)


def scheduled_plans(session: Session, protocol: Protocol, first: dt.date, last: dt.date
                    ) -> tuple[list[tuple[str, Plan]], list[str]]:
    """(reference, plan) of the pathways with bags to prepare in [first, last], the failures.

    Only the pathways whose stored plan touches the period are planned.
    """
    pairs, failures = scheduled_between(session, protocol, first, last, references_only=True)
    return [(pathway.patient.reference, plan) for pathway, plan in pairs], failures


def _text_cell(value: str) -> str:
    """Keep a spreadsheet from reading a text cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def preparation_csv(lines: Iterable[PreparationLine],
                    modified: Collection[tuple[str, str]] = ()) -> bytes:
    """The list as CSV for French spreadsheets: ``;``, decimal comma, UTF-8 with BOM.

    ``modified``: the (reference, start) of the lines flagged « modifié ».
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for line in lines:
        writer.writerow((
            f"{line.prepared_on:%d/%m/%Y}", _text_cell(line.patient), line.cycle,
            f"{clock.to_local(line.start):%d/%m/%Y %H:%M}",
            f"{clock.to_local(line.end):%d/%m/%Y %H:%M}", line.hours,
            line.overfill_hours, formats.decimal(line.dose_ug_per_day), formats.decimal(line.ug),
            formats.decimal(line.delivered_ug), formats.decimal(line.ml),
            formats.decimal(line.rate_ml_per_h), labels.PLACE[line.hung_at], line.dosing,
            "modifié" if (line.patient, line.start.isoformat()) in modified else ""))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
