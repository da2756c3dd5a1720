"""Each `hadcoord` invocation reads its own settings ($HADCOORD_CONFIG, or ``main(obj=…)``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hadcoord.cli import main
from hadcoord.config import PROJECT_ROOT, Settings, load_settings


def config_file(folder: Path, max_derogation_km: float) -> Path:
    path = folder / f"config-{max_derogation_km:.0f}.toml"
    path.write_text(f'[reference]\nterritories_dir = "{PROJECT_ROOT / "territories"}"\n'
                    f"[coverage]\nmax_derogation_km = {max_derogation_km}\n", encoding="utf-8")
    return path


def rodez_status(runner: CliRunner, settings: Settings | None = None) -> str:
    result = runner.invoke(main, ["match", "Rodez", "--json"], obj=settings)
    assert result.exit_code == 0, result.output
    status: str = json.loads(result.stdout)["status"]
    return status


def test_each_command_reads_the_config_file_it_is_given(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Rodez: the derogation to Albi (76 km by road) depends on [coverage].max_derogation_km.
    monkeypatch.setenv("HADCOORD_CONFIG", str(config_file(tmp_path, 70.0)))
    assert rodez_status(runner) == "convention_needed"
    monkeypatch.setenv("HADCOORD_CONFIG", str(config_file(tmp_path, 80.0)))
    assert rodez_status(runner) == "derogation_needed"
    monkeypatch.setenv("HADCOORD_COVERAGE_MAX_DEROGATION_KM", "75")
    assert rodez_status(runner) == "convention_needed"


def test_settings_handed_in_win_over_the_config_file(runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADCOORD_CONFIG", str(config_file(tmp_path, 80.0)))
    strict = load_settings(config_file(tmp_path, 70.0), environ={})
    assert rodez_status(runner, strict) == "convention_needed"


def test_a_broken_config_file_is_reported_in_french(runner: CliRunner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("[coverage]\nmax_derogation_km = -1\n", encoding="utf-8")
    monkeypatch.setenv("HADCOORD_CONFIG", str(broken))
    result = runner.invoke(main, ["match", "Rodez"])
    assert result.exit_code == 2
    assert "clé « coverage.max_derogation_km »" in result.output
    assert runner.invoke(main, ["match", "--help"]).exit_code == 0
