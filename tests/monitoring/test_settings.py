"""The [monitoring] section of config.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from hadcoord.config import load_settings
from hadcoord.config.monitoring import MonitoringSettings
from hadcoord.errors import ConfigError


def test_defaults_are_the_issue_rules(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[monitoring]\n", encoding="utf-8")
    settings = load_settings(config, environ={}).monitoring
    assert settings == MonitoringSettings()
    assert settings.hypotension_systolic_below_mmhg == 90
    assert settings.red_temperature_min_c == 38.0
    assert (settings.over_infusion_triage, settings.under_infusion_triage) == ("red", "orange")
    # Conservative local choice: afebrile instability and a pump alarm are not green.
    assert (settings.afebrile_instability_triage, settings.pump_alarm_triage) == (
        "orange", "orange")


def test_file_and_environment_override(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[monitoring]\npump_tolerance_ml = 8.0\n", encoding="utf-8")
    environ = {"HADCOORD_MONITORING_AFEBRILE_INSTABILITY_TRIAGE": "red"}
    settings = load_settings(config, environ=environ).monitoring
    assert settings.pump_tolerance_ml == 8.0
    assert settings.afebrile_instability_triage == "red"


@pytest.mark.parametrize(
    "line", ["hypotension_systolic_below_mmhg = 20", 'under_infusion_triage = "blue"', "x = 1"]
)
def test_bad_values_are_refused(tmp_path: Path, line: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[monitoring]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="monitoring"):
        load_settings(config, environ={})


def test_shipped_config_loads() -> None:
    assert load_settings(environ={}).monitoring == MonitoringSettings()
