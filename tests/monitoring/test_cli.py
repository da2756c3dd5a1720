"""`hadcoord triage FILE.json [--json]` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hadcoord.cli import main

DATA = Path(__file__).parent / "data"
CheckDict = Callable[..., dict[str, Any]]


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(main, ["triage", *args], input=stdin)


@pytest.mark.parametrize(
    ("name", "triage", "crs", "icans", "fever"),
    [
        ("green", "green", 0, 0, 0),
        ("red_crs", "red", 2, 0, 1),
        # Issue 12: an altered writing test without ICE items is red (was orange), ICE asked.
        ("red_writing", "red", 0, 0, 0),
        ("red_over_infusion", "red", 0, 0, 0),
    ],
)
def test_json_output(
    runner: CliRunner, name: str, triage: str, *, crs: int, icans: int, fever: int
) -> None:
    result = run(runner, str(DATA / f"{name}.json"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["triage"], data["crs_grade"], data["icans_grade"], data["fever_grade"]) == (
        triage,
        crs,
        icans,
        fever,
    )
    assert isinstance(data["reasons"], list)
    assert data["ask_ice_items"] is (name == "red_writing")


def test_human_output_is_french(runner: CliRunner) -> None:
    result = run(runner, str(DATA / "red_crs.json"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # Issue 12: PAS 86, HR 112, 38.6 °C, SpO2 95 % score NEWS2 7 (RCP 2017): the 15 first.
    assert lines[0].startswith("Triage : ROUGE — urgence vitale : appeler le 15, puis appeler "
                               "maintenant le premier recours")
    assert "SRC (ASTCT 2019) : grade 2" in lines
    assert "Fièvre (CTCAE v5) : grade 1" in lines
    assert "Motifs :" in lines
    assert "  - Température 38,6 °C (≥ 38 °C) : infection ou SRC possible" in lines


def test_human_output_asks_for_ice_items(runner: CliRunner) -> None:
    result = run(runner, str(DATA / "red_writing.json"))
    assert result.stdout.splitlines()[0].startswith("Triage : ROUGE")
    assert "À faire : relever les items du score ICE" in result.stdout


def test_schema_violation_exits_2_naming_the_field(runner: CliRunner) -> None:
    result = run(runner, str(DATA / "invalid_pump.json"), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "champ « pump.volume_left_ml » : doit être supérieur ou égal à 0" in result.stderr
    assert result.stderr.startswith("Erreur : ")


def test_malformed_json_exits_2(runner: CliRunner) -> None:
    result = run(runner, str(DATA / "malformed.json"))
    assert result.exit_code == 2
    assert "malformed.json : JSON mal formé (ligne 3, colonne 2)" in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert "absent.json : fichier introuvable" in result.stderr


def test_directory_and_non_utf8_file_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert "c'est un dossier" in run(runner, str(tmp_path)).stderr
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"free_text": "fièvre"}'.encode("latin-1"))
    result = run(runner, str(latin1))
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr


def test_standard_input(runner: CliRunner, check_dict: CheckDict) -> None:
    document = json.dumps(check_dict(seizure="brief"))
    result = run(runner, "-", "--json", stdin=document)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["icans_grade"] == 3


def test_settings_apply(
    runner: CliRunner, check_dict: CheckDict, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = json.dumps(check_dict(pump={"volume_left_ml": 100.0}))
    assert json.loads(run(runner, "-", "--json", stdin=document).stdout)["triage"] == "red"
    monkeypatch.setenv("HADCOORD_MONITORING_PUMP_TOLERANCE_ML", "25")
    assert json.loads(run(runner, "-", "--json", stdin=document).stdout)["triage"] == "green"


def test_help_is_french(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    assert "Grader (ASTCT 2019, CTCAE v5) et trier" in result.stdout


def test_json_output_has_news2_and_the_emergency(runner: CliRunner) -> None:
    data = json.loads(run(runner, str(DATA / "red_crs.json"), "--json").stdout)
    assert data["news2"] == {"score": 7, "risk": "high", "parameters": {
        "respiration_rate": 0, "spo2": 1, "air_or_oxygen": 0, "systolic_bp": 3, "pulse": 2,
        "consciousness": 0, "temperature": 1}}
    assert data["emergency"] is True
    assert data["reason_codes"][0] == "news2_emergency"


def test_respiratory_rate_and_programmed_rate_are_required(runner: CliRunner,
                                                           check_dict: CheckDict) -> None:
    document = check_dict(respiratory_rate=None, pump={"programmed_rate_ml_h": 2.5})
    del document["pump"]["programmed_rate_ml_h"]
    result = run(runner, "-", stdin=json.dumps(document))
    assert result.exit_code == 2
    assert "champ « pump.programmed_rate_ml_h » : champ obligatoire manquant" in result.stderr
    assert "champ « respiratory_rate » : champ obligatoire manquant" in result.stderr
