"""Pages whose cost follows what they show, not the history (issue 19): the dashboard, the
pharmacy list and the nurse's rounds load only the pathways active in their window, in the
same number of SQL statements with 5 or 520 ended pathways (the selectin batches of 500 grew
with the history before)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select

from hadcoord import clock
from hadcoord.clock import FrozenClock
from hadcoord.store import Pathway
from tests.support.patients import patient_starting
from tests.support.web import NURSE_HAD, ClientAs, Sessions

PAGES = [("coordinator", "/tableau-de-bord"), ("pharmacist", "/pharmacie/"),
         ("had_nurse", "/surveillance/tournee"), ("coordinator", "/patients/"),
         # The pharmacy over four weeks: one query for the period, not one per production day.
         ("pharmacist", "/pharmacie/?from={today}&to={in_27_days}"),
         ("coordinator", "/patients/{first}/parcours")]
# Pages that show ended pathways too (a full page of 50, sorted, searched), in
# the same statements whatever the history (no query per row shown).
COUNTED = [*PAGES, ("coordinator", "/patients/?filtre=tous"),
           ("coordinator", "/patients/?filtre=termines"),
           ("coordinator", "/patients/?filtre=tous&tri=debut"),
           ("coordinator", "/patients/?q=P-F&filtre=tous")]


def page_path(sessions: Sessions, path: str) -> str:
    """``path`` with today's dates and the first patient's id filled in."""
    with sessions() as session:
        first = session.scalars(select(Pathway.patient_id).order_by(Pathway.id)).first()
    today = clock.today()
    return path.format(first=first, today=today.isoformat(),
                       in_27_days=(today + dt.timedelta(days=27)).isoformat())


def add(sessions: Sessions, count: int, prefix: str, started_days_ago: int) -> None:
    """``count`` patients of the nurse's HAD whose cycle 1 started that many days ago."""
    start = dt.datetime.combine(clock.today() - dt.timedelta(days=started_days_ago), dt.time(10))
    with sessions() as session:
        for number in range(count):
            patient_starting(session, f"{prefix}{number:04d}", NURSE_HAD, start)
        session.commit()


@pytest.fixture
def loaded_pathways() -> Iterator[list[int]]:
    """The ids of the pathways the ORM loads while the test runs."""
    seen: list[int] = []

    def record(target: Pathway, _context: object) -> None:
        seen.append(target.id)

    event.listen(Pathway, "load", record)
    yield seen
    event.remove(Pathway, "load", record)


@pytest.mark.parametrize("page", PAGES)
def test_ended_pathways_are_not_loaded(frozen_clock: FrozenClock, sessions: Sessions,
                                       client_as: ClientAs, loaded_pathways: list[int],
                                       page: tuple[str, str]) -> None:
    role, path = page
    add(sessions, 2, "P-A", started_days_ago=12)    # at home now
    add(sessions, 30, "P-E", started_days_ago=400)  # ended long ago
    client, path = client_as(role), page_path(sessions, path)
    assert client.get(path).status_code == 200  # stores the plans' ranges once
    loaded_pathways.clear()
    assert client.get(path).status_code == 200
    assert len(set(loaded_pathways)) <= 2, sorted(set(loaded_pathways))


@pytest.mark.parametrize("page", COUNTED)
def test_same_sql_count_with_a_longer_history(frozen_clock: FrozenClock, sessions: Sessions,
                                              client_as: ClientAs, statements: list[str],
                                              page: tuple[str, str]) -> None:
    role, path = page
    add(sessions, 2, "P-A", started_days_ago=12)
    add(sessions, 5, "P-E", started_days_ago=400)
    client, path = client_as(role), page_path(sessions, path)
    client.get(path)
    statements.clear()
    assert client.get(path).status_code == 200
    few = len(statements)
    add(sessions, 515, "P-F", started_days_ago=400)
    client.get(path)
    statements.clear()
    assert client.get(path).status_code == 200
    assert len(statements) == few, statements
