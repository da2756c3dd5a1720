"""/api/match: the same answer as `hadcoord match --json`, French errors with the right status."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from hadcoord.cli import main

MOISSAC = "82112"


def cli_match(*args: str) -> object:
    result = CliRunner().invoke(main, ["match", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("query", "cli_args"),
    [
        ("commune=12202&date=2017-01-15", ["12202", "--date", "2017-01-15"]),
        ("commune=Rodez&date=2017-01-15", ["Rodez", "--date", "2017-01-15"]),
        (f"commune={MOISSAC}&date=2018-09-03&scenario=moissac-associated-montauban",
         [MOISSAC, "--date", "2018-09-03", "--scenario", "moissac-associated-montauban"]),
    ],
)
def test_same_json_as_the_cli(client_as: Callable[[str], FlaskClient], query: str,
                              cli_args: list[str]) -> None:
    response = client_as("coordinator").get(f"/api/match?{query}")
    assert response.status_code == 200
    assert response.get_json() == cli_match(*cli_args)


def test_scenario_changes_the_answer(client_as: Callable[[str], FlaskClient]) -> None:
    client = client_as("ars")
    base = client.get(f"/api/match?commune={MOISSAC}&date=2018-09-03").get_json()
    changed = client.get(f"/api/match?commune={MOISSAC}&date=2018-09-03"
                         "&scenario=moissac-associated-montauban").get_json()
    assert base["status"] != "authorised_had"
    assert changed["status"] == "authorised_had"
    assert changed["scenario"] == "moissac-associated-montauban"
    assert changed["options"][0]["authorisation_basis"] == "associated"


def test_default_date_is_today(client_as: Callable[[str], FlaskClient]) -> None:
    answer = client_as("admin").get("/api/match?commune=12202").get_json()
    assert answer == cli_match("12202")


def test_homonyms_are_a_conflict(client_as: Callable[[str], FlaskClient]) -> None:
    response = client_as("coordinator").get("/api/match?commune=Villeneuve")
    body = response.get_json()
    assert response.status_code == 409
    assert "plusieurs communes" in body["error"]
    assert any("INSEE 12301" in c for c in body["candidates"])
    assert any("INSEE 09335" in c for c in body["candidates"])


def test_unknown_commune_gives_suggestions(client_as: Callable[[str], FlaskClient]) -> None:
    response = client_as("coordinator").get("/api/match?commune=Tolosa%20de%20Llenguadoc")
    body = response.get_json()
    assert response.status_code == 404
    assert "aucune commune d'Occitanie" in body["error"]
    assert isinstance(body["suggestions"], list)
    assert body["suggestions"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("commune=12202&date=2017-02-30", "date invalide « 2017-02-30 »"),
        ("commune=12202&scenario=inconnu", "scénario inconnu « inconnu »"),
        ("commune=%20", "paramètre « commune » manquant"),
        ("", "paramètre « commune » manquant"),
    ],
)
def test_bad_input_is_a_400_in_french(client_as: Callable[[str], FlaskClient], query: str,
                                      message: str) -> None:
    response = client_as("coordinator").get(f"/api/match?{query}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]
