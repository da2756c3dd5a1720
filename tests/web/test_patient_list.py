"""The patient list (issues 14 and 19): its cost does not grow with the number of patients;
search, filters, sort and pagination, with bad input falling back to the defaults."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from hadcoord import clock
from hadcoord.clock import FrozenClock
from hadcoord.store import Patient
from tests.support.patients import patient_starting
from tests.support.web import NURSE_HAD, ClientAs, Sessions, page_text

OTHER_HAD = "had-clinique-font-redonde"
LIST_ALL = "/patients/?filtre=tous"


def add_patients(sessions: Sessions, count: int, *, first: int = 0, started_days_ago: int = 12,
                 had: str = NURSE_HAD) -> None:
    """``count`` MRD patients whose cycle 1 started ``started_days_ago`` days ago."""
    start = dt.datetime.combine(clock.today() - dt.timedelta(days=started_days_ago), dt.time(10))
    with sessions() as session:
        for number in range(first, first + count):
            patient_starting(session, f"P-L{number:04d}", had, start)
        session.commit()


def rows(text: str) -> list[str]:
    """The references listed in the table, in order."""
    return re.findall(r"<td>(P-[A-Z0-9]+)", text)


def test_sql_statements_do_not_grow_with_the_patients(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: ClientAs,
        statements: list[str]) -> None:
    coordinator = client_as("coordinator")
    add_patients(sessions, 5)
    coordinator.get(LIST_ALL)  # stores the new plans' ranges once
    statements.clear()
    assert len(rows(page_text(coordinator.get(LIST_ALL)))) == 5
    at_five = len(statements)
    add_patients(sessions, 55, first=5)
    coordinator.get(LIST_ALL)
    statements.clear()
    assert len(rows(page_text(coordinator.get(LIST_ALL)))) == 50  # the first page
    assert len(statements) == at_five, statements


def test_fifty_a_page_with_accessible_links(frozen_clock: FrozenClock, sessions: Sessions,
                                            client_as: ClientAs) -> None:
    add_patients(sessions, 60)
    coordinator = client_as("coordinator")
    first = page_text(coordinator.get(LIST_ALL))
    assert rows(first) == [f"P-L{n:04d}" for n in range(50)]  # sorted by name (same), then id
    assert "60 patients — 1 à 50 affichés" in first
    assert 'aria-label="Pages de la liste des patients"' in first
    assert "Page 1 sur 2" in first
    assert re.search(r'href="[^"]*page=2[^"]*" rel="next">Page suivante<', first)
    assert 'aria-current="page" aria-label="Page 1, page actuelle"' in first
    second = page_text(coordinator.get(f"{LIST_ALL}&page=2"))
    assert rows(second) == [f"P-L{n:04d}" for n in range(50, 60)]
    assert "Page précédente" in second
    assert "Page suivante" not in second
    beyond = coordinator.get(f"{LIST_ALL}&page=9")
    assert beyond.status_code == 200
    assert "Aucun patient." in page_text(beyond)


def test_filters_en_cours_a_domicile_termines(frozen_clock: FrozenClock, sessions: Sessions,
                                              client_as: ClientAs) -> None:
    add_patients(sessions, 1, first=0, started_days_ago=12)     # at home (MRD: home from day 4)
    add_patients(sessions, 1, first=1, started_days_ago=300)    # ended: archived, kept
    add_patients(sessions, 1, first=2, started_days_ago=-10)    # starts in 10 days
    add_patients(sessions, 1, first=3, started_days_ago=1)      # in hospital (first 3 days)
    coordinator = client_as("coordinator")
    default = page_text(coordinator.get("/patients/"))
    assert rows(default) == ["P-L0000", "P-L0002", "P-L0003"]  # « en cours » by default
    assert rows(page_text(coordinator.get("/patients/?filtre=a_domicile"))) == ["P-L0000"]
    ended = page_text(coordinator.get("/patients/?filtre=termines"))
    assert rows(ended) == ["P-L0001"]
    assert "terminé" in ended
    everything = page_text(coordinator.get(LIST_ALL))
    for state in ("à domicile", "terminé", "programmé", "en cours"):
        assert f"<td>{state}</td>" in everything, state


def test_search_by_name_reference_commune_had_and_state(
        frozen_clock: FrozenClock, sessions: Sessions, client_as: ClientAs) -> None:
    add_patients(sessions, 2, first=0)                        # Figeac, HAD of Cahors
    add_patients(sessions, 1, first=2, had=OTHER_HAD, started_days_ago=300)
    with sessions() as session:
        patient = session.query(Patient).filter_by(reference="P-L0001").one()
        patient.last_name, patient.commune_code = "DURAND-ÉLOI", "12202"  # Rodez
        session.commit()
    coordinator = client_as("coordinator")

    def found(text: str) -> list[str]:
        return rows(page_text(coordinator.get("/patients/", query_string={
            "q": text, "filtre": "tous"})))

    assert found("durand") == ["P-L0001"]
    assert found("p-l0002") == ["P-L0002"]
    assert found("rodez") == ["P-L0001"]
    assert found("Font-Redonde") == ["P-L0002"]          # the HAD's name
    assert found("terminé") == ["P-L0002"]               # the state
    assert found("à domicile") == ["P-L0001", "P-L0000"]  # DURAND before FICTIF
    assert found("%") == []                              # a literal, not a wildcard
    assert found("x" * 500) == []                        # bounded, no error


@pytest.mark.parametrize("args", ["page=abc", "page=-3", "filtre=nimporte", "tri=password",
                                  "page=99999999999999999999"])
def test_bad_parameters_fall_back_to_the_defaults(frozen_clock: FrozenClock,
                                                  sessions: Sessions, client_as: ClientAs,
                                                  args: str) -> None:
    add_patients(sessions, 2)
    response = client_as("coordinator").get(f"/patients/?{args}")
    assert response.status_code == 200
    assert rows(page_text(response)) == ["P-L0000", "P-L0001"]


def test_sorted_by_reference_or_start(frozen_clock: FrozenClock, sessions: Sessions,
                                      client_as: ClientAs) -> None:
    add_patients(sessions, 1, first=1, started_days_ago=5)
    add_patients(sessions, 1, first=0, started_days_ago=2)
    coordinator = client_as("coordinator")
    assert rows(page_text(coordinator.get("/patients/?tri=reference"))) == ["P-L0000", "P-L0001"]
    assert rows(page_text(coordinator.get("/patients/?tri=debut"))) == ["P-L0001", "P-L0000"]


def test_a_nurse_lists_her_had_only(frozen_clock: FrozenClock, sessions: Sessions,
                                    client_as: ClientAs) -> None:
    add_patients(sessions, 1, first=0)
    add_patients(sessions, 1, first=1, had=OTHER_HAD)
    assert rows(page_text(client_as("had_nurse").get(LIST_ALL))) == ["P-L0000"]
