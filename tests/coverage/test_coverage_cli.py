"""`hadcoord match`, `hadcoord coverage`, `hadcoord territories check|import` through click."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.config import Settings, load_settings
from hadcoord.coverage.catalogue import load_catalogue
from hadcoord.geo import CommuneReference

MATCH_KEYS = {"commune", "date", "scenario", "status", "message", "covering", "options",
              "not_proposed", "first_recourse", "second_recourse", "sources", "authorisations"}
OPTION_KEYS = {"kind", "establishment", "name", "distance_km", "readiness",
               "authorisation_basis", "ars_request", "convention"}


def _json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_match_json_contract(runner: CliRunner) -> None:
    data = _json(runner, "match", "Toulouse", "--json", "--date", "2026-01-15")
    assert set(data) == MATCH_KEYS
    assert data["commune"] == {"code": "31555", "name": "Toulouse", "department": "31",
                               "population": 514819}
    assert data["status"] == "authorised_had"
    assert {c["id"] for c in data["covering"]} == {  # type: ignore[attr-defined]
        "had-clinique-pasteur", "had-sante-relais-domicile"}
    options = data["options"]
    assert isinstance(options, list)
    assert all(set(o) == OPTION_KEYS and o["kind"] == "had" for o in options)
    assert data["first_recourse"] == {"name": "CHU de Toulouse — hôpital Purpan",
                                      "commune_code": "31555", "distance_km": 0.0}


def test_match_derogation_json(runner: CliRunner) -> None:
    data = _json(runner, "match", "81271", "--json")
    assert data["status"] == "derogation_needed"
    options = data["options"]
    assert isinstance(options, list)
    assert [o["kind"] for o in options][-1] == "convention"
    request = options[0]["ars_request"]
    assert request["commune"]["code"] == "81271"
    assert len(request["conditions"]) == 4


def test_match_on_a_past_date_and_with_a_scenario(runner: CliRunner) -> None:
    assert _json(runner, "match", "Rodez", "--date", "2017-01-15", "--json")["status"] == (
        "authorised_had")
    # Today the Gers HAD cannot give chemotherapy; the takeover scenario changes that.
    assert _json(runner, "match", "Auch", "--json")["status"] != "authorised_had"
    assert _json(runner, "match", "Auch", "--json", "--scenario",
                 "croix-rouge-gers-to-pasteur")["status"] == "authorised_had"


def test_match_outside_the_dataset(runner: CliRunner) -> None:
    data = _json(runner, "match", "Montpellier", "--json")
    assert data["status"] == "not_covered_by_dataset"
    assert data["first_recourse"] is None


def test_match_human_output_is_french(runner: CliRunner) -> None:
    result = runner.invoke(main, ["match", "Figeac"])
    assert result.exit_code == 0
    assert "Dérogation ARS — HAD du CH de Cahors" in result.output
    assert "1er recours : Centre hospitalier de Figeac" in result.output


def test_ambiguous_query_exits_2_listing_the_candidates(runner: CliRunner) -> None:
    result = runner.invoke(main, ["match", "Saint-Michel"])
    assert result.exit_code == 2
    assert "désigne plusieurs communes" in result.output
    assert "INSEE 31505" in result.output
    assert "INSEE 09271" in result.output
    narrowed = _json(runner, "match", "Saint-Michel", "--department", "31", "--json")
    assert narrowed["commune"]["code"] == "31505"  # type: ignore[index]


@pytest.mark.parametrize(("args", "message"), [
    (["match", "Rodez", "--date", "2017-13-01"], "date invalide « 2017-13-01 »"),
    (["match", "Rodez", "--date", "15/01/2017"], "format attendu AAAA-MM-JJ"),
    (["match", "Rodez", "--scenario", "demain"], "scénario inconnu « demain »"),
    (["match", "Xyzzyville"], "aucune commune d'Occitanie"),
    (["coverage", "--date", "hier"], "date invalide"),
    (["coverage", "--scenario", "demain"], "scénario inconnu"),
])
def test_bad_input_exits_2_in_french(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_coverage_json(runner: CliRunner) -> None:
    data = _json(runner, "coverage", "--json", "--date", "2026-01-15")
    departments = {d["code"]: d for d in data["departments"]}  # type: ignore[attr-defined]
    total = data["total"]
    assert isinstance(total, dict)
    assert total["communes"] == sum(d["communes"] for d in departments.values()) == 3268
    assert departments["12"]["communes_without_authorised_had"] == departments["12"]["communes"]
    assert departments["31"]["population_without_authorised_had"] == 0
    assert len(data["establishments"]) == 14  # type: ignore[arg-type]
    gers = _json(runner, "coverage", "--json", "--scenario", "croix-rouge-gers-to-pasteur")
    after = {d["code"]: d for d in gers["departments"]}  # type: ignore[attr-defined]
    assert after["32"]["communes_without_authorised_had"] == 0


def test_territories_check_passes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["territories", "check"])
    assert result.exit_code == 0, result.output
    assert "Tout est conforme." in result.output
    assert "[ÉCHEC]" not in result.output


def test_territories_check_writes_percentages_the_french_way(runner: CliRunner) -> None:
    """« 100 % du département étudié »: a narrow no-break space before « % » (not « 100% »)."""
    output = runner.invoke(main, ["territories", "check"]).output
    assert "100\u202f% du département étudié" in output
    assert not re.search(r"\d%", output)


@pytest.fixture
def settings_copy(territories_copy: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the territories commands at a writable copy of territories/."""
    config = tmp_path / "config.toml"
    config.write_text(f'[reference]\nterritories_dir = "{territories_copy}"\n', encoding="utf-8")
    monkeypatch.setenv("HADCOORD_CONFIG", str(config))  # read afresh by every command
    return load_settings(config, environ={})


def test_import_malformed_csv_changes_nothing(runner: CliRunner, settings_copy: Settings,
                                              tmp_path: Path) -> None:
    csv_file = tmp_path / "ars.csv"
    csv_file.write_text("establishment_id;commune_code\nhad-ch-albi;81004\n"
                        "had-inconnue;81004\nhad-ch-albi;9122\nhad-ch-albi;ABCDE\n",
                        encoding="utf-8")
    result = runner.invoke(main, ["territories", "import", str(csv_file), "--yes"])
    assert result.exit_code == 2
    assert "3 ligne(s) invalide(s), rien n'a été écrit" in result.output
    assert "ligne 3 : établissement inconnu « had-inconnue »" in result.output
    assert "ligne 4 : code commune « 9122 » à 4 chiffres" in result.output
    assert "ligne 5 : code commune inconnu « ABCDE »" in result.output
    assert not (settings_copy.reference.territories_dir / "ars").exists()


def test_import_without_header_is_refused(runner: CliRunner, settings_copy: Settings,
                                          tmp_path: Path) -> None:
    csv_file = tmp_path / "ars.csv"
    csv_file.write_text("had-ch-albi,81004\n", encoding="utf-8")
    result = runner.invoke(main, ["territories", "import", str(csv_file), "--yes"])
    assert result.exit_code == 2
    assert "en-tête attendu" in result.output
    assert not (settings_copy.reference.territories_dir / "ars").exists()


def test_import_shows_the_difference_then_writes(runner: CliRunner, settings_copy: Settings,
                                                 tmp_path: Path,
                                                 reference: CommuneReference) -> None:
    directory = settings_copy.reference.territories_dir
    albi = load_catalogue(directory, reference).by_id["had-ch-albi"].territory
    kept = sorted(albi)[:-1]
    csv_file = tmp_path / "ars.csv"
    csv_file.write_text("establishment_id,commune_code\n"
                        + "".join(f"had-ch-albi,{c}\n" for c in [*kept, "81065", "81065"]),
                        encoding="utf-8")
    dry = runner.invoke(main, ["territories", "import", str(csv_file), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"had-ch-albi : {len(kept)} inchangée(s), +1, -1" in dry.output
    assert "ajoutées : Castres (81065)" in dry.output
    assert "1 doublon(s)" in dry.output
    assert not (directory / "ars").exists()
    declined = runner.invoke(main, ["territories", "import", str(csv_file)], input="n\n")
    assert "rien n'a été écrit" in declined.output
    assert not (directory / "ars").exists()
    written = runner.invoke(main, ["territories", "import", str(csv_file), "--yes"])
    assert written.exit_code == 0, written.output
    assert (directory / "ars" / "had-ch-albi.csv").exists()
    reloaded = load_catalogue(directory, reference).by_id["had-ch-albi"]
    assert reloaded.territory == frozenset([*kept, "81065"])
    assert reloaded.territory_source.endswith("had-ch-albi.csv")


def test_territories_check_reports_a_broken_file_in_french(runner: CliRunner,
                                                           settings_copy: Settings) -> None:
    path = settings_copy.reference.territories_dir / "establishments" / "had-udsma.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('main = "12202"', 'main = "12999"'),
                    encoding="utf-8")
    result = runner.invoke(main, ["territories", "check"])
    assert result.exit_code == 2
    assert "had-udsma.toml, ligne" in result.output
    assert "code commune inconnu « 12999 »" in result.output
