"""The [coverage] settings: defaults, environment override, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from hadcoord.config import default_config_path, load_settings
from hadcoord.config.coverage import PLACEHOLDER_PHONE
from hadcoord.errors import ConfigError


def test_config_file_defaults() -> None:
    coverage = load_settings(default_config_path(), environ={}).coverage
    assert coverage.max_derogation_km == 80.0
    assert coverage.training_needed_after_months == 12  # thesis l. 6066-6075
    assert coverage.second_recourse_phone == PLACEHOLDER_PHONE


def test_environment_overrides_the_derogation_distance() -> None:
    settings = load_settings(default_config_path(),
                             environ={"HADCOORD_COVERAGE_MAX_DEROGATION_KM": "90"})
    assert settings.coverage.max_derogation_km == 90.0


def test_a_negative_distance_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[coverage]\nmax_derogation_km = -5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_derogation_km"):
        load_settings(config, environ={})
