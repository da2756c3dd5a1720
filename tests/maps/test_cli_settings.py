"""`hadcoord map --out` and the [maps] settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.config import PROJECT_ROOT, load_settings
from hadcoord.errors import ConfigError


def test_map_command_writes_a_standalone_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "carte.html"
    result = runner.invoke(main, ["map", "--out", str(out), "--date", "2018-09-03",
                                  "--scenario", "croix-rouge-gers-to-pasteur"])
    assert result.exit_code == 0, result.output
    assert f"Carte écrite : {out}" in result.output
    assert "Grâce au scénario : +" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script src" not in text
    assert "Situation au <strong>03/09/2018</strong>" in text
    assert [p.name for p in tmp_path.iterdir()] == ["carte.html"]  # no temporary file left


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2018-13-01"], "date invalide « 2018-13-01 »"),
    (["--scenario", "inconnu"], "inconnu"),
])
def test_bad_input_writes_nothing(runner: CliRunner, tmp_path: Path, args: list[str],
                                  message: str) -> None:
    out = tmp_path / "carte.html"
    result = runner.invoke(main, ["map", "--out", str(out), *args])
    assert result.exit_code == 2
    assert "Erreur : " in result.output
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_unwritable_destination(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["map", "--out", str(tmp_path / "absent" / "carte.html")])
    assert missing.exit_code == 2
    assert "n'existe pas : rien n'a été écrit" in missing.output
    folder = runner.invoke(main, ["map", "--out", str(tmp_path)])
    assert folder.exit_code == 2
    assert "est un dossier" in folder.output
    previous = tmp_path / "ancienne.html"
    previous.write_text("ancienne carte", encoding="utf-8")
    failed = runner.invoke(main, ["map", "--out", str(previous), "--date", "pas-une-date"])
    assert failed.exit_code == 2
    assert previous.read_text(encoding="utf-8") == "ancienne carte"  # left as it was


def test_map_option_required(runner: CliRunner) -> None:
    result = runner.invoke(main, ["map"])
    assert result.exit_code == 2
    assert "--out" in result.output


def test_settings_defaults_and_overrides() -> None:
    config = PROJECT_ROOT / "config.toml"
    maps = load_settings(config, environ={}).maps
    assert maps.tiles_url == ""  # offline by default
    assert maps.simplify_tolerance_m == 250.0
    assert maps.coordinate_decimals == 4
    changed = load_settings(config, environ={"HADCOORD_MAPS_SIMPLIFY_TOLERANCE_M": "0",
                                             "HADCOORD_MAPS_COORDINATE_DECIMALS": "5"}).maps
    assert (changed.simplify_tolerance_m, changed.coordinate_decimals) == (0.0, 5)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("HADCOORD_MAPS_TILES_URL", "ftp://tuiles/{z}/{x}/{y}.png", "adresse de tuiles invalide"),
    ("HADCOORD_MAPS_TILES_URL", "https://tuiles.example/carte.png", "adresse de tuiles"),
    ("HADCOORD_MAPS_COORDINATE_DECIMALS", "1", "maps.coordinate_decimals"),
    ("HADCOORD_MAPS_SIMPLIFY_TOLERANCE_M", "-5", "maps.simplify_tolerance_m"),
])
def test_bad_settings_are_refused(key: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(PROJECT_ROOT / "config.toml", environ={key: value})
