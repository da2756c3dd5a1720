"""/api/match: the same answer as `hadcoord match --json`, French errors with the right status."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from hadcoord.cli import main
from hadcoord.geo import CommuneReference
from hadcoord.services import rate_limit

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


def test_homonyms_are_multiple_choices(client_as: Callable[[str], FlaskClient]) -> None:
    client = client_as("coordinator")
    response = client.get("/api/match?commune=Villeneuve&date=2017-01-15")
    body = response.get_json()
    assert response.status_code == 300
    assert "plusieurs communes" in body["error"]
    labels = [c["label"] for c in body["candidates"]]
    assert any("INSEE 12301" in label for label in labels)
    assert any("INSEE 09335" in label for label in labels)
    # Each candidate is one request away, by its INSEE code, keeping the other parameters.
    chosen = next(c for c in body["candidates"] if c["code"] == "12301")
    assert chosen["department"] == "12"
    assert chosen["url"] == "/api/match?date=2017-01-15&code=12301"
    assert client.get(chosen["url"]).get_json()["commune"]["code"] == "12301"


@pytest.mark.parametrize(("number", "insee_commune"), [
    ("81140", "Lavaur"), ("12300", "Villefranche-de-Rouergue"), ("32160", "L'Isle-Jourdain"),
    ("65440", "Tarbes")])
def test_a_number_both_insee_and_postal_lists_the_candidates(
    client_as: Callable[[str], FlaskClient], number: str, insee_commune: str
) -> None:
    response = client_as("coordinator").get(f"/api/match?q={number}")
    assert response.status_code == 300
    candidates = response.get_json()["candidates"]
    assert candidates[0]["name"] == insee_commune
    assert candidates[0]["code"] == number
    assert "(son code INSEE)" in candidates[0]["label"]
    assert all("(son code postal)" in c["label"] for c in candidates[1:])
    assert all(number in c["postal_codes"] for c in candidates[1:])


def test_an_insee_code_is_never_ambiguous(client_as: Callable[[str], FlaskClient]) -> None:
    client = client_as("ars")
    answer = client.get("/api/match?code=81140&date=2017-01-15")
    assert answer.status_code == 200
    assert answer.get_json()["commune"]["name"] == "Lavaur"
    unknown = client.get("/api/match?code=75056")
    assert unknown.status_code == 404
    assert "75056" in unknown.get_json()["error"]


@pytest.fixture
def no_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of requests in a row: the API rate limit (tested on its own) is lifted."""
    monkeypatch.setattr(rate_limit, "hit", lambda *_args, **_kwargs: None)


@pytest.mark.usefixtures("no_rate_limit")
def test_insee_codes_that_are_also_postal_codes_answer_200(
    client_as: Callable[[str], FlaskClient], reference: CommuneReference
) -> None:
    # The codes that `commune=` refused as ambiguous (409) before `code=` existed.
    shared = [c.code for c in reference.communes
              if any(o.code != c.code for o in reference.by_postal_code.get(c.code, ()))]
    assert len(shared) == 317
    client = client_as("coordinator")
    statuses = Counter(client.get(f"/api/match?code={code}&date=2026-01-15").status_code
                       for code in shared)
    assert statuses == {200: 317}


@pytest.mark.slow
@pytest.mark.usefixtures("no_rate_limit")
def test_every_insee_code_answers_200(client_as: Callable[[str], FlaskClient],
                                      reference: CommuneReference) -> None:
    client = client_as("coordinator")
    statuses = Counter(client.get(f"/api/match?code={c.code}&date=2026-01-15").status_code
                       for c in reference.communes)
    assert len(reference.communes) == 4446
    assert statuses == {200: 4446}


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
