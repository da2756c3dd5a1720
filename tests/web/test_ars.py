"""ARS coverage page: figures from the coverage core, scenarios, bad input, no patient data."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from hadcoord import clock
from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.summary import CoverageSummary, coverage_summary
from hadcoord.web.formats import french_integer

MOISSAC = "moissac-associated-montauban"
AFTER = "2018-09-03"  # the scenario's changes are effective from 2018-07-31


def summary(day: str, scenario: str | None = None) -> CoverageSummary:
    engine = default_engine(load_settings(PROJECT_ROOT / "config.toml", environ={}))
    return coverage_summary(engine, dt.date.fromisoformat(day), scenario)


def page(client: FlaskClient, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, html.unescape(response.get_data(as_text=True))


def test_figures_per_department_and_establishment(
        client_as: Callable[[str], FlaskClient]) -> None:
    status, text = page(client_as("ars"), "/ars/?date=2018-01-15")
    expected = summary("2018-01-15")
    assert status == 200
    assert "Situation au <strong>15/01/2018</strong>" in text
    for tally in (*expected.departments, expected.total):
        assert tally.name in text
        assert f"{french_integer(tally.population_without)}</" in text
    assert f"{french_integer(expected.total.population)}</" in text
    assert "\u202f" in french_integer(expected.total.population)  # French thousands separator
    assert "HAD du CH de Cahors" in text
    assert "oui — rattachée à un établissement autorisé (Centre hospitalier de Cahors)" in text


def test_authorisation_follows_the_date(client_as: Callable[[str], FlaskClient]) -> None:
    client = client_as("ars")
    # UDSMA lost its authorisation at the end of Q1 2017 (thesis l. 5215-5221).
    _, before = page(client, "/ars/?date=2017-01-15")
    _, after = page(client, "/ars/?date=2017-06-15")
    assert "<tr><td>UDSMA</td>" in before
    assert before.split("<tr><td>UDSMA</td>")[1].split("</tr>")[0].endswith(
        "oui — fondement non précisé</td>")
    assert after.split("<tr><td>UDSMA</td>")[1].split("</tr>")[0].endswith("non</td>")


def test_scenario_states_the_difference(client_as: Callable[[str], FlaskClient]) -> None:
    status, text = page(client_as("coordinator"), f"/ars/?date={AFTER}&scenario={MOISSAC}")
    gained = (summary(AFTER).total.population_without
              - summary(AFTER, MOISSAC).total.population_without)
    assert status == 200
    assert gained > 0
    assert f"+{french_integer(gained)} habitants couverts" in text
    assert "établissement associé (Centre hospitalier de Montauban)" in text
    assert f"{french_integer(summary(AFTER, MOISSAC).total.population_without)}</" in text


def test_scenario_before_its_changes_makes_no_difference(
        client_as: Callable[[str], FlaskClient]) -> None:
    _, text = page(client_as("ars"), f"/ars/?date=2017-01-15&scenario={MOISSAC}")
    assert "Aucune différence avec la situation sans scénario à cette date" in text
    assert "effectifs à partir du 31/07/2018 (date approximative)" in text


def test_no_scenario_states_no_difference(client_as: Callable[[str], FlaskClient]) -> None:
    _, text = page(client_as("ars"), f"/ars/?date={AFTER}&scenario=")
    assert "habitants couverts" not in text
    assert "scénario : <strong>aucun</strong>" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date=2018-02-30", "Date invalide « 2018-02-30 »"),
        ("date=15/01/2018", "format attendu AAAA-MM-JJ"),
        ("date=2018-01-15&scenario=inconnu", "Scénario inconnu « inconnu »"),
    ],
)
def test_bad_input_shows_no_figures(client_as: Callable[[str], FlaskClient], query: str,
                                    message: str) -> None:
    status, text = page(client_as("ars"), f"/ars/?{query}")
    default = summary(clock.today().isoformat())
    assert status == 400
    assert message in text
    assert "Aucun chiffre n'est affiché" in text
    assert "Zone étudiée" not in text
    assert french_integer(default.total.population_without) not in text


def test_the_page_never_reads_patients(client_as: Callable[[str], FlaskClient],
                                       statements: list[str]) -> None:
    client = client_as("ars")
    statements.clear()
    assert client.get(f"/ars/?date={AFTER}&scenario={MOISSAC}").status_code == 200
    assert statements, "the request should at least load the user"
    assert not [s for s in statements if "patients" in s or "pathways" in s]


def test_navigation_shows_coverage(client_as: Callable[[str], FlaskClient]) -> None:
    assert '<a href="/ars/">Couverture</a>' in client_as("ars").get("/").get_data(as_text=True)
    assert "/ars/" not in client_as("pharmacist").get("/").get_data(as_text=True)
