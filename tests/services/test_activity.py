"""Issue 14, activity figures: per HAD and month, counted from plain values (no Flask, no
database): patients taken, home days, day-hospital visits, derogations and conventions
requested/accepted, bed-days freed; the ARS's small counts masked; the CSV names no patient."""

from __future__ import annotations

import datetime as dt

from hadcoord.services.activity import (
    CONVENTION,
    PathwayActivity,
    RequestFact,
    activity_csv,
    by_had,
    monthly,
    patients_shown,
    totals,
)
from hadcoord.vocabulary import RequestKind

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def days(first: dt.date, count: int) -> tuple[dt.date, ...]:
    return tuple(first + dt.timedelta(days=n) for n in range(count))


PATHWAYS = [
    # Home from 25 January to 12 February (19 infusion days), 5 day-hospital visits.
    PathwayActivity(1, "had-ch-montauban", days(dt.date(2026, 1, 25), 19),
                    (dt.date(2026, 1, 26), dt.date(2026, 1, 29), dt.date(2026, 2, 2),
                     dt.date(2026, 2, 5), dt.date(2026, 2, 9))),
    PathwayActivity(2, "had-ch-montauban", days(dt.date(2026, 2, 10), 5), ()),
    PathwayActivity(3, None, days(dt.date(2026, 2, 20), 3), (dt.date(2026, 2, 21),)),
]
REQUESTS = [
    RequestFact(RequestKind.DEROGATION, "had-ch-albi", dt.date(2026, 1, 20), dt.date(2026, 2, 3)),
    RequestFact(RequestKind.DEROGATION, "had-ch-albi", dt.date(2026, 2, 10)),
    RequestFact(RequestKind.CONVENTION, None, dt.date(2026, 1, 5), dt.date(2026, 1, 30)),
]


def test_figures_per_had_and_month() -> None:
    rows = monthly(PATHWAYS, REQUESTS, JAN, dt.date(2026, 2, 28))
    table = {(r.had, r.month): r for r in rows}
    january = table["had-ch-montauban", JAN]
    february = table["had-ch-montauban", FEB]
    assert (len(january.patients), january.home_days, january.day_hospital_visits) == (1, 7, 2)
    assert (len(february.patients), february.home_days, february.day_hospital_visits) == (2, 17, 3)
    assert february.bed_days_freed == february.home_days == 17
    albi_jan, albi_feb = table["had-ch-albi", JAN], table["had-ch-albi", FEB]
    assert (albi_jan.derogations_requested, albi_jan.derogations_accepted) == (1, 0)
    assert (albi_feb.derogations_requested, albi_feb.derogations_accepted) == (1, 1)
    convention = table[CONVENTION, JAN]
    assert (convention.conventions_requested, convention.conventions_accepted) == (1, 1)
    assert table[CONVENTION, FEB].home_days == 3


def test_the_period_bounds_what_is_counted() -> None:
    rows = monthly(PATHWAYS, REQUESTS, FEB, dt.date(2026, 2, 28))
    assert all(r.month == FEB for r in rows)
    assert sum(r.home_days for r in rows) == 12 + 5 + 3


def test_totals_count_each_patient_once() -> None:
    rows = by_had(monthly(PATHWAYS, REQUESTS, JAN, dt.date(2026, 2, 28)))["had-ch-montauban"]
    total = totals(rows, "had-ch-montauban")
    assert len(total.patients) == 2  # patient 1 in January and February: once
    assert total.home_days == 24
    assert total.bed_days_freed == 24


def test_the_ars_sees_small_counts_masked_and_the_csv_names_no_patient() -> None:
    rows = monthly(PATHWAYS, REQUESTS, JAN, dt.date(2026, 2, 28))
    february = next(r for r in rows if r.had == "had-ch-montauban" and r.month == FEB)
    assert patients_shown(february, masked=True) == "< 5"
    assert patients_shown(february, masked=False) == "2"
    text = activity_csv(rows, {"had-ch-montauban": "HAD du CH de Montauban"},
                        masked=True).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("HAD;mois;patients pris en charge")
    assert "HAD du CH de Montauban;02/2026;< 5;17;3;0;0;0;0;17" in text
