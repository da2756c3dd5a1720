"""`hadcoord communes search|show` as a user runs them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from hadcoord.cli import main


def test_search_json_contract(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "search", "st gaudens", "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert len(found) <= 3
    first = found[0]
    assert {"code", "name", "department", "population", "postal_codes", "matched_by"} <= set(
        first)
    assert (first["code"], first["name"], first["matched_by"]) == (
        "31483", "Saint-Gaudens", "name")


def test_search_with_department_filter(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "search", "villeneuve", "-d", "12", "--json"])
    found = json.loads(result.output)
    assert found[0]["code"] == "12301"
    assert all(item["department"] == "12" for item in found)


def test_search_human_output_shows_homonyms_with_department(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "search", "Villeneuve"])
    assert result.exit_code == 0
    assert "Villeneuve (09)" in result.output
    assert "Villeneuve (12)" in result.output


def test_search_nothing_found_exits_2_with_suggestions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "search", "Toulousse-la-Rose-Rose-Rose"])
    assert result.exit_code == 2
    assert "Erreur : aucune commune" in result.output
    assert "Vouliez-vous dire" in result.output
    assert "Traceback" not in result.output


def test_show_redirects_an_old_code(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "show", "09036", "--json"])
    assert result.exit_code == 0
    shown = json.loads(result.output)
    assert (shown["code"], shown["redirected_from"]) == ("09306", "09036")
    human = runner.invoke(main, ["communes", "show", "09036"])
    assert "ancien code" in human.output
    assert "Tarascon-sur-Ariège" in human.output


def test_show_unknown_code_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "show", "75056"])
    assert result.exit_code == 2
    assert "75056" in result.output


def test_bad_limit_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "search", "Foix", "--limit", "0"])
    assert result.exit_code == 2


def test_match_on_a_number_both_insee_and_postal_lists_numbered_choices(
    runner: CliRunner,
) -> None:
    result = runner.invoke(main, ["match", "12300"])
    assert result.exit_code == 2
    assert "  1. Villefranche-de-Rouergue — INSEE 12300 (son code INSEE)" in result.output
    assert "  2. " in result.output
    assert "hadcoord match --code 12300" in result.output
    assert "Traceback" not in result.output


def test_match_code_forces_the_insee_reading(runner: CliRunner) -> None:
    result = runner.invoke(main, ["match", "32160", "--code", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["commune"]["name"] == "L'Isle-Jourdain"
    unknown = runner.invoke(main, ["match", "75056", "--code"])
    assert unknown.exit_code == 2
    assert "aucune commune d'Occitanie n'a le code INSEE « 75056 »" in unknown.output


def test_search_as_you_type(runner: CliRunner) -> None:
    result = runner.invoke(main, ["communes", "search", "Carcass", "--json"])
    found = json.loads(result.output)
    assert (found[0]["name"], found[0]["matched_by"]) == ("Carcassonne", "name_prefix")
